// Hands each flush to every registered sink. A sink that throws, rejects or is still busy with the
// previous flush costs only itself: the error is counted and the other sinks get their data.
import type { Flush, FlushSink } from '../model';

export interface SinkStats {
  writes: number;
  errors: number;
  /** Flushes not given to the sink because its previous write had not finished. */
  skippedBusy: number;
  lastError?: string;
}

interface SinkEntry {
  sink: FlushSink;
  busy: boolean;
  stats: SinkStats;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class SinkFanout {
  private readonly entries = new Map<string, SinkEntry>();

  add(sink: FlushSink): void {
    if (this.entries.has(sink.name))
      throw new Error(`a flush sink named '${sink.name}' is already registered`);
    this.entries.set(sink.name, { sink, busy: false, stats: { writes: 0, errors: 0, skippedBusy: 0 } });
  }

  remove(name: string): boolean {
    return this.entries.delete(name);
  }

  /** Resolves when every sink has taken the flush (or failed); never rejects. */
  async dispatch(flush: Flush): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const entry of this.entries.values()) {
      if (entry.busy) {
        // Queuing behind a slow sink would grow without bound; a dropped flush is visible in stats.
        entry.stats.skippedBusy += 1;
        continue;
      }
      pending.push(this.write(entry, flush));
    }
    await Promise.all(pending);
  }

  stats(): Record<string, SinkStats> {
    const result: Record<string, SinkStats> = {};
    for (const [name, entry] of this.entries) result[name] = { ...entry.stats };
    return result;
  }

  private async write(entry: SinkEntry, flush: Flush): Promise<void> {
    entry.busy = true;
    try {
      await entry.sink.write(flush);
      entry.stats.writes += 1;
    } catch (error) {
      entry.stats.errors += 1;
      entry.stats.lastError = messageOf(error);
    } finally {
      entry.busy = false;
    }
  }
}
