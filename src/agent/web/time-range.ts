// Time ranges and steps for the UI's queries. The API takes Unix milliseconds (`from`, `to`) everywhere;
// metric results come back in Unix seconds, as the store and uPlot both count.
import { BadRequest, type QueryParams } from './http';

const HOUR_MS = 3_600_000;
/** Longest range one request may cover: the longest metric retention (1 h rollups, 90 days) and then some. */
export const MAX_RANGE_MS = 400 * 24 * HOUR_MS;
/** Points per series a chart asks for at most when it lets the agent pick the step. */
export const TARGET_POINTS = 360;
const NICE_STEPS = [
  1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];

export interface TimeRange {
  /** Unix milliseconds, inclusive. */
  from: number;
  /** Unix milliseconds, exclusive. */
  to: number;
}

/** `from`/`to` from the query string; missing ones default to the last `defaultMs` up to now. */
export function readRange(query: QueryParams, now: number, defaultMs = HOUR_MS): TimeRange {
  const to = query.number('to', { min: 0 }) ?? now;
  const from = query.number('from', { min: 0 }) ?? to - defaultMs;
  if (from >= to) throw new BadRequest('from must be before to');
  if (to - from > MAX_RANGE_MS)
    throw new BadRequest(`the range is longer than ${MAX_RANGE_MS / (24 * HOUR_MS)} days`);
  return { from, to };
}

/**
 * The step (seconds) for a range: the smallest "nice" step giving at most TARGET_POINTS points and not
 * finer than the agent's flush interval (finer buckets would be mostly empty).
 */
export function autoStep(rangeMs: number, flushIntervalSeconds: number): number {
  const wanted = Math.max(flushIntervalSeconds, rangeMs / 1000 / TARGET_POINTS);
  return NICE_STEPS.find((step) => step >= wanted) ?? Math.ceil(wanted / 86400) * 86400;
}
