// Hands each flush to every registered sink. A sink that throws, rejects or is still busy with the
// previous flush costs only itself: the error is counted and the other sinks get their data.
//
// Sinks marked `acceptsChunkedFlushes` may instead get a window's metrics in several synchronous writes
// while the aggregator makes them (see Aggregator.flushWindowToSinks), spread over turns of the event
// loop: all but the last with no events or service checks, the last with them. They count one write per
// window. Such a sink must not expect a window's parts within one turn.
import type { AgentEvent, Flush, FlushSink, MetricSample, ServiceCheck } from '../model';

/** A sink whose `write` is synchronous and takes a window in several parts. */
export interface ChunkedFlushSink extends FlushSink {
  readonly acceptsChunkedFlushes: true;
}

export function takesChunks(sink: FlushSink): sink is ChunkedFlushSink {
  return (sink as Partial<ChunkedFlushSink>).acceptsChunkedFlushes === true;
}

/** One window being delivered; see `SinkFanout.openWindow`. */
export interface ChunkedWindow {
  /** True when some sink needs the window as one Flush (the aggregator then keeps every sample). */
  readonly needsWholeFlush: boolean;
  /** A part of the window's metrics, to the chunked sinks. */
  write(metrics: MetricSample[]): void;
  /** The last part, with the window's service checks and events. */
  end(metrics: MetricSample[], serviceChecks: ServiceCheck[], events: AgentEvent[]): void;
  /** The whole window to the other sinks; resolves when they are done (never rejects). */
  dispatchWhole(flush: Flush): Promise<void>;
}

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
    await Promise.all([...this.entries.values()].map((entry) => this.offer(entry, flush)));
  }

  /** Starts a window for chunked delivery; undefined when no sink takes chunks (use `dispatch`). */
  openWindow(): ChunkedWindow | undefined {
    const chunked: SinkEntry[] = [];
    const whole: SinkEntry[] = [];
    for (const entry of this.entries.values()) (takesChunks(entry.sink) ? chunked : whole).push(entry);
    if (chunked.length === 0) return undefined;
    // A sink that failed on one part of a window gets no more parts of it.
    const failed = new Set<SinkEntry>();
    const deliver = (flush: Flush): void => {
      for (const entry of chunked) {
        if (failed.has(entry)) continue;
        try {
          const result = entry.sink.write(flush);
          // Synchronous by contract; should a promise come back anyway, its failure is still counted.
          if (result instanceof Promise) result.catch((error: unknown) => this.failed(entry, error));
        } catch (error) {
          failed.add(entry);
          this.failed(entry, error);
        }
      }
    };
    return {
      needsWholeFlush: whole.length > 0,
      write: (metrics) => deliver({ metrics, serviceChecks: [], events: [] }),
      end: (metrics, serviceChecks, events) => {
        deliver({ metrics, serviceChecks, events });
        for (const entry of chunked) if (!failed.has(entry)) entry.stats.writes += 1;
      },
      dispatchWhole: async (flush) => {
        await Promise.all(whole.map((entry) => this.offer(entry, flush)));
      },
    };
  }

  stats(): Record<string, SinkStats> {
    const result: Record<string, SinkStats> = {};
    for (const [name, entry] of this.entries) result[name] = { ...entry.stats };
    return result;
  }

  private offer(entry: SinkEntry, flush: Flush): Promise<void> {
    if (entry.busy) {
      // Queuing behind a slow sink would grow without bound; a dropped flush is visible in stats.
      entry.stats.skippedBusy += 1;
      return Promise.resolve();
    }
    return this.write(entry, flush);
  }

  private failed(entry: SinkEntry, error: unknown): void {
    entry.stats.errors += 1;
    entry.stats.lastError = messageOf(error);
  }

  private async write(entry: SinkEntry, flush: Flush): Promise<void> {
    entry.busy = true;
    try {
      await entry.sink.write(flush);
      entry.stats.writes += 1;
    } catch (error) {
      this.failed(entry, error);
    } finally {
      entry.busy = false;
    }
  }
}
