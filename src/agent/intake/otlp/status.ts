// The OTLP receiver's section of `kinstrument agent status`, laid out like the other sections.
import type { OtlpReceiverStats, RecordCounters } from './stats';
import { describeQuantiles, type DurationHistogram } from './timings';

function nonZero(record: Record<string, number>): string {
  const parts = Object.entries(record)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${reason}=${count}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function timing(histogram: DurationHistogram): string {
  return `${describeQuantiles(histogram)}, max ${histogram.maxMs.toFixed(0)} ms`;
}

function records(counters: RecordCounters): string {
  return `${counters.received} received, ${counters.accepted} accepted, ${counters.rejected} invalid, ${counters.dropped} dropped`;
}

export function formatOtlpReceiverStatus(stats: OtlpReceiverStats, listening?: string): string[] {
  // sinkFullUndecoded is a part of sinkFull, not a reason of its own.
  const errors = Object.entries(stats.errors)
    .filter(([reason]) => reason !== 'sinkFullUndecoded')
    .reduce((sum, [, count]) => sum + count, 0);
  const rows: [string, string | number][] = [
    ['Listening', listening ?? 'mounted on the agent server'],
    [
      'Requests',
      `${stats.requests.traces + stats.requests.logs + stats.requests.metrics}${nonZero(stats.requests)}`,
    ],
    ['Responses', nonZero(stats.responses).replace(/^ \(|\)$/g, '') || 'none'],
    ['Spans', records(stats.spans)],
    ['Logs', records(stats.logs)],
    ['Metric data points (not stored)', stats.metricDataPoints],
    ['Bytes', `${stats.bytesOnWire} on the wire, ${stats.bytesDecoded} decoded`],
    ['Refused requests', `${errors}${nonZero(stats.errors)}`],
    ['In flight', `${stats.inFlightBytes} of ${stats.limits.maxInFlightBytes} bytes`],
  ];
  if (stats.timings.ingestMs.count > 0) {
    rows.push(['Reading a request', timing(stats.timings.bodyMs)]);
    rows.push(['Decoding and queueing it', timing(stats.timings.ingestMs)]);
  }
  if (stats.lastError !== undefined) rows.push(['Last error', stats.lastError]);
  const title = 'OTLP receiver';
  return [title, '='.repeat(title.length), ...rows.map(([key, value]) => `  ${key}: ${value}`), ''];
}
