// A major garbage collection right after a flush of many series, so its garbage leaves at once.
//
// Why: a flush at 50,000 contexts makes ~155,000 samples and their encodings within a few hundred ms.
// Part of that outlives a young-generation collection or two and is promoted, and the old generation then
// grew by ~15 MB a flush until V8 chose to collect it, which under a steady intake came late: the
// benchmark's peak RSS swung between 190 and 240 MB. One collection after such a flush costs 30–60 ms of
// the event loop (the receive buffer holds ~300 ms of datagrams at 100,000 lines/s) and held the peak at
// 179–189 MB. Small flushes are left to V8: their garbage is small. The collection is V8's own
// (exposed-gc.ts).
import { exposedGc, type Collect } from './exposed-gc';

/** Flushes with fewer series than this are left to V8's own heuristics. */
export const FLUSH_GC_MIN_SERIES = 20_000;
/** At most one collection per this many milliseconds, whatever the flush interval. */
export const FLUSH_GC_MIN_INTERVAL_MS = 1_000;

export interface FlushGarbageStats {
  /** Major collections run after large flushes. */
  collections: number;
  /** Their total pause, milliseconds. */
  totalMs: number;
  /** Why none can run, when V8 did not hand out its gc function. */
  unavailable?: string;
}

export class FlushGarbage {
  private readonly collect: Collect | undefined;
  private lastAt = -Infinity;
  private readonly counters: FlushGarbageStats = { collections: 0, totalMs: 0 };

  constructor(
    private readonly minSeries = FLUSH_GC_MIN_SERIES,
    private readonly minIntervalMs = FLUSH_GC_MIN_INTERVAL_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {
    const taken = exposedGc();
    if (typeof taken === 'string') this.counters.unavailable = taken;
    else this.collect = taken;
  }

  /** Called after each flush with its series count; collects on the next turn when the flush was large. */
  afterFlush(series: number): void {
    if (this.collect === undefined || series < this.minSeries) return;
    const now = this.clock();
    if (now - this.lastAt < this.minIntervalMs) return;
    this.lastAt = now;
    const collect = this.collect;
    // On the next turn: the flush's last chunk and the sinks' work on it are garbage by then.
    setImmediate(() => {
      const started = performance.now();
      collect();
      this.counters.collections += 1;
      this.counters.totalMs += performance.now() - started;
    }).unref();
  }

  stats(): FlushGarbageStats {
    return { ...this.counters };
  }
}
