// The store's section of `kinstrument agent status`.
import type { StoreStats } from './stats';

function bytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

function kinds(record: Record<string, number>): string {
  return Object.entries(record)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
}

export function formatStoreStatus(stats: StoreStats): string[] {
  const rows: [string, string | number][] = [
    [
      'Database',
      `${stats.path} (schema ${stats.schemaVersion}, writing ${stats.writer === 'thread' ? 'on a worker thread' : 'inline'})`,
    ],
    [
      'Size',
      `${bytes(stats.fileBytes)} file + ${bytes(stats.walBytes)} log, ${bytes(stats.usedBytes)} in use` +
        (stats.maxSizeBytes > 0 ? ` (limit ${bytes(stats.maxSizeBytes)})` : ''),
    ],
    ['Written', kinds(stats.written)],
    [
      'Queue',
      `${stats.queue.records} of ${stats.queue.limit} records; spans and logs ` +
        `${bytes(stats.queue.objectBytes)} of ${bytes(stats.queue.objectByteLimit)}`,
    ],
    ['Dropped (queue full)', kinds(stats.dropped)],
    ['Metric series', `${stats.metrics.series} of ${stats.metrics.seriesLimit}`],
    [
      'Metric rollups',
      `${stats.metrics.rollupRuns} runs (last ${stats.metrics.rollupLastMs.toFixed(1)} ms), ` +
        `${stats.metrics.rollupLatePoints} late points` +
        (stats.metrics.rollupFailures > 0 ? `, ${stats.metrics.rollupFailures} failed` : ''),
    ],
    [
      'Transactions',
      `${stats.transactions} (last ${stats.lastBatchMs.toFixed(1)} ms, max ${stats.maxBatchMs.toFixed(1)} ms)`,
    ],
    [
      'Retention',
      `${stats.retention.runs} runs; expired: ${kinds(nonZero(stats.retention.expired)) || 'none'}; ` +
        `evicted for size: ${kinds(nonZero(stats.retention.evicted)) || 'none'}`,
    ],
  ];
  const dropped = stats.metrics.droppedSeriesLimit + stats.metrics.droppedInvalidValue;
  if (dropped > 0)
    rows.push([
      'Metric samples refused',
      `${dropped} (series limit ${stats.metrics.droppedSeriesLimit}, invalid ${stats.metrics.droppedInvalidValue})`,
    ]);
  if (stats.writeErrors > 0)
    rows.push([
      'Write errors',
      `${stats.writeErrors}, ${stats.droppedOnError} records lost (last: ${stats.lastWriteError ?? '?'})`,
    ]);
  if (stats.writerThreadError !== undefined) rows.push(['Writer thread stopped', stats.writerThreadError]);
  if (stats.retention.errors > 0)
    rows.push(['Retention errors', `${stats.retention.errors} (last: ${stats.retention.lastError ?? '?'})`]);
  const title = 'Store';
  return [title, '='.repeat(title.length), ...rows.map(([key, value]) => `  ${key}: ${value}`), ''];
}

function nonZero(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).filter(([, n]) => n > 0));
}
