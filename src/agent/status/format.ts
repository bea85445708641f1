// `kinstrument status` text, in the layout Datadog Agent users know: an Agent header, Collector (Running
// Checks, Config Errors), JMX, DogStatsD.
import type { InstanceStatus } from '../checks';
import { formatOtlpExportStatus } from '../export/otlp';
import { formatDogStatsDStatus } from '../intake/dogstatsd';
import { formatOtlpReceiverStatus } from '../intake/otlp';
import type { LogCollectorStats } from '../logs';
import type { LogMetricsStats } from '../logs/metrics';
import type { YoungGenerationMode } from '../runtime/young-generation';
import { formatStoreStatus } from '../store';
import type { AgentStatus } from './status';

/** Checks that read JMX (through Jolokia): shown again in the JMX section, as Datadog shows JMXFetch. */
const JMX_CHECKS = new Set(['kafka']);

function banner(title: string): string[] {
  const rule = '='.repeat(title.length + 2);
  return [rule, ` ${title}`, rule, ''];
}

function heading(title: string, indent: string, underline = '='): string[] {
  return [`${indent}${title}`, `${indent}${underline.repeat(title.length)}`];
}

function time(ms: number | undefined): string {
  return ms === undefined
    ? 'never'
    : new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
}

function duration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const parts = [
    [Math.floor(seconds / 86400), 'd'],
    [Math.floor((seconds % 86400) / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'm'],
    [seconds % 60, 's'],
  ] as const;
  return parts
    .filter(([value], i) => value > 0 || i === 3)
    .map(([v, u]) => `${v}${u}`)
    .join(' ');
}

function instanceLines(instance: InstanceStatus): string[] {
  const lines = [
    `      Instance ID: ${instance.id} [${instance.state}]`,
    `      Configuration Source: ${instance.configSource}`,
    `      Total Runs: ${instance.totalRuns}`,
    `      Metric Samples: Last Run: ${instance.metricSamples.lastRun}, Total: ${instance.metricSamples.total}`,
    `      Events: Last Run: ${instance.events.lastRun}, Total: ${instance.events.total}`,
    `      Service Checks: Last Run: ${instance.serviceChecks.lastRun}, Total: ${instance.serviceChecks.total}`,
    `      Average Execution Time : ${Math.round(instance.averageExecutionMs)}ms`,
    `      Last Execution Date : ${time(instance.lastExecutionAt)}`,
    `      Last Successful Execution Date : ${time(instance.lastSuccessfulExecutionAt)}`,
  ];
  if (instance.skippedRuns > 0)
    lines.push(`      Skipped Runs (previous run still going): ${instance.skippedRuns}`);
  if (instance.lastError)
    lines.push(
      `      Error: ${instance.lastError.message}`,
      `      Error Date : ${time(instance.lastError.at)}`,
    );
  for (const warning of instance.lastWarnings) lines.push(`      Warning: ${warning}`);
  const metadata = Object.entries(instance.metadata);
  if (metadata.length > 0) {
    lines.push('      metadata:');
    for (const [key, value] of metadata.sort(([a], [b]) => a.localeCompare(b)))
      lines.push(`        ${key}: ${value}`);
  }
  return lines;
}

export function formatStatus(status: AgentStatus): string {
  const lines: string[] = [];
  lines.push(...banner(`Agent (v${status.version})`));
  lines.push(
    `  Status date: ${time(status.now)}`,
    `  Agent start: ${time(status.startedAt)} (up ${duration(status.now - status.startedAt)})`,
    `  Pid: ${status.pid}`,
    `  Hostname: ${status.hostname}`,
    `  Config File: ${status.configFile ?? 'none (defaults)'}`,
    `  conf.d: ${status.confdPath}`,
    '',
  );

  lines.push(...banner('Collector'));
  lines.push(...heading('Running Checks', '  '), '');
  const byCheck = new Map<string, InstanceStatus[]>();
  for (const instance of status.checks)
    byCheck.set(instance.check, [...(byCheck.get(instance.check) ?? []), instance]);
  if (byCheck.size === 0) lines.push('    No checks have run yet', '');
  for (const [check, instances] of [...byCheck].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(...heading(`${check} (${status.version})`, '    ', '-'));
    for (const instance of instances) lines.push(...instanceLines(instance), '');
  }
  const errors = Object.entries(status.configErrors.byCheck);
  if (errors.length > 0 || status.configErrors.general.length > 0) {
    lines.push(...heading('Config Errors', '  '), '');
    for (const problem of status.configErrors.general) lines.push(`    ${problem}`);
    for (const [check, problems] of errors.sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(...heading(check, '    ', '-'));
      for (const problem of problems) lines.push(`      ${problem}`);
      lines.push('');
    }
  }

  lines.push(...banner('JMX'));
  lines.push(...heading('Initialized checks', '  '));
  const jmx = status.checks.filter((c) => JMX_CHECKS.has(c.check));
  if (jmx.length === 0) lines.push('    no JMX checks configured');
  for (const instance of jmx) {
    lines.push(
      `    ${instance.check}`,
      `      instance_name: ${instance.id}`,
      `      metric_count: ${instance.metricSamples.lastRun}`,
      `      service_check_count: ${instance.serviceChecks.lastRun}`,
      `      message: ${instance.lastError?.message ?? '<no value>'}`,
      `      status: ${instance.state === 'ERROR' ? 'ERROR' : instance.state === 'NOT_RUN' ? 'INITIALIZING' : 'OK'}`,
    );
  }
  lines.push('');

  if (!status.dogstatsd)
    lines.push(
      ...heading('DogStatsD', ''),
      '  not running (use_dogstatsd: false, or no port and no socket)',
      '',
    );
  lines.push(...formatDogStatsDStatus(status.dogstatsd, status.aggregator));
  lines.push(...flushGcLines(status.flushGc));
  lines.push(...youngGenerationLines(status.youngGeneration));
  if (status.prometheus) {
    lines.push(...heading('Prometheus', ''));
    lines.push(
      `  Endpoint: /metrics on ${status.api ? `http://${status.api.host}:${status.api.port}` : 'the API port'}`,
    );
    for (const [key, value] of Object.entries(status.prometheus)) {
      if (typeof value === 'number') lines.push(`  ${key}: ${value}`);
    }
    lines.push('');
  }
  lines.push(...logsAgentLines(status.logs, status.logMetrics));
  if (status.otlpReceiver)
    lines.push(...formatOtlpReceiverStatus(status.otlpReceiver.stats, status.otlpReceiver.url), '');
  if (status.store) lines.push(...formatStoreStatus(status.store), '');
  if (status.otlpExport) lines.push(...formatOtlpExportStatus(status.otlpExport), '');
  return lines.join('\n');
}

function logsAgentLines(
  stats: LogCollectorStats | undefined,
  logMetrics: LogMetricsStats | undefined,
): string[] {
  const lines = [...heading('Logs Agent', '')];
  if (!stats) lines.push('  not collecting files (logs_enabled: false, or no logs: section in conf.d)');
  else {
    lines.push(
      `  Files tailed: ${stats.filesTailed} (${stats.openFiles} open)`,
      `  Lines read: ${stats.linesRead} (${stats.bytesRead} bytes)`,
      `  Records sent: ${stats.recordsSent}`,
      `  Parse failures: ${stats.parseFailures}`,
      `  Truncated lines: ${stats.truncatedLines}`,
      `  Excluded records: ${stats.excludedRecords}`,
      `  Rotations: ${stats.rotations}, truncations: ${stats.truncations}`,
      `  Dropped records: ${stats.droppedRecords}`,
    );
    for (const file of stats.files) lines.push(`    ${file.path} [${file.source}] offset ${file.offset}`);
    for (const problem of stats.problems) lines.push(`  Problem: ${problem}`);
  }
  if (logMetrics) {
    lines.push(
      `  Log-based metrics: ${logMetrics.rules} rule(s), ${logMetrics.matches} match(es) counted` +
        `, ${logMetrics.contextOverflow} over the context limit, ${logMetrics.errors} error(s)`,
    );
    for (const rule of logMetrics.perRule)
      lines.push(`    ${rule.name}${rule.builtIn ? ' (shipped)' : ''}: ${rule.matches}`);
  }
  return [...lines, ''];
}

const YOUNG_GENERATION_MODES: Record<YoungGenerationMode, string> = {
  held: 'held (young_generation_growth: false)',
  v8: 'left to V8 (young_generation_growth: true)',
  'node-options': "sized by the node options' semi-space flag",
};

function youngGenerationLines(stats: AgentStatus['youngGeneration']): string[] {
  if (stats === undefined) return [];
  const megabytes = (stats.newSpaceBytes / 1024 ** 2).toFixed(1);
  return [`  Young generation: ${YOUNG_GENERATION_MODES[stats.mode]}, main thread ${megabytes} MB`, ''];
}

/** Shown once a large flush has been collected after, or when collecting after flushes is impossible. */
function flushGcLines(stats: AgentStatus['flushGc'] | undefined): string[] {
  if (stats === undefined) return [];
  if (stats.unavailable !== undefined)
    return [`  Garbage collection after large flushes: unavailable (${stats.unavailable})`, ''];
  if (stats.collections === 0) return [];
  const average = stats.totalMs / stats.collections;
  return [
    `  Garbage collection after large flushes: ${stats.collections} run(s), ${average.toFixed(1)} ms on average`,
    '',
  ];
}
