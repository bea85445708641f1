// The instrumentation variants compared side by side. Each runs the same child script in a fresh process;
// they differ only in what is preloaded and in their environment.
import { join } from 'node:path';
import { configKey, type ConfigOptionPath } from '../../src/catalog/config-keys';
import { benchScript, projectRoot } from '../support/paths';
import { KINSTRUMENT_DIST_ENV, OTEL_VARIANT_URL_ENV } from './child/export-settings';
import type { SinkAddresses } from './sinks/telemetry-sinks';

export type VariantId =
  | 'bare'
  | 'bare-async-context'
  | 'kinstrument-full'
  | 'kinstrument-traces'
  | 'kinstrument-traces-w3c'
  | 'kinstrument-patch-only'
  | 'kinstrument-traces-noexport'
  | 'kinstrument-traces-json'
  | 'kinstrument-traces-metrics'
  | 'kinstrument-traces-logs'
  | 'kinstrument-full-no-produce-header'
  | 'kinstrument-full-baseline'
  | 'kinstrument-traces-baseline'
  | 'otel'
  | 'dd-trace';

export interface Variant {
  id: VariantId;
  /** What the variant is, for the table. */
  label: string;
  /** `-r` modules, before the child script. */
  preload: string[];
  /** Not in the default set; run it by naming it in --variants (experiments behind a suggestion). */
  optional?: boolean;
  env(sinks: SinkAddresses): Record<string, string>;
}

/**
 * kinstrument as users preload it, from a built copy (`<dir>/dist`): this checkout's, or a baseline build
 * given with --baseline to compare a change against side by side.
 */
function kinstrumentPreload(distDir: string): string[] {
  return [join(distDir, 'register.js'), benchScript('client', 'child', 'kinstrument-flush-preload.js')];
}

const OWN_DIST = join(projectRoot, 'dist');

/** The environment variable kinstrument reads first for a setting (checked against the config catalog). */
function kinstrumentEnv(option: ConfigOptionPath): string {
  const name = configKey(option).env[0];
  if (!name) throw new Error(`config key ${option} has no environment variable`);
  return name;
}

/** kinstrument with spans only: every trace sampled, exported over OTLP/HTTP (its default encoding) to the harness' receiver. */
function kinstrumentTracesOnlyEnv(sinks: SinkAddresses, distDir = OWN_DIST): Record<string, string> {
  return {
    [KINSTRUMENT_DIST_ENV]: distDir,
    [kinstrumentEnv('serviceName')]: 'bench-kinstrument',
    [kinstrumentEnv('traces.enabled')]: 'true',
    [kinstrumentEnv('traces.exporter')]: 'otlp',
    [kinstrumentEnv('traces.endpoint')]: `${sinks.otlpBaseUrl}/v1/traces`,
    [kinstrumentEnv('traces.sampler')]: 'parentbased_always_on',
    [kinstrumentEnv('metrics.enabled')]: 'false',
    [kinstrumentEnv('logs.enabled')]: 'false',
    [kinstrumentEnv('logLevel')]: 'warn',
  };
}

/**
 * "Full telemetry": everything the SDK can send, at 100 % sampling. THE one place to update when the SDK
 * gains a signal or a setting changes name (the names come from src/catalog/config-keys.ts, so a renamed
 * key fails the build here).
 */
function kinstrumentFullTelemetryEnv(sinks: SinkAddresses, distDir = OWN_DIST): Record<string, string> {
  return {
    ...kinstrumentTracesOnlyEnv(sinks, distDir),
    [kinstrumentEnv('metrics.enabled')]: 'true',
    [kinstrumentEnv('metrics.statsdUrl')]: `udp://127.0.0.1:${sinks.statsdPort}`,
    [kinstrumentEnv('logs.enabled')]: 'true',
    [kinstrumentEnv('logs.destination')]: sinks.logFile,
  };
}

/**
 * dd-trace as its users run it (`-r dd-trace/init`, configured by DD_* variables), every trace kept (the
 * sink answers with sample rate 1), flushing every second like the other variants (its default is 2 s;
 * the harness also flushes it at the edges of the measured window).
 * Remote configuration and instrumentation telemetry poll the agent in the background; they are turned off
 * so only tracing is compared. Runtime metrics stay off (their default).
 */
function ddTraceEnv(sinks: SinkAddresses): Record<string, string> {
  return {
    DD_SERVICE: 'bench-dd-trace',
    DD_TRACE_AGENT_URL: sinks.datadogAgentUrl,
    DD_DOGSTATSD_HOST: '127.0.0.1',
    DD_DOGSTATSD_PORT: String(sinks.statsdPort),
    DD_TRACE_FLUSH_INTERVAL: '1000',
    DD_TRACE_STARTUP_LOGS: 'false',
    DD_REMOTE_CONFIGURATION_ENABLED: 'false',
    DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
  };
}

export const VARIANTS: readonly Variant[] = [
  { id: 'bare', label: 'bare kafkajs', preload: [], env: () => ({}) },
  {
    // Ablation: no instrumentation, only an AsyncLocalStorage in use (what its promise hooks cost, by difference).
    id: 'bare-async-context',
    label: 'bare kafkajs, AsyncLocalStorage in use',
    preload: [benchScript('client', 'child', 'async-context-preload.js')],
    env: () => ({}),
    optional: true,
  },
  {
    id: 'kinstrument-full',
    label: 'kinstrument full',
    preload: kinstrumentPreload(OWN_DIST),
    env: (sinks) => kinstrumentFullTelemetryEnv(sinks),
  },
  {
    id: 'kinstrument-traces',
    label: 'kinstrument traces',
    preload: kinstrumentPreload(OWN_DIST),
    env: (sinks) => kinstrumentTracesOnlyEnv(sinks),
  },
  {
    // What dropping the Datadog header format would save: W3C trace context and baggage only.
    id: 'kinstrument-traces-w3c',
    label: 'kinstrument traces, W3C headers only',
    preload: kinstrumentPreload(OWN_DIST),
    env: (sinks) => ({
      ...kinstrumentTracesOnlyEnv(sinks),
      [kinstrumentEnv('traces.propagators')]: 'tracecontext,baggage',
    }),
    optional: true,
  },
  {
    // Ablation: the kafkajs patch with every signal off (what the patch and its require hook cost alone).
    id: 'kinstrument-patch-only',
    label: 'kinstrument, signals off',
    preload: kinstrumentPreload(OWN_DIST),
    env: (sinks) => ({ ...kinstrumentTracesOnlyEnv(sinks), [kinstrumentEnv('traces.enabled')]: 'false' }),
    optional: true,
  },
  {
    // Ablation: spans made and propagated but never exported (what export costs, by difference).
    id: 'kinstrument-traces-noexport',
    label: 'kinstrument traces, no export',
    preload: kinstrumentPreload(OWN_DIST),
    env: (sinks) => ({ ...kinstrumentTracesOnlyEnv(sinks), [kinstrumentEnv('traces.exporter')]: 'none' }),
    optional: true,
  },
  {
    // OTLP/HTTP JSON instead of the default protobuf (what the encoding costs, by difference).
    id: 'kinstrument-traces-json',
    label: 'kinstrument traces, OTLP JSON',
    preload: kinstrumentPreload(OWN_DIST),
    env: (sinks) => ({
      ...kinstrumentTracesOnlyEnv(sinks),
      [kinstrumentEnv('traces.protocol')]: 'http/json',
    }),
    optional: true,
  },
  {
    // Ablation: full telemetry without logs (what the logs signal costs, by difference from full).
    id: 'kinstrument-traces-metrics',
    label: 'kinstrument traces + metrics',
    preload: kinstrumentPreload(OWN_DIST),
    env: (sinks) => ({ ...kinstrumentFullTelemetryEnv(sinks), [kinstrumentEnv('logs.enabled')]: 'false' }),
    optional: true,
  },
  {
    // Ablation: full telemetry without metrics (what the metrics signal costs, by difference from full).
    id: 'kinstrument-traces-logs',
    label: 'kinstrument traces + logs',
    preload: kinstrumentPreload(OWN_DIST),
    env: (sinks) => ({ ...kinstrumentFullTelemetryEnv(sinks), [kinstrumentEnv('metrics.enabled')]: 'false' }),
    optional: true,
  },
  {
    // Ablation: full telemetry without the produce-time header (what a sixth header costs, by difference).
    id: 'kinstrument-full-no-produce-header',
    label: 'kinstrument full, no produce-time header',
    preload: kinstrumentPreload(OWN_DIST),
    env: (sinks) => ({
      ...kinstrumentFullTelemetryEnv(sinks),
      [kinstrumentEnv('metrics.produceTimeHeader')]: 'false',
    }),
    optional: true,
  },
  {
    id: 'otel',
    label: 'OTel instr-kafkajs',
    preload: [benchScript('client', 'child', 'otel-preload.js')],
    env: (sinks) => ({ [OTEL_VARIANT_URL_ENV]: `${sinks.otlpBaseUrl}/v1/traces` }),
  },
  {
    id: 'dd-trace',
    label: 'dd-trace',
    preload: [require.resolve('dd-trace/init'), benchScript('client', 'child', 'dd-trace-flush-preload.js')],
    env: ddTraceEnv,
  },
];

/** The same two kinstrument variants from a baseline build (`<dir>/dist`), to measure a change before/after. */
export function baselineVariants(baselineDir: string): Variant[] {
  const distDir = join(baselineDir, 'dist');
  return [
    {
      id: 'kinstrument-full-baseline',
      label: 'kinstrument full (baseline)',
      preload: kinstrumentPreload(distDir),
      env: (sinks) => kinstrumentFullTelemetryEnv(sinks, distDir),
    },
    {
      id: 'kinstrument-traces-baseline',
      label: 'kinstrument traces (baseline)',
      preload: kinstrumentPreload(distDir),
      env: (sinks) => kinstrumentTracesOnlyEnv(sinks, distDir),
    },
  ];
}
