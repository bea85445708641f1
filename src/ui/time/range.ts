// Time ranges as the pages keep them in their URLs: a relative range (`range=1h`, follows "now") or a fixed
// one (`from`/`to` in Unix milliseconds, e.g. after a pivot from a chart point).

export const RANGE_NAMES = ['5m', '15m', '1h', '3h', '6h', '12h', '24h', '2d', '7d', '30d'] as const;
export type RangeName = (typeof RANGE_NAMES)[number];

export type TimeSelection =
  { kind: 'relative'; name: RangeName } | { kind: 'absolute'; from: number; to: number };

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

export function rangeMs(name: RangeName): number {
  return Number(name.slice(0, -1)) * (UNIT_MS[name.slice(-1)] as number);
}

export function isRangeName(value: string | null | undefined): value is RangeName {
  return value !== null && value !== undefined && (RANGE_NAMES as readonly string[]).includes(value);
}

export function readSelection(query: URLSearchParams, fallback: RangeName): TimeSelection {
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  if (query.has('from') && query.has('to') && Number.isFinite(from) && Number.isFinite(to) && from < to)
    return { kind: 'absolute', from, to };
  const name = query.get('range');
  return { kind: 'relative', name: isRangeName(name) ? name : fallback };
}

export function resolveRange(selection: TimeSelection, now: number): { from: number; to: number } {
  return selection.kind === 'absolute'
    ? { from: selection.from, to: selection.to }
    : { from: now - rangeMs(selection.name), to: now };
}

/** URL parameters that restore the selection. */
export function selectionParams(selection: TimeSelection): Record<string, string | undefined> {
  return selection.kind === 'absolute'
    ? { from: String(Math.round(selection.from)), to: String(Math.round(selection.to)), range: undefined }
    : { range: selection.name, from: undefined, to: undefined };
}

/** A window of `halfWidthMs` either side of an instant (a pivot from a chart point). */
export function around(timeMs: number, halfWidthMs: number): TimeSelection {
  return { kind: 'absolute', from: Math.round(timeMs - halfWidthMs), to: Math.round(timeMs + halfWidthMs) };
}
