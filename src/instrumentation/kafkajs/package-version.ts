// Which kafkajs copies the patch supports, read from each copy's package.json (once per copy).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SUPPORTED_KAFKAJS_VERSIONS = ['>=1.16.0 <3'];

const versions = new Map<string, string | undefined>();

export function kafkajsVersion(packageRoot: string): string | undefined {
  if (versions.has(packageRoot)) return versions.get(packageRoot);
  let version: string | undefined;
  try {
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    version = typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    version = undefined;
  }
  versions.set(packageRoot, version);
  return version;
}

/** SUPPORTED_KAFKAJS_VERSIONS, as a test. */
export function isSupportedKafkajsVersion(version: string | undefined): boolean {
  const match = version ? /^(\d+)\.(\d+)\./.exec(version) : null;
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return (major === 1 && minor >= 16) || major === 2;
}
