// The UDP listener with its socket read on a thread of its own (reader-thread.ts explains why); datagrams
// reach `onPacket` on the main thread, in the order they were read. If the thread cannot start, or dies
// later, the socket is opened on the main thread instead (the plain UdpListener) and the reason is kept for
// the status: the intake keeps running either way.
import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  boundSocketInfo,
  UdpListener,
  type ReaderThreadInfo,
  type UdpListenerInfo,
  type UdpListenerOptions,
} from '../udp-listener';
import { forEachPacket } from './packet-batch';
import {
  COUNTER,
  COUNTER_SLOTS,
  DEFAULT_READER_QUEUE_BYTES,
  type FromReader,
  type ReaderThreadData,
  type ToReader,
} from './protocol';
// The worker loads the thread's entry by path; importing it here makes every build emit it next to this
// file (on the main thread the module does nothing).
import './reader-thread';

const CLOSE_TIMEOUT_MS = 5_000;
/**
 * Parsing work per event-loop turn. After a stall the thread's batches arrive together (a message port
 * delivers everything queued in one callback); parsing them in slices lets the OTLP receiver, the API and
 * the flush run between slices instead of waiting for the whole backlog.
 */
const PARSE_SLICE_MS = 4;
/**
 * Once this share of the queue waits, slices are longer: every other kind of work on the main thread can
 * wait or be retried, a datagram dropped here is lost.
 */
const CATCH_UP_FRACTION = 1 / 16;
const CATCH_UP_SLICE_MS = 16;

export interface ThreadedUdpListenerOptions extends UdpListenerOptions {
  /** Packed datagram bytes allowed to wait for the main thread (default 16 MiB). */
  queueLimitBytes?: number;
  /** Told once when the thread is given up for the main-thread socket (with why). */
  onFallback?(reason: string): void;
  /** The thread's script (default: reader-thread.js next to this file); tests give a failing one. */
  threadScript?: string;
}

export class ThreadedUdpListener {
  private worker: Worker | undefined;
  private fallback: UdpListener | undefined;
  private fallbackReason: string | undefined;
  private readonly queued = new Int32Array(new SharedArrayBuffer(4));
  private readonly counters = new BigInt64Array(new SharedArrayBuffer(COUNTER_SLOTS * 8));
  private readonly queueLimitBytes: number;
  private boundPort = 0;
  private receiveBufferBytes: number | undefined;
  private closing = false;
  /** Batches received and not yet parsed (their bytes stay counted in `queued` until parsed). */
  private backlog: ArrayBuffer[] = [];
  private backlogHead = 0;
  private parseScheduled = false;

  constructor(private readonly options: ThreadedUdpListenerOptions) {
    this.queueLimitBytes = options.queueLimitBytes ?? DEFAULT_READER_QUEUE_BYTES;
  }

  async start(): Promise<UdpListenerInfo> {
    try {
      await this.startThread();
    } catch (error) {
      if (error instanceof BindError) throw error;
      await this.fallBack(`the reader thread did not start: ${(error as Error).message}`, this.options.port);
    }
    return this.info();
  }

  private startThread(): Promise<void> {
    const { host, port, receiveBufferBytes } = this.options;
    const data: ReaderThreadData = {
      kinstrumentDogStatsDReader: true,
      host,
      port,
      ipv6: isIPv6(host),
      ...(receiveBufferBytes !== undefined ? { receiveBufferBytes } : {}),
      queueLimitBytes: this.queueLimitBytes,
      queued: this.queued.buffer as SharedArrayBuffer,
      counters: this.counters.buffer as SharedArrayBuffer,
    };
    const worker = new Worker(this.options.threadScript ?? join(__dirname, 'reader-thread.js'), {
      workerData: data,
    });
    this.worker = worker;
    return new Promise<void>((resolve, reject) => {
      let listening = false;
      worker.on('message', (message: FromReader) => {
        switch (message.type) {
          case 'packets':
            this.deliver(message.buffer);
            return;
          case 'listening':
            listening = true;
            this.boundPort = message.port;
            this.receiveBufferBytes = message.receiveBufferBytes;
            resolve();
            return;
          case 'bindFailed':
            reject(new BindError(`DogStatsD cannot listen on udp ${host}:${port}: ${message.message}`));
            return;
          case 'socketError':
            this.options.onSocketError(new Error(message.message));
            return;
        }
      });
      worker.on('error', (error) => {
        if (!listening) reject(error);
        else this.threadDied(`the reader thread failed: ${error.message}`);
      });
      worker.on('exit', (code) => {
        if (!listening) reject(new Error(`the reader thread exited (code ${code}) before listening`));
        else if (!this.closing) this.threadDied(`the reader thread exited (code ${code})`);
      });
    });
  }

  private deliver(buffer: ArrayBuffer): void {
    this.backlog.push(buffer);
    if (!this.parseScheduled) {
      this.parseScheduled = true;
      setImmediate(this.parseSlice);
    }
  }

  private readonly parseSlice = (): void => {
    this.parseScheduled = false;
    const slice = this.backlogFraction() >= CATCH_UP_FRACTION ? CATCH_UP_SLICE_MS : PARSE_SLICE_MS;
    const deadline = performance.now() + slice;
    while (this.backlogHead < this.backlog.length) {
      const buffer = this.backlog[this.backlogHead]!;
      this.backlogHead += 1;
      try {
        forEachPacket(buffer, this.options.onPacket);
      } finally {
        Atomics.sub(this.queued, 0, buffer.byteLength);
      }
      if (performance.now() >= deadline) break;
    }
    if (this.backlogHead >= this.backlog.length) {
      this.backlog = [];
      this.backlogHead = 0;
    } else {
      if (this.backlogHead > 1024) {
        this.backlog = this.backlog.slice(this.backlogHead);
        this.backlogHead = 0;
      }
      this.parseScheduled = true;
      setImmediate(this.parseSlice);
    }
  };

  private threadDied(reason: string): void {
    if (this.worker === undefined) return;
    this.worker = undefined;
    // The port was bound by the thread; the same one is opened again here.
    this.fallBack(reason, this.boundPort).catch((error: Error) => {
      this.fallbackReason = `${reason}; the socket could not be opened again: ${error.message}`;
      this.options.onSocketError(error);
    });
  }

  private async fallBack(reason: string, port: number): Promise<void> {
    this.worker = undefined;
    this.fallbackReason = reason;
    this.options.onFallback?.(reason);
    const listener = new UdpListener({ ...this.options, port });
    const info = await listener.start();
    this.fallback = listener;
    this.boundPort = info.port;
    this.receiveBufferBytes = info.receiveBufferBytes;
  }

  info(): UdpListenerInfo {
    if (this.fallback !== undefined) return { ...this.fallback.info(), readerThread: this.threadInfo() };
    const info: UdpListenerInfo =
      this.boundPort === 0
        ? { host: this.options.host, port: 0 }
        : boundSocketInfo(this.options.host, this.boundPort, this.receiveBufferBytes);
    return { ...info, readerThread: this.threadInfo() };
  }

  /** How full the thread's queue is (0–1): how far the parser is behind the socket. 0 once on the main thread. */
  backlogFraction(): number {
    if (this.worker === undefined) return 0;
    return Atomics.load(this.queued, 0) / this.queueLimitBytes;
  }

  private threadInfo(): ReaderThreadInfo {
    const info: ReaderThreadInfo = {
      running: this.worker !== undefined,
      packets: Number(Atomics.load(this.counters, COUNTER.packets)),
      queueLimitBytes: this.queueLimitBytes,
      queuedBytes: Atomics.load(this.queued, 0),
      queueDrops: Number(Atomics.load(this.counters, COUNTER.queueDrops)),
      queueDropBytes: Number(Atomics.load(this.counters, COUNTER.queueDropBytes)),
    };
    if (this.fallbackReason !== undefined) info.fallbackReason = this.fallbackReason;
    return info;
  }

  /** Stops reading; datagrams the thread already read are parsed before this resolves. */
  async close(): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    this.worker = undefined;
    const fallback = this.fallback;
    this.fallback = undefined;
    await fallback?.close();
    if (worker === undefined) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies ToReader);
    const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    // What the thread read before it stopped is parsed now, not left to a later turn.
    while (this.backlogHead < this.backlog.length) this.parseSlice();
  }
}

/** The thread could not bind: the same failure the main-thread socket would have, so no fallback. */
class BindError extends Error {}
