// The writer thread: owns the writing connection; runs batches and retention passes sent by the store.
// Loaded by `ThreadBackend` as a worker_threads entry point; does nothing when imported elsewhere.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { openConnection } from '../connection';
import type { Database } from '../sqlite';
import { InlineBackend } from './backend';
import type { FromWriter, ToWriter, WriterThreadData } from './messages';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function run(port: NonNullable<typeof parentPort>, data: WriterThreadData): void {
  const send = (message: FromWriter): void => port.postMessage(message);
  let db: Database;
  let backend: InlineBackend;
  try {
    db = openConnection(data.path);
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
        case 'write':
          send({ id: message.id, type: 'written', result: backend.write(message.batch) });
          return;
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
