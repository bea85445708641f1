// The DogStatsD and aggregator sections of `kinstrument agent status`, laid out like the Datadog
// Agent's status page (a title, an underline, indented `Key: value` rows) so its users find their way.
import type { AggregatorStats } from '../../aggregator/aggregator';
import type { DogStatsDServerStats } from './server';

function nonZero(record: Record<string, number>): string {
  const parts = Object.entries(record)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${reason}=${count}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function section(title: string, rows: [string, string | number][]): string[] {
  return [title, '='.repeat(title.length), ...rows.map(([key, value]) => `  ${key}: ${value}`), ''];
}

function udpReader(thread: NonNullable<DogStatsDServerStats['udp']>['readerThread']): string {
  if (thread === undefined) return 'main thread (dogstatsd_reader_thread: false)';
  if (!thread.running)
    return `main thread (the reader thread stopped: ${thread.fallbackReason ?? 'unknown'})`;
  return `own thread, ${thread.queuedBytes} of ${thread.queueLimitBytes} bytes queued`;
}

/** Text lines for the status command. Either argument may be omitted when that part is not running. */
export function formatDogStatsDStatus(intake?: DogStatsDServerStats, aggregator?: AggregatorStats): string[] {
  const lines: string[] = [];
  if (intake !== undefined) {
    const listening: string[] = [];
    if (intake.udp !== undefined) listening.push(`udp ${intake.udp.host}:${intake.udp.port}`);
    if (intake.uds !== undefined) listening.push(`unix ${intake.uds.path}`);
    const rows: [string, string | number][] = [
      ['Listening', listening.join(', ') || 'nothing'],
      ['Packets', `${intake.packets} (${intake.bytes} bytes)`],
      ['Metric lines', `${intake.metrics} (${intake.metricValues} values)`],
      ['Events', intake.events],
      ['Service checks', intake.serviceChecks],
      ['Parse errors', `${intake.parseErrorsTotal}${nonZero(intake.parseErrors)}`],
      [
        'Tags dropped',
        `${intake.tagsDropped.too_many_tags + intake.tagsDropped.tag_too_long}${nonZero(intake.tagsDropped)}`,
      ],
      ['Packets dropped', `${intake.dropsTotal}${nonZero({ ...intake.drops })}`],
    ];
    if (intake.udp?.kernelDrops !== undefined) rows.push(['UDP kernel drops', intake.udp.kernelDrops]);
    if (intake.udp?.receiveBufferBytes !== undefined)
      rows.push(['UDP receive buffer', `${intake.udp.receiveBufferBytes} bytes`]);
    if (intake.udp !== undefined) rows.push(['UDP reader', udpReader(intake.udp.readerThread)]);
    if (intake.socketErrors > 0)
      rows.push(['Socket errors', `${intake.socketErrors} (last: ${intake.lastSocketError ?? '?'})`]);
    lines.push(...section('DogStatsD', rows));
  }
  if (aggregator !== undefined) {
    const rows: [string, string | number][] = [
      [
        'Contexts',
        `${aggregator.contexts} of ${aggregator.contextLimit}${nonZero({ ...aggregator.contextsByKind })}`,
      ],
      ['Context overflow', aggregator.contextOverflow],
      ['Contexts expired', aggregator.contextsExpired],
      ['Type conflicts', aggregator.typeConflicts],
      ['Samples', aggregator.samples],
      ['Number of flushes', aggregator.flushes],
      ['Series flushed', aggregator.seriesFlushed],
      ['Events flushed', aggregator.eventsFlushed],
      ['Service checks flushed', aggregator.serviceChecksFlushed],
    ];
    const dropped = {
      histogramSamples: aggregator.histogramSamplesDropped,
      setMembers: aggregator.setMembersDropped,
      passThrough: aggregator.passThroughDropped,
      events: aggregator.eventsDropped,
      serviceChecks: aggregator.serviceChecksDropped,
    };
    rows.push(['Dropped', `${Object.values(dropped).reduce((a, b) => a + b, 0)}${nonZero(dropped)}`]);
    if (aggregator.lastFlushAt !== undefined) {
      rows.push(['Last flush', new Date(aggregator.lastFlushAt * 1000).toISOString()]);
    }
    for (const [name, sink] of Object.entries(aggregator.sinks)) {
      const error = sink.lastError !== undefined ? `, last error: ${sink.lastError}` : '';
      rows.push([
        `Sink ${name}`,
        `${sink.writes} writes, ${sink.errors} errors, ${sink.skippedBusy} skipped busy${error}`,
      ]);
    }
    lines.push(...section('Aggregator', rows));
  }
  return lines;
}
