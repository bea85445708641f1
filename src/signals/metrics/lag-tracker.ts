// Client-side consumer lag, without asking the broker: kafkajs tells us the partition's high watermark with
// every fetched batch, and we see which messages the app's handlers finished. After a batch:
//   lag = high watermark − next offset to process
// where the next offset follows the last message handled successfully in that batch (a handler failure or
// a pause mid-batch leaves it earlier), or is the batch's first offset when none was.
import type { ClientInfo } from '../../instrumentation/events';

interface Progress {
  topic: string;
  highWatermark: bigint;
  /** Offset of the last message handled successfully, if any (parsed only when a batch ends). */
  lastProcessed: string | undefined;
  lag: number;
}

export interface BatchBounds {
  topic: string;
  partition: number;
  highWatermark: string;
  firstOffset: string | null | undefined;
  lastOffset: string;
  batchSize: number;
}

export class LagTracker {
  private readonly byClient = new WeakMap<ClientInfo, Map<string, Progress>>();
  /** Partitions not tracked because a client already tracked `maxPartitions`. */
  dropped = 0;

  constructor(private readonly maxPartitionsPerClient: number) {}

  batchStarted(client: ClientInfo, topic: string, partition: number, highWatermark: string): void {
    const progress = this.progress(client, topic, partition, true);
    if (progress) progress.highWatermark = BigInt(highWatermark);
  }

  /** A message at `offset` was handled without error. */
  processed(client: ClientInfo, topic: string, partition: number, offset: string): void {
    const progress = this.progress(client, topic, partition, false);
    if (progress) progress.lastProcessed = offset;
  }

  /** Lag after the batch, or undefined when the partition is not tracked. */
  batchEnded(client: ClientInfo, batch: BatchBounds): number | undefined {
    const progress = this.progress(client, batch.topic, batch.partition, false);
    if (!progress) return undefined;
    progress.highWatermark = BigInt(batch.highWatermark);
    const last = BigInt(batch.lastOffset);
    let next: bigint;
    if (batch.batchSize === 0) {
      // Only control records or aborted messages: kafkajs moves past them without calling a handler.
      next = last + 1n;
      progress.lastProcessed = batch.lastOffset;
    } else {
      const first =
        batch.firstOffset === null || batch.firstOffset === undefined ? last : BigInt(batch.firstOffset);
      const done = progress.lastProcessed === undefined ? undefined : BigInt(progress.lastProcessed);
      next = done !== undefined && done >= first - 1n && done <= last ? done + 1n : first;
    }
    const lag = progress.highWatermark - next;
    progress.lag = lag > 0n ? Number(lag) : 0;
    return progress.lag;
  }

  /** Sum of the last lags of this client's partitions of `topic` (for series without a partition tag). */
  topicLag(client: ClientInfo, topic: string): number {
    let sum = 0;
    for (const progress of this.byClient.get(client)?.values() ?? []) {
      if (progress.topic === topic) sum += progress.lag;
    }
    return sum;
  }

  private progress(
    client: ClientInfo,
    topic: string,
    partition: number,
    create: boolean,
  ): Progress | undefined {
    let partitions = this.byClient.get(client);
    if (!partitions) {
      if (!create) return undefined;
      partitions = new Map();
      this.byClient.set(client, partitions);
    }
    const key = `${partition}\u0000${topic}`;
    let progress = partitions.get(key);
    if (!progress && create) {
      if (partitions.size >= this.maxPartitionsPerClient) {
        this.dropped += 1;
        return undefined;
      }
      progress = { topic, highWatermark: 0n, lastProcessed: undefined, lag: 0 };
      partitions.set(key, progress);
    }
    return progress;
  }
}
