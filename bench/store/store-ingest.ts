// Sustained store ingest: records are offered as fast as the store takes them (never letting its queue go
// past half its limit, so nothing is refused), for a fixed time; then the queue is drained. The rate is what
// reached the database over the whole time, drain included: what the store keeps up with, not what it
// buffers. One kind at a time, each on a fresh database file in a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import { openStore, STORE_FILE_NAME, type Store } from '../../src/agent/store';
import { benchLogs, benchSpans } from './store-records';

export type IngestKind = 'logs' | 'spans';

export interface IngestResult {
  kind: IngestKind;
  written: number;
  refused: number;
  seconds: number;
  writtenPerSecond: number;
  maxTransactionMs: number;
  fileMegabytes: number;
}

const BATCH = 1_000;
const DRAIN_TIMEOUT_MS = 60_000;

function offer(store: Store, kind: IngestKind, index: number): number {
  return kind === 'logs'
    ? store.offerLogs(benchLogs(BATCH, index))
    : store.offerSpans(benchSpans(BATCH, index));
}

export async function measureIngest(kind: IngestKind, durationMs: number): Promise<IngestResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kinstrument-bench-store-'));
  const store = openStore({ path: join(dir, STORE_FILE_NAME) }).start();
  try {
    // Spans and logs have their own, smaller bound within the queue's.
    const { limit: queueLimit, objectLimit } = store.stats().queue;
    const limit = Math.min(queueLimit, objectLimit);
    const started = performance.now();
    let refused = 0;
    let index = 0;
    while (performance.now() - started < durationMs) {
      if (store.stats().queue.records < limit / 2) {
        refused += offer(store, kind, index);
        index += BATCH;
        await yieldToLoop();
      } else {
        await sleep(5);
      }
    }
    const drainDeadline = performance.now() + DRAIN_TIMEOUT_MS;
    while (
      (store.stats().queue.records > 0 || store.stats().queue.inFlightBatches > 0) &&
      performance.now() < drainDeadline
    ) {
      await sleep(20);
    }
    const seconds = (performance.now() - started) / 1000;
    const stats = store.stats();
    return {
      kind,
      written: stats.written[kind],
      refused,
      seconds,
      writtenPerSecond: stats.written[kind] / seconds,
      maxTransactionMs: stats.maxBatchMs,
      fileMegabytes: (stats.fileBytes + stats.walBytes) / 1024 ** 2,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
