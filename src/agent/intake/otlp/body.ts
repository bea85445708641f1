// Reads a request body under three bounds: bytes on the wire, bytes after gunzip (a gzip bomb is stopped
// as soon as it inflates past the cap, never held whole), and a budget shared by all requests in flight.
import type { IncomingMessage } from 'node:http';
import { createGunzip, type Gunzip } from 'node:zlib';

export interface BodyLimits {
  /** Largest body accepted as sent (compressed or not). */
  maxWireBytes: number;
  /** Largest body accepted after decompression. */
  maxDecodedBytes: number;
}

/** Bytes held by request bodies being read, across all requests. */
export class InFlightBudget {
  private used = 0;
  constructor(readonly limit: number) {}

  get bytes(): number {
    return this.used;
  }

  tryReserve(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

export type BodyFailure =
  | 'too_large'
  | 'decompressed_too_large'
  | 'bad_gzip'
  | 'in_flight_limit'
  | 'aborted'
  | 'unsupported_encoding';

export type BodyResult =
  | { ok: true; body: Buffer; wireBytes: number; reserved: number }
  | { ok: false; failure: BodyFailure; message: string; wireBytes: number };

type Compression = 'none' | 'gzip';

export function compressionOf(header: string | undefined): Compression | undefined {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'none';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  return undefined;
}

/**
 * Resolves once the body is read or refused; never rejects. On success the caller owns `reserved` bytes of
 * the budget and must release them when done with the body. On failure nothing stays reserved and the
 * rest of the body is left to be discarded by Node (the caller answers right away).
 */
export function readBody(
  req: IncomingMessage,
  compression: Compression,
  limits: BodyLimits,
  budget: InFlightBudget,
): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxWireBytes) {
      resolve({
        ok: false,
        failure: 'too_large',
        message: `request body of ${declared} bytes exceeds the limit of ${limits.maxWireBytes}`,
        wireBytes: 0,
      });
      return;
    }
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let decodedBytes = 0;
    let reserved = 0;
    let settled = false;
    const gunzip: Gunzip | undefined = compression === 'gzip' ? createGunzip() : undefined;

    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      if (gunzip !== undefined) {
        gunzip.removeAllListeners('data');
        gunzip.removeAllListeners('end');
        gunzip.on('error', () => undefined);
        gunzip.destroy();
      }
      if (!result.ok) {
        budget.release(reserved);
        chunks.length = 0;
        req.resume(); // discard whatever is still coming
      }
      resolve(result);
    };
    const fail = (failure: BodyFailure, message: string): void =>
      finish({ ok: false, failure, message, wireBytes });

    const reserve = (bytes: number): boolean => {
      if (!budget.tryReserve(bytes)) {
        fail('in_flight_limit', 'too many request bytes in flight; retry later');
        return false;
      }
      reserved += bytes;
      return true;
    };

    const onData = (chunk: Buffer): void => {
      wireBytes += chunk.length;
      if (wireBytes > limits.maxWireBytes) {
        fail('too_large', `request body exceeds the limit of ${limits.maxWireBytes} bytes`);
        return;
      }
      if (gunzip === undefined) {
        if (!reserve(chunk.length)) return;
        decodedBytes += chunk.length;
        chunks.push(chunk);
        return;
      }
      // Compressed bytes are transient: only the inflated output is held, and counted against the budget.
      if (!gunzip.write(chunk)) {
        req.pause();
        gunzip.once('drain', () => {
          if (!settled) req.resume();
        });
      }
    };
    const onEnd = (): void => {
      if (gunzip === undefined)
        finish({ ok: true, body: Buffer.concat(chunks, decodedBytes), wireBytes, reserved });
      else gunzip.end();
    };

    if (gunzip !== undefined) {
      gunzip.on('data', (chunk: Buffer) => {
        if (settled) return;
        decodedBytes += chunk.length;
        if (decodedBytes > limits.maxDecodedBytes) {
          fail(
            'decompressed_too_large',
            `decompressed body exceeds the limit of ${limits.maxDecodedBytes} bytes`,
          );
          return;
        }
        if (!reserve(chunk.length)) return;
        chunks.push(chunk);
      });
      gunzip.on('end', () =>
        finish({ ok: true, body: Buffer.concat(chunks, decodedBytes), wireBytes, reserved }),
      );
      gunzip.on('error', (error: Error) => fail('bad_gzip', `invalid gzip body: ${error.message}`));
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', () => fail('aborted', 'request aborted'));
    req.on('close', () => {
      if (!req.complete) fail('aborted', 'request aborted');
    });
  });
}
