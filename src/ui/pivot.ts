// Links between views: from a chart point to the logs and traces of that service around that time, from a
// span to its logs, from a log record to its trace.
import { hashFor } from './hash.js';
import { around, selectionParams, type TimeSelection } from './time/range.js';

/** Half the window a pivot from a chart point opens: the point's step, but at least five minutes. */
export function pivotHalfWidthMs(stepSeconds: number): number {
  return Math.max(5 * 60_000, stepSeconds * 1000);
}

export interface PivotTarget {
  service?: string;
  source?: string;
}

export function logsLink(
  options: PivotTarget & { traceId?: string; query?: string; selection: TimeSelection },
): string {
  return hashFor('/logs', {
    query: options.query,
    service: options.service,
    source: options.source,
    trace_id: options.traceId,
    ...selectionParams(options.selection),
  });
}

export function tracesLink(options: {
  service?: string;
  operation?: string;
  error?: boolean;
  selection: TimeSelection;
}): string {
  return hashFor('/traces', {
    service: options.service,
    operation: options.operation,
    error: options.error === undefined ? undefined : String(options.error),
    ...selectionParams(options.selection),
  });
}

export function traceLink(traceId: string, spanId?: string): string {
  return hashFor(`/traces/${traceId}`, { span: spanId });
}

/** Logs and traces links for a chart point at `timeSeconds` (Unix seconds, uPlot's x). */
export function pointPivots(
  timeSeconds: number,
  stepSeconds: number,
  target: PivotTarget,
): { logs: string; traces: string } {
  const selection = around(timeSeconds * 1000, pivotHalfWidthMs(stepSeconds));
  return {
    logs: logsLink({ ...target, selection }),
    traces: tracesLink({ service: target.service, selection }),
  };
}

/** The logs of one trace: its time span with a minute either side (records are written around spans). */
export function traceLogsLink(traceId: string, startMs: number, endMs: number): string {
  return logsLink({
    traceId,
    selection: { kind: 'absolute', from: Math.floor(startMs - 60_000), to: Math.ceil(endMs + 60_000) },
  });
}
