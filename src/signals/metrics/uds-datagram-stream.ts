// DogStatsD over a Unix domain datagram socket, as a Writable that hot-shots' `stream` transport writes to.
//
// Why not hot-shots' own `uds` transport: it keeps a unix-dgram socket open whose libuv handle cannot be
// unref'd, so an instrumented app would never exit on its own. Here the socket lives only for one write
// (open, send, close, all synchronous), so nothing outlives the flush. Failures (no such path, nobody
// listening, congestion) are reported to `onError` and the datagram is dropped: the stream itself never
// errors, so hot-shots keeps writing to it and the app never sees a thing.
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';

interface UnixDgramSocket {
  on(event: 'error', listener: (error: Error) => void): void;
  connect(path: string): void;
  send(buffer: Buffer, callback: (error?: Error) => void): void;
  close(): void;
}
interface UnixDgramModule {
  createSocket(type: 'unix_dgram'): UnixDgramSocket;
}

/** unix-dgram is hot-shots' optional native dependency; resolved from hot-shots' own location. */
function loadUnixDgram(): UnixDgramModule {
  const fromHotShots = createRequire(require.resolve('hot-shots'));
  return fromHotShots('unix-dgram') as UnixDgramModule;
}

export class UdsDatagramStream extends Writable {
  private unixDgram: UnixDgramModule | undefined;

  constructor(
    private readonly path: string,
    private readonly onError: (error: Error) => void,
  ) {
    super({ decodeStrings: true });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    try {
      this.sendDatagram(trimNewline(chunk));
    } catch (error) {
      this.onError(error instanceof Error ? error : new Error(String(error)));
    }
    done();
  }

  private sendDatagram(datagram: Buffer): void {
    if (datagram.length === 0) return;
    this.unixDgram ??= loadUnixDgram();
    const socket = this.unixDgram.createSocket('unix_dgram');
    let failure: Error | undefined;
    socket.on('error', (error) => (failure ??= error));
    try {
      socket.connect(this.path);
      if (!failure) socket.send(datagram, (error) => (failure ??= error));
    } finally {
      socket.close();
    }
    if (failure) this.onError(new Error(`DogStatsD over ${this.path}: ${failure.message}`));
  }
}

/** hot-shots appends a newline for stream transports; a datagram needs none. */
function trimNewline(chunk: Buffer): Buffer {
  return chunk.length > 0 && chunk[chunk.length - 1] === 0x0a ? chunk.subarray(0, chunk.length - 1) : chunk;
}
