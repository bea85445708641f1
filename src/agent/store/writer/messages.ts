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
  | { id: number; type: 'written'; result: WriteResult }
  | { id: number; type: 'retained'; report: RetentionReport }
  | { id: number; type: 'failed'; error: string }
  | { id: number; type: 'closed' };
