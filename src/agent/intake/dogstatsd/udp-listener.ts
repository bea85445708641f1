// The UDP side of the DogStatsD intake: one dgram socket, every datagram handed to `onPacket`.
import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import { readUdpKernelDrops } from './kernel-drops';

export interface UdpListenerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** SO_RCVBUF request; the kernel caps it at net.core.rmem_max (and Linux reports double). */
  receiveBufferBytes?: number;
  onPacket(packet: Buffer): void;
  onSocketError(error: Error): void;
}

export interface UdpListenerInfo {
  host: string;
  port: number;
  receiveBufferBytes?: number;
  /** Datagrams the kernel dropped on this socket (Linux only). */
  kernelDrops?: number;
  /** Present when the socket is read on a thread of its own (udp-thread/). */
  readerThread?: ReaderThreadInfo;
}

export interface ReaderThreadInfo {
  /** True while the thread reads the socket; false after a fallback to the main thread. */
  running: boolean;
  /** Datagrams the thread read from the socket (parsed, queued or dropped). */
  packets: number;
  queueLimitBytes: number;
  /** Packed bytes posted by the thread and not yet parsed. */
  queuedBytes: number;
  /** Datagrams dropped because that queue was full. */
  queueDrops: number;
  queueDropBytes: number;
  /** Why the main thread reads the socket instead, after a fallback. */
  fallbackReason?: string;
}

/** What the status shows of a bound UDP socket, wherever it is read: its address, buffer and kernel drops. */
export function boundSocketInfo(
  host: string,
  port: number,
  receiveBufferBytes: number | undefined,
): UdpListenerInfo {
  const info: UdpListenerInfo = { host, port };
  if (receiveBufferBytes !== undefined) info.receiveBufferBytes = receiveBufferBytes;
  const kernelDrops = readUdpKernelDrops(port, isIPv6(host));
  if (kernelDrops !== undefined) info.kernelDrops = kernelDrops;
  return info;
}

export class UdpListener {
  private socket: dgram.Socket | undefined;
  private boundPort = 0;

  constructor(private readonly options: UdpListenerOptions) {}

  async start(): Promise<UdpListenerInfo> {
    const { host, port, receiveBufferBytes } = this.options;
    const socket = dgram.createSocket({
      type: isIPv6(host) ? 'udp6' : 'udp4',
      ...(receiveBufferBytes !== undefined ? { recvBufferSize: receiveBufferBytes } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error): void => {
        socket.close();
        reject(
          new Error(`DogStatsD cannot listen on udp ${host}:${port}: ${error.message}`, { cause: error }),
        );
      };
      socket.once('error', failed);
      socket.bind(port, host, () => {
        socket.off('error', failed);
        resolve();
      });
    });
    // After bind, errors are runtime hiccups (e.g. ICMP noise): count them, keep serving.
    socket.on('error', (error) => this.options.onSocketError(error));
    socket.on('message', (packet) => this.options.onPacket(packet));
    this.socket = socket;
    this.boundPort = socket.address().port;
    return this.info();
  }

  info(): UdpListenerInfo {
    if (this.socket === undefined) return { host: this.options.host, port: this.boundPort };
    let receiveBufferBytes: number | undefined;
    try {
      receiveBufferBytes = this.socket.getRecvBufferSize();
    } catch {
      // Not available on every platform; the option is best effort.
    }
    return boundSocketInfo(this.options.host, this.boundPort, receiveBufferBytes);
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket === undefined) return;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
