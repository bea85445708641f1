// What the DogStatsD reader thread and the main thread tell each other, the counters they share, and the
// queue's bounds (also read by the agent's configuration).

/** Packed datagram bytes allowed to wait for the parser by default: ~2 s of 100,000 lines/s. */
export const DEFAULT_READER_QUEUE_BYTES = 16 * 1024 * 1024;
/** A batch leaves the thread once it holds this much; the queue's bound is at least one batch. */
export const MAX_BATCH_BYTES = 256 * 1024;
export const MIN_READER_QUEUE_BYTES = MAX_BATCH_BYTES;

export interface ReaderThreadData {
  kinstrumentDogStatsDReader: true;
  host: string;
  port: number;
  ipv6: boolean;
  receiveBufferBytes?: number;
  /** Packed bytes allowed to wait for the main thread; datagrams past it are dropped and counted. */
  queueLimitBytes: number;
  /** Int32Array[1]: packed bytes posted and not yet parsed (the thread adds, the main thread subtracts). */
  queued: SharedArrayBuffer;
  /** BigInt64Array (see COUNTER): written by the thread only. */
  counters: SharedArrayBuffer;
}

/** Slots of the shared counters. */
export const COUNTER = {
  /** Datagrams read from the socket. */
  packets: 0,
  /** Datagrams dropped because the queue to the main thread was full. */
  queueDrops: 1,
  queueDropBytes: 2,
} as const;
export const COUNTER_SLOTS = 3;

export type FromReader =
  | { type: 'listening'; port: number; receiveBufferBytes?: number }
  | { type: 'bindFailed'; message: string }
  | { type: 'packets'; buffer: ArrayBuffer }
  /** A socket error after bind (each one). */
  | { type: 'socketError'; message: string };

export type ToReader = { type: 'close' };
