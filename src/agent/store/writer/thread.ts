// The writer thread: owns the writing connection; runs batches and retention passes sent by the store.
// Loaded by `ThreadBackend` as a worker_threads entry point; does nothing when imported elsewhere.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { openConnection } from '../connection';
import type { Database } from '../sqlite';
import { InlineBackend } from './backend';
import type { FromWriter, ToWriter, WriterThreadData } from './messages';
import { metricBatchBuffers } from './metric-batch';

// The writing connection's page cache. Its pages are mostly the right-hand ends of append-mostly B-trees,
// so a small cache costs it nothing measurable, while better-sqlite3's 16 MB default filled completely
// while the first 155,000 series were written (the thread's malloc arena 19 MB → 4 MB with 2 MB; the
// agent's peak RSS at 50k contexts 180–189 → 173–180 MB; samples written in the step unchanged).
const WRITER_CACHE_KIB = 2_048;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function run(port: NonNullable<typeof parentPort>, data: WriterThreadData): void {
  const send = (message: FromWriter, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer);
  let db: Database;
  let backend: InlineBackend;
  try {
    db = openConnection(data.path, { cacheKiB: WRITER_CACHE_KIB });
    backend = new InlineBackend(db, data);
  } catch (error) {
    send({ type: 'fatal', error: errorText(error) });
    return;
  }
  // Retention yields between chunks; writes arriving meanwhile wait here so they never interleave with
  // a chunk's transaction (better-sqlite3 is synchronous, so this only orders, never blocks).
  let chain: Promise<unknown> = Promise.resolve();
  port.on('message', (message: ToWriter) => {
    chain = chain.then(async () => {
      switch (message.type) {
        case 'write': {
          const result = backend.write(message.batch);
          const spent = message.batch.metrics.flatMap(metricBatchBuffers);
          send({ id: message.id, type: 'written', result, spent }, spent);
          return;
        }
        case 'retention':
          try {
            send({ id: message.id, type: 'retained', report: await backend.retention(message.now) });
          } catch (error) {
            send({ id: message.id, type: 'failed', error: errorText(error) });
          }
          return;
        case 'close':
          try {
            db.pragma('wal_checkpoint(TRUNCATE)');
          } catch {
            // a reader holds the log: it is checkpointed when the file is next opened
          }
          db.close();
          send({ id: message.id, type: 'closed' });
          port.close();
          return;
      }
    });
  });
  send({ type: 'ready' });
}

if (
  !isMainThread &&
  parentPort !== null &&
  (workerData as { kinstrumentStoreWriter?: boolean } | null)?.kinstrumentStoreWriter
) {
  run(parentPort, workerData as WriterThreadData);
}
