// The Unix-socket side of the DogStatsD intake (SOCK_DGRAM, like the Datadog Agent's `dogstatsd_socket`).
import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import { loadUnixDgram, type UnixDatagramSocket } from './unix-dgram';

export interface UdsListenerOptions {
  path: string;
  /**
   * Socket file permissions. Clients only need write access; the default 0o722 lets processes of any
   * user send (as the Datadog Agent does) without letting them read or replace the socket.
   */
  mode?: number;
  onPacket(packet: Buffer): void;
  onSocketError(error: Error): void;
}

function errorOf(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/**
 * Whether something is still receiving on `path`. A leftover socket file from a crashed agent refuses
 * connections and may be replaced; a live one must not be stolen from its owner.
 */
function isSocketInUse(path: string): boolean {
  const probe = loadUnixDgram().createSocket('unix_dgram');
  let connected = false;
  probe.on('error', () => undefined);
  probe.once('connect', () => {
    connected = true;
  });
  probe.connect(path); // unix-dgram reports the outcome synchronously
  probe.close();
  return connected;
}

function removeStaleSocket(path: string): void {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return; // nothing there
  }
  if (!isSocket) throw new Error(`DogStatsD socket path ${path} exists and is not a socket; not touching it`);
  if (isSocketInUse(path)) throw new Error(`DogStatsD socket ${path} is in use by another process`);
  unlinkSync(path);
}

export class UdsListener {
  private socket: UnixDatagramSocket | undefined;

  constructor(private readonly options: UdsListenerOptions) {}

  get path(): string {
    return this.options.path;
  }

  start(): Promise<void> {
    const { path } = this.options;
    removeStaleSocket(path);
    const socket = loadUnixDgram().createSocket('unix_dgram', (packet) => this.options.onPacket(packet));
    let bindError: Error | undefined;
    const onBindError = (error: unknown): void => {
      bindError = errorOf(error);
    };
    socket.on('error', onBindError);
    socket.bind(path); // synchronous: 'error' or 'listening' has fired when bind returns
    socket.off('error', onBindError);
    if (bindError !== undefined) {
      socket.close();
      return Promise.reject(
        new Error(`DogStatsD cannot bind ${path}: ${bindError.message}`, { cause: bindError }),
      );
    }
    socket.on('error', (error: unknown) => this.options.onSocketError(errorOf(error)));
    chmodSync(path, this.options.mode ?? 0o722);
    this.socket = socket;
    return Promise.resolve();
  }

  close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket === undefined) return Promise.resolve();
    try {
      socket.close();
    } finally {
      try {
        unlinkSync(this.options.path);
      } catch {
        // Already gone (someone cleaned up the directory): nothing to release.
      }
    }
    return Promise.resolve();
  }
}
