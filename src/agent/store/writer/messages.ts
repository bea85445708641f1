// Messages between the store (main thread) and its writer thread.
import type { RetentionReport } from '../retention';
import type { BackendSettings } from './backend';
import type { WriteBatch, WriteResult } from './batch';

export interface WriterThreadData extends BackendSettings {
  path: string;
}

export type ToWriter =
  | { id: number; type: 'write'; batch: WriteBatch }
  | { id: number; type: 'retention'; now: number }
  | { id: number; type: 'close' };

export type FromWriter =
  | { type: 'ready' }
  | { type: 'fatal'; error: string }
  | {
      id: number;
      type: 'written';
      result: WriteResult;
      /**
       * The batch's metric columns, moved back once written. The thread allocates so little JavaScript that
       * it scavenges rarely, and buffers left to it waited 10+ MB deep for its GC; the main thread's frequent
       * collections free them at once.
       */
      spent: ArrayBuffer[];
    }
  | { id: number; type: 'retained'; report: RetentionReport }
  | { id: number; type: 'failed'; error: string }
  | { id: number; type: 'closed' };
