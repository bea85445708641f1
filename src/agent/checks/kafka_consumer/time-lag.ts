// Consumer lag in seconds without reading messages: remember when each partition's high watermark was seen at
// which offset, then ask "when did the high watermark pass the consumer's committed offset?" by linear
// interpolation between the two observations around it. Lag = now − that time.
//
// Memory is bounded twice: at most `maxPoints` observations per partition (when full, every other point of the
// older half is dropped, so recent history stays dense and old history gets coarser), and at most
// `maxPartitions` partitions (new ones past that are not tracked, counted in `partitionOverflow`).

export interface OffsetTimePoint {
  offset: number;
  /** Seconds. */
  time: number;
}

export interface TimeLagOptions {
  maxPoints?: number;
  maxPartitions?: number;
  /** How far before the oldest observation an estimate may reach, in seconds (Datadog caps at 600). */
  maxExtrapolationSeconds?: number;
  /** Partitions not observed for this many runs are forgotten. */
  staleAfterRuns?: number;
}

interface Track {
  points: OffsetTimePoint[];
  lastRun: number;
}

export class HighWatermarkHistory {
  private readonly tracks = new Map<string, Track>();
  private readonly maxPoints: number;
  private readonly maxPartitions: number;
  private readonly maxExtrapolation: number;
  private readonly staleAfterRuns: number;
  /** Partitions not tracked because `maxPartitions` was reached. */
  partitionOverflow = 0;
  /** Points thinned out because a partition reached `maxPoints`. */
  pointsDropped = 0;
  /** Histories cleared because the high watermark went backwards (topic re-created, truncated). */
  resets = 0;

  constructor(options: TimeLagOptions = {}) {
    this.maxPoints = Math.max(4, options.maxPoints ?? 120);
    this.maxPartitions = options.maxPartitions ?? 20_000;
    this.maxExtrapolation = options.maxExtrapolationSeconds ?? 600;
    this.staleAfterRuns = options.staleAfterRuns ?? 20;
  }

  get partitions(): number {
    return this.tracks.size;
  }

  pointsOf(topic: string, partition: number): readonly OffsetTimePoint[] {
    return this.tracks.get(key(topic, partition))?.points ?? [];
  }

  /** Records that the high watermark was `offset` at `time` (seconds). Only increases add a point. */
  record(topic: string, partition: number, offset: number, time: number, run = 0): void {
    const id = key(topic, partition);
    let track = this.tracks.get(id);
    if (!track) {
      if (this.tracks.size >= this.maxPartitions) {
        this.partitionOverflow += 1;
        return;
      }
      track = { points: [], lastRun: run };
      this.tracks.set(id, track);
    }
    track.lastRun = run;
    const last = track.points[track.points.length - 1];
    if (last && offset < last.offset) {
      this.resets += 1;
      track.points = [];
    } else if (last && offset === last.offset) {
      return; // The first time an offset is seen is the best bound on when it was reached.
    }
    track.points.push({ offset, time });
    if (track.points.length > this.maxPoints) this.thin(track);
  }

  /**
   * Seconds between now and when the high watermark first exceeded `committed` (the consumer's next offset);
   * 0 when caught up; undefined when the history cannot tell (unknown partition, one point only).
   */
  estimateLagSeconds(topic: string, partition: number, committed: number, now: number): number | undefined {
    const points = this.tracks.get(key(topic, partition))?.points;
    if (!points || points.length === 0) return undefined;
    const latest = points[points.length - 1] as OffsetTimePoint;
    if (committed >= latest.offset) return 0;
    const produced = this.timeReached(points, committed + 1);
    return produced === undefined ? undefined : Math.max(0, now - produced);
  }

  /** Forgets partitions not recorded during the last `staleAfterRuns` runs. */
  expire(run: number): void {
    for (const [id, track] of this.tracks) {
      if (run - track.lastRun >= this.staleAfterRuns) this.tracks.delete(id);
    }
  }

  /** When the high watermark reached `offset`, interpolated (or extrapolated a bounded distance back). */
  private timeReached(points: readonly OffsetTimePoint[], offset: number): number | undefined {
    const upper = points.findIndex((point) => point.offset >= offset);
    if (upper < 0) return undefined;
    const high = points[upper] as OffsetTimePoint;
    if (upper === 0) {
      if (high.offset === offset) return high.time;
      // Before our oldest observation: extrapolate with the average rate seen since, but not too far.
      const newest = points[points.length - 1] as OffsetTimePoint;
      if (points.length < 2 || newest.offset === high.offset) return undefined;
      const secondsPerOffset = (newest.time - high.time) / (newest.offset - high.offset);
      const estimate = high.time - (high.offset - offset) * secondsPerOffset;
      return Math.max(estimate, high.time - this.maxExtrapolation);
    }
    const low = points[upper - 1] as OffsetTimePoint;
    const fraction = (offset - low.offset) / (high.offset - low.offset);
    return low.time + fraction * (high.time - low.time);
  }

  private thin(track: Track): void {
    const half = Math.floor(track.points.length / 2);
    const older = track.points.slice(0, half).filter((_, index) => index % 2 === 0);
    this.pointsDropped += half - older.length;
    track.points = [...older, ...track.points.slice(half)];
  }
}

function key(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
