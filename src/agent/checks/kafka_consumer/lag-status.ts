// A Burrow-style health status per consumer group, without thresholds: each partition keeps a sliding window
// of the last N observations (committed offset, lag, time) and is judged by how they move.
//
// Burrow stores one entry per offset commit; the check only sees the committed offset once per run, so an
// "advance" below means the committed offset changed between two runs. Rules per partition, in order
// (window of at least `minObservations`, else OK):
//   1. lag is 0 in any observation of the window → OK (the consumer caught up at some point)
//   2. the committed offset went backwards → ERR (rewind / reset)
//   3. the offset has not advanced for longer than it was advancing within the window (Burrow's STOP test
//      with "offset changed" standing in for "committed"):
//        the group has no active members → STOP (nobody consumes)
//        it has members                  → STALL (a consumer is alive but stuck)
//   4. the lag never decreased between two observations → WARN (falling behind or not catching up)
//   5. otherwise → OK
// A group's status is its worst partition's, in the order OK < WARN < STALL < STOP < ERR; a group whose
// offsets could not be read at all is ERR.

export const LAG_STATUSES = ['OK', 'WARN', 'STALL', 'STOP', 'ERR'] as const;
export type LagStatus = (typeof LAG_STATUSES)[number];

/** Numeric code submitted as the metric value: its index in LAG_STATUSES. */
export function lagStatusCode(status: LagStatus): number {
  return LAG_STATUSES.indexOf(status);
}

export function worstStatus(statuses: Iterable<LagStatus>): LagStatus {
  let worst: LagStatus = 'OK';
  for (const status of statuses) if (lagStatusCode(status) > lagStatusCode(worst)) worst = status;
  return worst;
}

export interface LagObservation {
  offset: number;
  lag: number;
  /** Seconds. */
  time: number;
}

/** The evaluation of one partition before group membership is known. */
export type PartitionVerdict = 'OK' | 'WARN' | 'ERR' | 'STUCK';

export function evaluatePartition(window: readonly LagObservation[], minObservations = 3): PartitionVerdict {
  if (window.length < minObservations) return 'OK';
  if (window.some((observation) => observation.lag === 0)) return 'OK';
  for (let i = 1; i < window.length; i += 1) {
    if ((window[i] as LagObservation).offset < (window[i - 1] as LagObservation).offset) return 'ERR';
  }
  const first = window[0] as LagObservation;
  const latest = window[window.length - 1] as LagObservation;
  let lastAdvance = first.time;
  for (let i = 1; i < window.length; i += 1) {
    if ((window[i] as LagObservation).offset !== (window[i - 1] as LagObservation).offset) {
      lastAdvance = (window[i] as LagObservation).time;
    }
  }
  const stuckFor = latest.time - lastAdvance;
  const advancingFor = lastAdvance - first.time;
  if (stuckFor > advancingFor) return 'STUCK';
  for (let i = 1; i < window.length; i += 1) {
    if ((window[i] as LagObservation).lag < (window[i - 1] as LagObservation).lag) return 'OK';
  }
  return 'WARN';
}

/** STUCK becomes STOP without active members, STALL with. */
export function resolveVerdict(verdict: PartitionVerdict, hasActiveMembers: boolean): LagStatus {
  if (verdict === 'STUCK') return hasActiveMembers ? 'STALL' : 'STOP';
  return verdict;
}

interface WindowEntry {
  observations: LagObservation[];
  lastRun: number;
}

/** Sliding windows per (group, topic, partition), bounded in length and in number. */
export class LagWindows {
  private readonly windows = new Map<string, WindowEntry>();
  /** Partitions not tracked because `maxWindows` was reached. */
  overflow = 0;

  constructor(
    private readonly size = 10,
    private readonly maxWindows = 50_000,
    private readonly staleAfterRuns = 10,
  ) {}

  get count(): number {
    return this.windows.size;
  }

  observe(
    group: string,
    topic: string,
    partition: number,
    observation: LagObservation,
    run = 0,
  ): LagObservation[] {
    const id = `${group}\u0000${topic}\u0000${partition}`;
    let entry = this.windows.get(id);
    if (!entry) {
      if (this.windows.size >= this.maxWindows) {
        this.overflow += 1;
        return [observation];
      }
      entry = { observations: [], lastRun: run };
      this.windows.set(id, entry);
    }
    entry.lastRun = run;
    entry.observations.push(observation);
    if (entry.observations.length > this.size)
      entry.observations.splice(0, entry.observations.length - this.size);
    return entry.observations;
  }

  expire(run: number): void {
    for (const [id, entry] of this.windows) {
      if (run - entry.lastRun >= this.staleAfterRuns) this.windows.delete(id);
    }
  }
}
