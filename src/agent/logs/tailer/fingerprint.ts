// A file's fingerprint: a hash of its first bytes. Device and inode say which file a path holds, but inodes are
// reused once a file is deleted, and copytruncate keeps the inode while replacing the content; the fingerprint
// tells those apart. Files shorter than FINGERPRINT_BYTES are hashed as far as they go, and the fingerprint grows
// with the file until it covers all FINGERPRINT_BYTES.
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Fingerprint } from './types';

export const FINGERPRINT_BYTES = 1024;

/** The fingerprint over the first `length` bytes (default: as many as the file has, up to FINGERPRINT_BYTES). */
export async function readFingerprint(
  handle: FileHandle,
  size: number,
  length?: number,
): Promise<Fingerprint> {
  const wanted = Math.min(length ?? FINGERPRINT_BYTES, size, FINGERPRINT_BYTES);
  const buffer = Buffer.alloc(wanted);
  let read = 0;
  while (read < wanted) {
    const { bytesRead } = await handle.read(buffer, read, wanted - read, read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return {
    length: read,
    hash: createHash('sha256').update(buffer.subarray(0, read)).digest('hex').slice(0, 32),
  };
}

/** Whether the file (of `size` bytes) still starts with the bytes `expected` was taken from. */
export async function fingerprintMatches(
  handle: FileHandle,
  size: number,
  expected: Fingerprint,
): Promise<boolean> {
  if (expected.length === 0) return true;
  if (size < expected.length) return false;
  const actual = await readFingerprint(handle, size, expected.length);
  return actual.length === expected.length && actual.hash === expected.hash;
}
