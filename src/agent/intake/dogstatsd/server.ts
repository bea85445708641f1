// The DogStatsD intake: UDP and/or Unix datagram listeners feeding one parser, which hands metrics,
// events and service checks to a handler (the aggregator). The UDP socket is read on a thread of its own
// by default (udp-thread/), which hands datagrams to the parser on the main thread through a bounded queue:
// other work on the main thread then no longer caps how fast the socket is emptied. Without the thread (and
// for the Unix socket) parsing runs in the socket's 'message' callback, with no queue in between. Either
// way, when the process cannot keep up, datagrams are dropped and counted: in the kernel buffer
// (`kernelDrops`) or at the thread's queue (`drops.readerQueueFull`).
import { DogStatsDParser, type ParserStats } from './parser';
import type { DogStatsDHandler, ParserLimits } from './types';
import { UdpListener, type UdpListenerInfo } from './udp-listener';
import { ThreadedUdpListener } from './udp-thread/threaded-udp-listener';
import { UdsListener } from './uds-listener';

export const DEFAULT_DOGSTATSD_HOST = '127.0.0.1';
export const DEFAULT_DOGSTATSD_PORT = 8125;

export interface DogStatsDServerOptions {
  /** Where parsed items go (normally the aggregator). */
  handler: DogStatsDHandler;
  /** UDP bind address; loopback by default, like `dogstatsd_non_local_traffic: false`. */
  host?: string;
  /** UDP port: 8125 by default, 0 for any free port, `null` to disable UDP. */
  port?: number | null;
  /** Unix datagram socket path; no UDS listener unless set. */
  socketPath?: string;
  /** Permissions of the socket file (default 0o722: anyone may send). */
  socketMode?: number;
  /** SO_RCVBUF for the UDP socket (bytes). Not settable for UDS through unix-dgram. */
  receiveBufferBytes?: number;
  /** Read the UDP socket on a thread of its own (default true). */
  readerThread?: boolean;
  /** Datagram bytes the reader thread may queue for the parser (default 16 MiB). */
  readerQueueBytes?: number;
  /** Told when the reader thread is given up and the main thread reads the socket instead. */
  onReaderFallback?(reason: string): void;
  /** The reader thread's script (tests give one that fails). */
  readerThreadScript?: string;
  /** Larger datagrams are dropped whole and counted (default 65 536). */
  maxPacketBytes?: number;
  parserLimits?: Partial<ParserLimits>;
}

const BEHIND_FRACTION = 0.5;

export interface TransportStats {
  packets: number;
  bytes: number;
}

export interface DogStatsDDrops {
  /** Datagrams over `maxPacketBytes`. */
  packetTooLarge: number;
  /** Items the handler threw on (a bug downstream; the intake keeps going). */
  handlerErrors: number;
  /** Packets the parser itself failed on (a bug; never expected). */
  parserFailures: number;
  /** Datagrams the UDP reader thread dropped because the parser was that far behind (its queue was full). */
  readerQueueFull: number;
}

export interface DogStatsDServerStats extends ParserStats {
  packets: number;
  bytes: number;
  udp?: TransportStats & UdpListenerInfo;
  uds?: TransportStats & { path: string };
  drops: DogStatsDDrops;
  dropsTotal: number;
  /** Errors the sockets reported after start (not counted as drops: nothing was received). */
  socketErrors: number;
  lastSocketError?: string;
}

export interface DogStatsDAddresses {
  udp?: { host: string; port: number };
  socketPath?: string;
}

export class DogStatsDServer {
  private readonly parser: DogStatsDParser;
  private readonly handler: DogStatsDHandler;
  private readonly maxPacketBytes: number;
  private readonly udp: UdpListener | ThreadedUdpListener | undefined;
  private readonly uds: UdsListener | undefined;
  private readonly udpTraffic: TransportStats = { packets: 0, bytes: 0 };
  private readonly udsTraffic: TransportStats = { packets: 0, bytes: 0 };
  private readonly drops: Omit<DogStatsDDrops, 'readerQueueFull'> = {
    packetTooLarge: 0,
    handlerErrors: 0,
    parserFailures: 0,
  };
  private socketErrors = 0;
  private lastSocketError: string | undefined;
  private started = false;

  constructor(options: DogStatsDServerOptions) {
    this.parser = new DogStatsDParser(options.parserLimits);
    this.handler = guardHandler(options.handler, () => {
      this.drops.handlerErrors += 1;
    });
    this.maxPacketBytes = options.maxPacketBytes ?? 65_536;
    const onSocketError = (error: Error): void => {
      this.socketErrors += 1;
      this.lastSocketError = error.message;
    };
    const port = options.port === undefined ? DEFAULT_DOGSTATSD_PORT : options.port;
    if (port !== null) {
      const udpOptions = {
        host: options.host ?? DEFAULT_DOGSTATSD_HOST,
        port,
        receiveBufferBytes: options.receiveBufferBytes,
        onPacket: (packet: Buffer) => this.ingest(packet, 'udp'),
        onSocketError,
      };
      this.udp =
        options.readerThread === false
          ? new UdpListener(udpOptions)
          : new ThreadedUdpListener({
              ...udpOptions,
              queueLimitBytes: options.readerQueueBytes,
              onFallback: options.onReaderFallback,
              threadScript: options.readerThreadScript,
            });
    }
    if (options.socketPath !== undefined) {
      this.uds = new UdsListener({
        path: options.socketPath,
        mode: options.socketMode,
        onPacket: (packet) => this.ingest(packet, 'uds'),
        onSocketError,
      });
    }
    if (this.udp === undefined && this.uds === undefined) {
      throw new Error('DogStatsD server needs a UDP port or a socket path (both are disabled)');
    }
  }

  /** Binds the configured listeners; if one fails, the others are released and the error is thrown. */
  async start(): Promise<DogStatsDAddresses> {
    if (this.started) throw new Error('DogStatsD server already started');
    this.started = true;
    const addresses: DogStatsDAddresses = {};
    try {
      if (this.udp !== undefined) {
        const info = await this.udp.start();
        addresses.udp = { host: info.host, port: info.port };
      }
      if (this.uds !== undefined) {
        await this.uds.start();
        addresses.socketPath = this.uds.path;
      }
    } catch (error) {
      await this.close();
      throw error;
    }
    return addresses;
  }

  /**
   * True while the parser is far behind the UDP reader thread (half of its queue waits, ~1 s of traffic
   * at the default size): the main thread has more work than time, and datagrams will be dropped
   * unless something else gives way. Intakes whose senders retry (OTLP) shed load while it holds.
   */
  behind(): boolean {
    return this.udp instanceof ThreadedUdpListener && this.udp.backlogFraction() >= BEHIND_FRACTION;
  }

  /** Closes the sockets (and removes the socket file). Safe to call more than once. */
  async close(): Promise<void> {
    this.started = false;
    await Promise.all([this.udp?.close(), this.uds?.close()]);
  }

  /**
   * Parses one datagram as if it had arrived on a socket. The listeners use it; it is public so that
   * other intakes (a forwarder, a replay tool, tests) share the same counters.
   */
  ingest(packet: Buffer, transport: 'udp' | 'uds' = 'udp'): void {
    const traffic = transport === 'udp' ? this.udpTraffic : this.udsTraffic;
    traffic.packets += 1;
    traffic.bytes += packet.length;
    if (packet.length > this.maxPacketBytes) {
      this.drops.packetTooLarge += 1;
      return;
    }
    try {
      this.parser.parsePacket(packet, this.handler);
    } catch {
      // The parser is written not to throw; should a bug make it, lose this packet, not the agent.
      this.drops.parserFailures += 1;
    }
  }

  stats(): DogStatsDServerStats {
    const udp = this.udp?.info();
    const drops: DogStatsDDrops = { ...this.drops, readerQueueFull: udp?.readerThread?.queueDrops ?? 0 };
    const stats: DogStatsDServerStats = {
      ...this.parser.stats(),
      packets: this.udpTraffic.packets + this.udsTraffic.packets,
      bytes: this.udpTraffic.bytes + this.udsTraffic.bytes,
      drops,
      dropsTotal: drops.packetTooLarge + drops.handlerErrors + drops.parserFailures + drops.readerQueueFull,
      socketErrors: this.socketErrors,
    };
    if (this.lastSocketError !== undefined) stats.lastSocketError = this.lastSocketError;
    if (udp !== undefined) stats.udp = { ...this.udpTraffic, ...udp };
    if (this.uds !== undefined) stats.uds = { ...this.udsTraffic, path: this.uds.path };
    return stats;
  }
}

/** Wraps a handler so that a throw downstream is counted instead of escaping into the socket callback. */
function guardHandler(handler: DogStatsDHandler, onError: () => void): DogStatsDHandler {
  return {
    metric(metric) {
      try {
        handler.metric(metric);
      } catch {
        onError();
      }
    },
    event(event) {
      try {
        handler.event(event);
      } catch {
        onError();
      }
    },
    serviceCheck(check) {
      try {
        handler.serviceCheck(check);
      } catch {
        onError();
      }
    },
  };
}
