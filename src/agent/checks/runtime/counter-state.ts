// The previous sample of every cumulative counter a check submits through `rate` or `monotonicCount`, so the
// next run can submit a derivative or a delta. Bounded: past `maxContexts` new counters are not tracked
// (counted in `overflow`), and counters not seen for `staleAfterRuns` runs are forgotten.

export interface CounterSample {
  value: number;
  /** Seconds (fractional). */
  time: number;
}

interface Entry extends CounterSample {
  lastRun: number;
}

export class CounterState {
  private readonly entries = new Map<string, Entry>();
  /** Counters that could not be tracked because the map was full. */
  overflow = 0;

  constructor(
    private readonly maxContexts = 50_000,
    private readonly staleAfterRuns = 3,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Stores `sample` under `key` and returns the sample it replaces (undefined on first sight or overflow). */
  swap(key: string, sample: CounterSample, run: number): CounterSample | undefined {
    const previous = this.entries.get(key);
    if (!previous && this.entries.size >= this.maxContexts) {
      this.overflow += 1;
      return undefined;
    }
    this.entries.set(key, { ...sample, lastRun: run });
    return previous ? { value: previous.value, time: previous.time } : undefined;
  }

  /** Forgets counters not submitted during the last `staleAfterRuns` runs (a bean gone, a topic deleted). */
  expire(currentRun: number): void {
    for (const [key, entry] of this.entries) {
      if (currentRun - entry.lastRun >= this.staleAfterRuns) this.entries.delete(key);
    }
  }
}

/** Identity of a counter: submission kind, name, host and sorted tags. */
export function counterKey(
  kind: string,
  name: string,
  tags: readonly string[],
  host: string | undefined,
): string {
  return `${kind}\u0000${name}\u0000${host ?? ''}\u0000${tags.join('\u0001')}`;
}
