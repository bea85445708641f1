// Lays a trace's spans out for the flame graph: time on x (fractions of the trace's extent), rows on y.
// Each span goes below its parent, on the first row where it overlaps nothing already placed, so
// concurrent siblings (a batch's sends, a consumer's parallel handlers) never hide each other. Spans
// whose parent is not stored start their own tree at the top. No DOM: tests run it in Node.

export interface LayoutSpan {
  spanId: string;
  parentSpanId?: string;
  service: string;
  /** Unix milliseconds, fractional. */
  startMs: number;
  durationMs: number;
}

export interface PlacedSpan<S extends LayoutSpan> {
  span: S;
  /** Depth in the span tree (0 for roots). */
  depth: number;
  row: number;
  /** Fractions of the trace's extent, 0–1. */
  left: number;
  width: number;
}

export interface FlameLayout<S extends LayoutSpan> {
  placed: PlacedSpan<S>[];
  rows: number;
  startMs: number;
  endMs: number;
  /** Services in order of first appearance (for colours and the legend). */
  services: string[];
}

function byStart<S extends LayoutSpan>(a: S, b: S): number {
  return a.startMs - b.startMs || a.spanId.localeCompare(b.spanId);
}

/** Depth-first order: each span followed by its children (by start time). */
export function depthFirst<S extends LayoutSpan>(spans: readonly S[]): { span: S; depth: number }[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, S[]>();
  const roots: S[] = [];
  for (const span of spans) {
    if (span.parentSpanId !== undefined && ids.has(span.parentSpanId) && span.parentSpanId !== span.spanId) {
      const list = children.get(span.parentSpanId) ?? [];
      list.push(span);
      children.set(span.parentSpanId, list);
    } else roots.push(span);
  }
  const order: { span: S; depth: number }[] = [];
  const visited = new Set<string>();
  const visit = (span: S, depth: number) => {
    if (visited.has(span.spanId)) return; // a cycle in bad data must not hang the page
    visited.add(span.spanId);
    order.push({ span, depth });
    for (const child of (children.get(span.spanId) ?? []).sort(byStart)) visit(child, depth + 1);
  };
  for (const root of roots.sort(byStart)) visit(root, 0);
  // Spans only reachable through a cycle: show them as roots.
  for (const span of [...spans].sort(byStart)) visit(span, 0);
  return order;
}

export function layoutFlame<S extends LayoutSpan>(spans: readonly S[]): FlameLayout<S> {
  if (spans.length === 0) return { placed: [], rows: 0, startMs: 0, endMs: 0, services: [] };
  const startMs = Math.min(...spans.map((s) => s.startMs));
  const endMs = Math.max(...spans.map((s) => s.startMs + s.durationMs));
  const extent = Math.max(endMs - startMs, 1e-6);
  const rows: [number, number][][] = [];
  const rowOf = new Map<string, number>();
  const services: string[] = [];
  const placed: PlacedSpan<S>[] = [];
  for (const { span, depth } of depthFirst(spans)) {
    if (!services.includes(span.service)) services.push(span.service);
    const parentRow = span.parentSpanId === undefined ? undefined : rowOf.get(span.parentSpanId);
    const start = span.startMs;
    // Zero-length spans still occupy their instant; touching spans may share a row.
    const end = Math.max(span.startMs + span.durationMs, start + 1e-6);
    let row = parentRow === undefined ? 0 : parentRow + 1;
    const overlaps = (intervals: [number, number][]) => intervals.some(([a, b]) => start < b && a < end);
    while (rows[row] !== undefined && overlaps(rows[row] as [number, number][])) row += 1;
    (rows[row] ??= []).push([start, end]);
    rowOf.set(span.spanId, row);
    placed.push({ span, depth, row, left: (start - startMs) / extent, width: span.durationMs / extent });
  }
  return { placed, rows: rows.length, startMs, endMs, services };
}

/** Ruler ticks: about `count` round instants (ms from the trace start) across the extent. */
export function ticks(extentMs: number, count = 6): number[] {
  if (extentMs <= 0) return [0];
  const raw = extentMs / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const result: number[] = [];
  for (let t = 0; t <= extentMs + 1e-9; t += step) result.push(Number(t.toPrecision(12)));
  return result;
}
