// Per-instance statistics for `kinstrument status`, laid out like the Datadog Agent's collector section.

export interface Totals {
  lastRun: number;
  total: number;
}

export interface InstanceStatus {
  /** `<check>:<hash>`, e.g. `kafka:3f2a9c0d1b2e4f60`. */
  id: string;
  check: string;
  /** Where the config came from, as given to the loader (e.g. `file:/etc/kinstrument/conf.d/kafka.d/conf.yaml`). */
  configSource: string;
  /** Outcome of the last run: ERROR (it threw or timed out), WARNING (warnings), OK, or NOT_RUN yet. */
  state: 'OK' | 'WARNING' | 'ERROR' | 'NOT_RUN';
  intervalSeconds: number;
  totalRuns: number;
  failedRuns: number;
  /** Runs that timed out (also counted in failedRuns). */
  timeouts: number;
  /** Scheduled runs skipped because the previous one had not finished (runs of an instance never overlap). */
  skippedRuns: number;
  metricSamples: Totals;
  events: Totals;
  serviceChecks: Totals;
  firstExecutionMs?: number;
  lastExecutionMs?: number;
  averageExecutionMs: number;
  /** Unix ms. */
  lastExecutionAt?: number;
  lastSuccessfulExecutionAt?: number;
  lastError?: { message: string; at: number };
  lastWarnings: string[];
  metadata: Record<string, string>;
  /** Samples dropped by the per-run cap, and counters not tracked because the counter map was full. */
  droppedSamples: number;
  counterOverflow: number;
}

const MAX_METADATA_KEYS = 50;

export function emptyStatus(
  id: string,
  check: string,
  configSource: string,
  intervalSeconds: number,
): InstanceStatus {
  return {
    id,
    check,
    configSource,
    state: 'NOT_RUN',
    intervalSeconds,
    totalRuns: 0,
    failedRuns: 0,
    timeouts: 0,
    skippedRuns: 0,
    metricSamples: { lastRun: 0, total: 0 },
    events: { lastRun: 0, total: 0 },
    serviceChecks: { lastRun: 0, total: 0 },
    averageExecutionMs: 0,
    lastWarnings: [],
    metadata: {},
    droppedSamples: 0,
    counterOverflow: 0,
  };
}

export interface RunOutcome {
  startedAt: number;
  durationMs: number;
  metricSamples: number;
  events: number;
  serviceChecks: number;
  metadata: ReadonlyMap<string, string>;
  warnings: readonly string[];
  droppedSamples: number;
  counterOverflow: number;
  /** Already redacted. */
  error?: string;
  timedOut: boolean;
}

export function recordRun(status: InstanceStatus, outcome: RunOutcome): void {
  status.totalRuns += 1;
  status.firstExecutionMs ??= outcome.durationMs;
  status.lastExecutionMs = outcome.durationMs;
  status.averageExecutionMs += (outcome.durationMs - status.averageExecutionMs) / status.totalRuns;
  status.lastExecutionAt = outcome.startedAt;
  bump(status.metricSamples, outcome.metricSamples);
  bump(status.events, outcome.events);
  bump(status.serviceChecks, outcome.serviceChecks);
  for (const [key, value] of outcome.metadata) {
    if (key in status.metadata || Object.keys(status.metadata).length < MAX_METADATA_KEYS) {
      status.metadata[key] = value;
    }
  }
  status.lastWarnings = [...outcome.warnings];
  status.droppedSamples += outcome.droppedSamples;
  status.counterOverflow = outcome.counterOverflow;
  if (outcome.error !== undefined) {
    status.failedRuns += 1;
    if (outcome.timedOut) status.timeouts += 1;
    status.lastError = { message: outcome.error, at: outcome.startedAt };
    status.state = 'ERROR';
  } else {
    status.lastSuccessfulExecutionAt = outcome.startedAt;
    status.state = outcome.warnings.length > 0 ? 'WARNING' : 'OK';
  }
}

function bump(totals: Totals, value: number): void {
  totals.lastRun = value;
  totals.total += value;
}
