// Turns client samples into the overhead table and the target verdicts. Ratios and differences are paired
// by round (each variant against bare kafkajs of the same round), then the median over rounds is taken.
import { fixed, signed, thousands } from '../support/format';
import { median } from '../support/stats';
import { renderTable, type Column } from '../support/table';
import type { ClientSample } from './client-samples';
import type { ClientRunResult } from './run-client';
import type { VariantId } from './variants';
import type { Workload } from './workloads';

export interface VariantSummary {
  workloadId: string;
  variant: VariantId;
  label: string;
  runs: number;
  failures: number;
  messagesPerSecond: number;
  ratioToBare: number;
  cpuMicrosPerMessage: number;
  addedCpuMicrosPerMessage: number;
  /** The user-space part of the added CPU (see ChildMeasurement.userCpuMicros). */
  addedUserCpuMicrosPerMessage: number;
  /**
   * The main thread's part of the added CPU (Linux; NaN elsewhere): the thread the app and the instrumentation
   * run on, and the one that limits throughput. The rest is V8's helper threads, libuv's pool and the kernel.
   */
  addedMainThreadCpuMicrosPerMessage: number;
  addedHeapBytes: number;
  heapGrowthBytes: number;
  eventLoopDelayP99Ms: number;
  telemetryBytesPerMessage: number;
  /** Spans (OTLP) or traces (Datadog) per message, whichever the variant exports. */
  exportedPerMessage: { count: number; unit: 'spans' | 'traces' } | undefined;
}

const rate = (s: ClientSample) =>
  s.measurement ? (s.measurement.messages / s.measurement.wallMs) * 1000 : NaN;
const cpuPerMessage = (s: ClientSample) =>
  s.measurement ? s.measurement.cpuMicros / s.measurement.messages : Number.NaN;
const userCpuPerMessage = (s: ClientSample) =>
  s.measurement ? s.measurement.userCpuMicros / s.measurement.messages : Number.NaN;
const mainThreadCpuPerMessage = (s: ClientSample) =>
  s.measurement?.mainThreadCpuMicros !== undefined
    ? s.measurement.mainThreadCpuMicros / s.measurement.messages
    : Number.NaN;

function paired(
  samples: readonly ClientSample[],
  bare: readonly ClientSample[],
  combine: (variant: ClientSample, bare: ClientSample) => number,
): number {
  const values: number[] = [];
  for (const sample of samples) {
    const partner = bare.find((b) => b.round === sample.round && b.measurement);
    if (sample.measurement && partner) values.push(combine(sample, partner));
  }
  return median(values);
}

function exported(samples: readonly ClientSample[]): VariantSummary['exportedPerMessage'] {
  const measured = samples.filter((s) => s.sinks && s.totalMessages > 0);
  const spans = median(measured.map((s) => s.sinks!.otlpSpans / s.totalMessages));
  if (spans > 0) return { count: spans, unit: 'spans' };
  const traces = median(measured.map((s) => s.sinks!.datadogTraces / s.totalMessages));
  if (traces > 0) return { count: traces, unit: 'traces' };
  return undefined;
}

export function summarizeClient(result: ClientRunResult): VariantSummary[] {
  const summaries: VariantSummary[] = [];
  for (const workload of result.workloads) {
    const ofWorkload = result.samples.filter((s) => s.workloadId === workload.id);
    const bare = ofWorkload.filter((s) => s.variant === 'bare');
    const bareHeap = median(bare.map((s) => s.measurement?.heapAfterBytes ?? Number.NaN));
    for (const variant of result.variants) {
      const samples = ofWorkload.filter((s) => s.variant === variant.id);
      const measured = samples.filter((s) => s.measurement);
      summaries.push({
        workloadId: workload.id,
        variant: variant.id,
        label: variant.label,
        runs: samples.length,
        failures: samples.length - measured.length,
        messagesPerSecond: median(measured.map(rate)),
        ratioToBare: paired(samples, bare, (v, b) => rate(v) / rate(b)),
        cpuMicrosPerMessage: median(measured.map(cpuPerMessage)),
        addedCpuMicrosPerMessage: paired(samples, bare, (v, b) => cpuPerMessage(v) - cpuPerMessage(b)),
        addedUserCpuMicrosPerMessage: paired(
          samples,
          bare,
          (v, b) => userCpuPerMessage(v) - userCpuPerMessage(b),
        ),
        addedMainThreadCpuMicrosPerMessage: paired(
          samples,
          bare,
          (v, b) => mainThreadCpuPerMessage(v) - mainThreadCpuPerMessage(b),
        ),
        addedHeapBytes: median(measured.map((s) => s.measurement!.heapAfterBytes)) - bareHeap,
        heapGrowthBytes: median(
          measured.map((s) => s.measurement!.heapAfterBytes - s.measurement!.heapBeforeBytes),
        ),
        eventLoopDelayP99Ms: median(measured.map((s) => s.measurement!.eventLoopDelayP99Ms)),
        telemetryBytesPerMessage: median(
          measured.filter((s) => s.sinks && s.totalMessages > 0).map((s) => s.sinks!.bytes / s.totalMessages),
        ),
        exportedPerMessage: exported(measured),
      });
    }
  }
  return summaries;
}

const COLUMNS: Column[] = [
  { title: 'workload' },
  { title: 'variant' },
  { title: 'msg/s', align: 'right' },
  { title: '× bare', align: 'right' },
  { title: 'CPU µs/msg', align: 'right' },
  { title: '+CPU µs/msg', align: 'right' },
  { title: '+user µs/msg', align: 'right' },
  { title: '+main µs/msg', align: 'right' },
  { title: '+heap MB', align: 'right' },
  { title: 'ELD p99 ms', align: 'right' },
  { title: 'export B/msg', align: 'right' },
  { title: 'exported/msg', align: 'right' },
];

export function clientTable(summaries: readonly VariantSummary[]): string {
  const rows = summaries.map((s) => {
    const isBare = s.variant === 'bare';
    const failed = s.failures > 0 ? ` (${s.failures}/${s.runs} failed)` : '';
    return [
      s.workloadId,
      s.label + failed,
      thousands(s.messagesPerSecond),
      isBare ? '1' : fixed(s.ratioToBare, 3),
      fixed(s.cpuMicrosPerMessage, 1),
      isBare ? '' : signed(s.addedCpuMicrosPerMessage, 1),
      isBare ? '' : signed(s.addedUserCpuMicrosPerMessage, 1),
      isBare ? '' : signed(s.addedMainThreadCpuMicrosPerMessage, 1),
      isBare ? '' : signed(s.addedHeapBytes / (1024 * 1024), 1),
      fixed(s.eventLoopDelayP99Ms, 1),
      isBare ? '' : fixed(s.telemetryBytesPerMessage, 0),
      s.exportedPerMessage ? `${fixed(s.exportedPerMessage.count, 2)} ${s.exportedPerMessage.unit}` : '',
    ];
  });
  return renderTable(COLUMNS, rows);
}

export interface TargetVerdict {
  target: string;
  workloadId: string;
  measured: string;
  met: boolean | undefined;
}

function find(summaries: readonly VariantSummary[], workloadId: string, variant: VariantId) {
  return summaries.find((s) => s.workloadId === workloadId && s.variant === variant);
}

/** The targets, reported (never asserted): throughput ratios and CPU against the peers. */
export function clientTargets(
  summaries: readonly VariantSummary[],
  workloads: readonly Workload[],
): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  for (const workload of workloads) {
    const full = find(summaries, workload.id, 'kinstrument-full');
    const minimum = workload.kind === 'produce' ? 0.97 : workload.mode === 'eachMessage' ? 0.95 : 0.98;
    if (full) {
      verdicts.push({
        target: `full telemetry ≥ ${minimum}× bare`,
        workloadId: workload.id,
        measured: `${fixed(full.ratioToBare, 3)}×`,
        met: Number.isFinite(full.ratioToBare) ? full.ratioToBare >= minimum : undefined,
      });
    }
    const otel = find(summaries, workload.id, 'otel');
    const dd = find(summaries, workload.id, 'dd-trace');
    for (const ours of [find(summaries, workload.id, 'kinstrument-traces'), full]) {
      if (!ours || !otel || !dd) continue;
      const added = ours.addedCpuMicrosPerMessage;
      const limit = Math.min((2 / 3) * otel.addedCpuMicrosPerMessage, dd.addedCpuMicrosPerMessage);
      verdicts.push({
        target: `${ours.label}: +CPU ≤ ⅔ OTel and < dd-trace`,
        workloadId: workload.id,
        measured: `${fixed(added, 1)} µs vs OTel ${fixed(otel.addedCpuMicrosPerMessage, 1)} (⅔ = ${fixed(
          (2 / 3) * otel.addedCpuMicrosPerMessage,
          1,
        )}), dd-trace ${fixed(dd.addedCpuMicrosPerMessage, 1)}${mainThreadNote(ours, otel)}`,
        met: Number.isFinite(added) && Number.isFinite(limit) ? added <= limit : undefined,
      });
    }
  }
  return verdicts;
}

/** For reading a verdict: the main thread's share, where the box's off-thread noise does not reach. */
function mainThreadNote(ours: VariantSummary, otel: VariantSummary): string {
  const mine = ours.addedMainThreadCpuMicrosPerMessage;
  const theirs = otel.addedMainThreadCpuMicrosPerMessage;
  if (!Number.isFinite(mine) || !Number.isFinite(theirs)) return '';
  return `; main thread ${fixed(mine, 1)} vs OTel ${fixed(theirs, 1)}`;
}

export function targetsTable(verdicts: readonly TargetVerdict[]): string {
  return renderTable(
    [{ title: 'target' }, { title: 'workload' }, { title: 'measured' }, { title: 'met?' }],
    verdicts.map((v) => [
      v.target,
      v.workloadId,
      v.measured,
      v.met === undefined ? 'n/a' : v.met ? 'yes' : 'NO',
    ]),
  );
}
