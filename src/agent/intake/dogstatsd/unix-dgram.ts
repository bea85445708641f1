// Typed, lazy access to the `unix-dgram` native addon. Node's `dgram` has no AF_UNIX/SOCK_DGRAM support;
// `unix-dgram` is installed as an optional dependency of hot-shots and may be missing (no compiler at
// install time, unsupported platform). Loading it lazily keeps UDP intake working when it is.
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

/** The part of unix-dgram's socket we use. Errors are reported through the 'error' event. */
export interface UnixDatagramSocket extends EventEmitter {
  bind(path: string): void;
  connect(path: string): void;
  send(buffer: Buffer, callback?: (error?: Error) => void): void;
  close(): void;
}

interface UnixDgramModule {
  createSocket(type: 'unix_dgram', listener?: (message: Buffer) => void): UnixDatagramSocket;
}

let cached: UnixDgramModule | Error | undefined;

/** Loads unix-dgram, or throws an error that says what is missing and what still works. */
export function loadUnixDgram(): UnixDgramModule {
  if (cached === undefined) {
    try {
      // A plain import would make the whole intake fail to load when the optional addon is absent.
      const loadOptional = createRequire(__filename);
      cached = loadOptional('unix-dgram') as UnixDgramModule;
    } catch (error) {
      cached = new Error(
        'DogStatsD over a Unix socket needs the optional native package `unix-dgram`, which could not be ' +
          `loaded (${error instanceof Error ? error.message : String(error)}). UDP intake is unaffected.`,
      );
    }
  }
  if (cached instanceof Error) throw cached;
  return cached;
}
