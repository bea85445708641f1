// Store ingest (logs and spans per second) as bench/run sees it, two ways: the store alone (src/agent/store:
// its queue, writer thread and SQLite, in the bench process), and through a running agent, whose OTLP
// receiver and log tailer feed it while DogStatsD metrics keep arriving (agent-ingest.ts).
import { join, resolve } from 'node:path';
import type { BenchmarkReport, BenchmarkSection, ProgressLog } from '../benchmark-section';
import type { BenchOptions } from '../cli-options';
import { fixed, thousands } from '../support/format';
import { renderTable } from '../support/table';
import {
  AGENT_INGEST_PLANS,
  runAgentIngest,
  type AgentIngestPlan,
  type AgentIngestStep,
} from './agent-ingest';
import { measureIngest, type IngestResult } from './store-ingest';

function aloneSection(durationMs: number, results: readonly IngestResult[]): BenchmarkSection {
  return {
    title: 'Store: sustained ingest (SQLite, writer thread)',
    method:
      `Batches of 1,000 records offered for ${durationMs / 1000} s, the queue kept below half its limit, ` +
      'then drained; rate = records committed / (offer time + drain). Fresh database file per kind, in ' +
      'the bench process (the store alone: no OTLP decoding or log tailing in front).',
    table: renderTable(
      [
        { title: 'kind' },
        { title: 'written/s', align: 'right' },
        { title: 'written', align: 'right' },
        { title: 'refused', align: 'right' },
        { title: 'seconds', align: 'right' },
        { title: 'max transaction ms', align: 'right' },
        { title: 'file MB', align: 'right' },
      ],
      results.map((r) => [
        r.kind,
        thousands(r.writtenPerSecond),
        thousands(r.written),
        thousands(r.refused),
        fixed(r.seconds, 1),
        fixed(r.maxTransactionMs, 0),
        fixed(r.fileMegabytes, 1),
      ]),
    ),
  };
}

/** "90× 200, 5× 503 (4 busy, 1 store full)": the receiver's reasons for its 503s, where it gave any. */
function responses(step: AgentIngestStep): string {
  const entries = Object.entries(step.otlpResponses).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '—';
  const reasons = [
    step.otlpRefusedBusy > 0 ? `${step.otlpRefusedBusy} busy` : '',
    step.otlpRefusedStoreFull > 0 ? `${step.otlpRefusedStoreFull} store full` : '',
  ].filter((reason) => reason !== '');
  return entries
    .map(
      ([status, n]) =>
        `${n}× ${status}${status === '503' && reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}`,
    )
    .join(', ');
}

function throughAgentSection(plan: AgentIngestPlan, steps: readonly AgentIngestStep[]): BenchmarkSection {
  return {
    title: 'Store: ingest through the agent, next to DogStatsD intake',
    method:
      `One \`kinstrument agent\` (store on, flush_interval ${plan.flushIntervalSeconds} s). Per step, for ` +
      `${plan.stepMs / 1000} s: a generator POSTs OTLP/HTTP protobuf requests of ${plan.spansPerRequest} ` +
      `kinstrument \`process\` spans (${plan.concurrency} in flight at most) and appends the SDK's JSON log ` +
      `lines to a file the agent tails, while DogStatsD lines arrive at ${thousands(plan.dogstatsdLinesPerSecond)}/s ` +
      `(${thousands(plan.dogstatsdContexts)} contexts); the first step sends metrics only. Then the store's ` +
      'queue is drained and the file read to its end. "stored/s" = spans + logs committed / (step + drain). ' +
      'Intake not blocked = no DogStatsD line lost, OTLP answered 200, and /api/v1/health (probed every 100 ms) ' +
      'answering as fast as in the control. "OTLP p99" is timed by the generator (its own loop included); ' +
      '"agent p99" by the receiver (bucket bounds of its histograms): reading the body, then decoding it and ' +
      'queueing its spans (wall time, other work included: large trace requests are decoded in slices). ' +
      '"longest tx" is the longest store transaction so far. A 503 says why, by the receiver\'s count: ' +
      '"busy" (shed while the agent was behind on its DogStatsD intake) or "store full".',
    table: renderTable(
      [
        { title: 'step' },
        { title: 'spans sent', align: 'right' },
        { title: 'spans stored', align: 'right' },
        { title: 'spans refused', align: 'right' },
        { title: 'logs written', align: 'right' },
        { title: 'logs stored', align: 'right' },
        { title: 'stored/s', align: 'right' },
        { title: 'drain s', align: 'right' },
        { title: 'OTLP answers' },
        { title: 'OTLP p99 / max ms', align: 'right' },
        { title: 'agent p99 ms: read / decode+queue', align: 'right' },
        { title: 'probe p99 / max ms', align: 'right' },
        { title: 'DogStatsD lost', align: 'right' },
        { title: 'agent CPU (cores)', align: 'right' },
        { title: 'agent RSS MB', align: 'right' },
        { title: 'queue peak', align: 'right' },
        { title: 'longest tx ms', align: 'right' },
      ],
      steps.map((s) => [
        s.name,
        thousands(s.spansSent),
        thousands(s.spansStored),
        thousands(s.spansRefused + s.spansSkipped),
        thousands(s.logLinesWritten),
        thousands(s.logsStored),
        thousands(s.storedPerSecond),
        fixed(s.drainSeconds, 1),
        responses(s),
        Number.isFinite(s.otlpLatencyP99Ms)
          ? `${fixed(s.otlpLatencyP99Ms, 0)} / ${fixed(s.otlpLatencyMaxMs, 0)}`
          : '—',
        Number.isFinite(s.agentIngestP99Ms) ? `≤ ${s.agentReadP99Ms} / ≤ ${s.agentIngestP99Ms}` : '—',
        `${fixed(s.probeP99Ms, 0)} / ${fixed(s.probeMaxMs, 0)}`,
        thousands(s.dogstatsdLostLines),
        fixed(s.agentCores, 2),
        fixed(s.agentRssBytes / 1024 ** 2, 0),
        thousands(s.storeQueuePeak),
        fixed(s.maxTransactionMs, 0),
      ]),
    ),
  };
}

/** The highest-rate step (by spans/s) for which `ok` holds, on the default agent. */
function highestPassing(steps: readonly AgentIngestStep[], ok: (s: AgentIngestStep) => boolean): string {
  const passing = steps
    .filter((s) => s.readerThread && !s.baseline && s.targetSpansPerSecond > 0 && ok(s))
    .sort((a, b) => b.targetSpansPerSecond - a.targetSpansPerSecond);
  return passing[0]?.name ?? 'none';
}

function verdictSection(steps: readonly AgentIngestStep[]): BenchmarkSection {
  const loaded = steps.filter((s) => s.readerThread && !s.baseline && s.targetSpansPerSecond > 0);
  const failing = (ok: (s: AgentIngestStep) => boolean) =>
    loaded
      .filter((s) => !ok(s))
      .map((s) => s.name)
      .join('; ') || 'none';
  const noDogStatsDLoss = (s: AgentIngestStep) => s.dogstatsdLostLines === 0;
  const allAnswered = (s: AgentIngestStep) =>
    Object.entries(s.otlpResponses).every(([status]) => status === '200');
  const allStored = (s: AgentIngestStep) =>
    s.spansStored === s.spansSent && s.spansSkipped === 0 && s.logsStored === s.logLinesWritten;
  const rows = [
    ['no DogStatsD line lost while spans and logs are stored', noDogStatsDLoss],
    ['every OTLP request answered 200', allAnswered],
    ['every span and log line stored', allStored],
  ] as const;
  return {
    title: 'Store ingest through the agent: intake not blocked',
    method:
      'Per condition, the highest span rate at which it held on the default agent, and the steps where it did not.',
    table: renderTable(
      [{ title: 'condition' }, { title: 'held up to' }, { title: 'did not hold at' }],
      rows.map(([title, ok]) => [title, highestPassing(steps, ok), failing(ok)]),
    ),
  };
}

export async function storeBenchmark(options: BenchOptions, log: ProgressLog): Promise<BenchmarkReport> {
  const durationMs = options.quick ? 1_000 : 10_000;
  const results: IngestResult[] = [];
  for (const kind of ['logs', 'spans'] as const) {
    if (options.only !== undefined && !kind.includes(options.only)) continue;
    const result = await measureIngest(kind, durationMs);
    results.push(result);
    log(
      `store: ${kind}: ${thousands(result.writtenPerSecond)}/s written (${thousands(result.written)} in ${fixed(result.seconds, 1)} s)`,
    );
  }
  const plan = AGENT_INGEST_PLANS[options.quick ? 'quick' : 'full'];
  const throughAgent = await runAgentIngest(plan, log, {
    only: options.only,
    cpuProfileDir: options.cpuProfileDir,
  });
  // Another build side by side (--baseline DIR: its DIR/dist), after this one, as the agent benchmark does.
  if (options.baselineDir !== undefined) {
    throughAgent.push(
      ...(await runAgentIngest(plan, log, {
        only: options.only,
        cpuProfileDir: options.cpuProfileDir,
        cli: join(resolve(options.baselineDir), 'dist', 'src', 'cli', 'main.js'),
        label: ' (baseline)',
      })),
    );
  }
  const incomplete =
    results.some((r) => !(r.written > 0)) ||
    throughAgent.some(
      (s) =>
        !Number.isFinite(s.storedPerSecond) ||
        (s.targetSpansPerSecond > 0 && !(s.spansStored > 0)) ||
        (s.targetLogLinesPerSecond > 0 && !(s.logsStored > 0)),
    );
  return {
    name: 'store',
    incomplete,
    sections: [
      ...(results.length > 0 ? [aloneSection(durationMs, results)] : []),
      ...(throughAgent.length > 0
        ? [throughAgentSection(plan, throughAgent), verdictSection(throughAgent)]
        : []),
    ],
    data: { results, throughAgent },
  };
}
