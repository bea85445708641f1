// The OTLP exporter's section of `kinstrument agent status`.
import type { OtlpExporterStats } from './stats';

function perSignal(record: Record<string, number>): string {
  return Object.entries(record)
    .map(([signal, count]) => `${signal} ${count}`)
    .join(', ');
}

export function formatOtlpExportStatus(stats: OtlpExporterStats): string[] {
  const rows: [string, string | number][] = [
    ['Endpoint', `${stats.endpoint} (${stats.protocol}, ${stats.compression})`],
    ['Upstream', stats.upstream],
    [
      'Sent records',
      perSignal(Object.fromEntries(Object.entries(stats.sent).map(([k, v]) => [k, v.records]))),
    ],
    ['Retries', stats.retries],
    [
      'Disk buffer',
      `${stats.buffer.files} batches, ${stats.buffer.bytes} of ${stats.buffer.maxBytes} bytes (${perSignal(stats.buffer.records)})`,
    ],
    [
      'Dropped (buffer full)',
      `${stats.buffer.droppedBatches} batches (${perSignal(stats.buffer.droppedRecords)})`,
    ],
    ['Dropped (memory full)', perSignal(stats.droppedPending)],
    [
      'Rejected by upstream',
      perSignal(Object.fromEntries(Object.entries(stats.rejected).map(([k, v]) => [k, v.records]))),
    ],
  ];
  if (stats.lastStatus !== undefined) rows.push(['Last status', stats.lastStatus]);
  if (stats.lastError !== undefined) rows.push(['Last error', stats.lastError]);
  if (stats.nextAttemptAt !== undefined)
    rows.push(['Next attempt', new Date(stats.nextAttemptAt).toISOString()]);
  const title = 'OTLP export';
  return [title, '='.repeat(title.length), ...rows.map(([key, value]) => `  ${key}: ${value}`), ''];
}
