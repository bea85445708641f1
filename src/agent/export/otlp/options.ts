// Settings of the upstream OTLP exporter. Sizes in bytes, times in milliseconds.
import type { Attributes } from '../../intake/otlp/model';
import type { OtlpSignal } from '../../intake/otlp/signals';

export type OtlpExportProtocol = 'http/protobuf' | 'http/json';

export interface OtlpExporterOptions {
  /** Base URL of an OTLP/HTTP receiver (`/v1/traces`, `/v1/logs`, `/v1/metrics` are appended). */
  endpoint: string;
  protocol: OtlpExportProtocol;
  /** Extra request headers (API keys, …). */
  headers: Record<string, string>;
  compression: 'gzip' | 'none';
  /** Which signals to forward. */
  signals: Record<OtlpSignal, boolean>;
  /** Per request. */
  timeoutMs: number;
  /** Directory of the disk buffer (`<run_path>/otlp-buffer`). */
  bufferPath: string;
  /** Most bytes the disk buffer holds; past it the oldest batches are dropped (and counted). */
  maxBufferBytes: number;
  /** Records per request. */
  maxBatchRecords: number;
  /** Records waiting in memory to be batched, all signals together; past it new ones are dropped. */
  maxPendingRecords: number;
  /** How often pending records are batched even when fewer than a batch. */
  flushIntervalMs: number;
  /** Exponential backoff between retries (with ±20% jitter), reset by a success. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Longest Retry-After honoured. */
  maxRetryAfterMs: number;
  /** Resource attributes of forwarded metrics (the agent's own: service.name, …). */
  metricsResource: Attributes;
  clock: () => number;
  random: () => number;
}

export const DEFAULT_OTLP_EXPORTER_OPTIONS: Omit<OtlpExporterOptions, 'endpoint' | 'bufferPath'> = {
  protocol: 'http/protobuf',
  headers: {},
  compression: 'gzip',
  signals: { traces: true, logs: true, metrics: true },
  timeoutMs: 10_000,
  maxBufferBytes: 256 * 1024 * 1024,
  maxBatchRecords: 1_000,
  maxPendingRecords: 20_000,
  flushIntervalMs: 2_000,
  initialBackoffMs: 1_000,
  maxBackoffMs: 60_000,
  maxRetryAfterMs: 300_000,
  metricsResource: { 'service.name': 'kinstrument-agent' },
  clock: () => Date.now(),
  random: () => Math.random(),
};

export type OtlpExporterOptionsInput = Pick<OtlpExporterOptions, 'endpoint' | 'bufferPath'> &
  Partial<Omit<OtlpExporterOptions, 'endpoint' | 'bufferPath' | 'signals'>> & {
    signals?: Partial<Record<OtlpSignal, boolean>>;
  };

export function resolveOtlpExporterOptions(input: OtlpExporterOptionsInput): OtlpExporterOptions {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const options: OtlpExporterOptions = {
    ...DEFAULT_OTLP_EXPORTER_OPTIONS,
    ...defined,
    endpoint: input.endpoint,
    bufferPath: input.bufferPath,
    signals: { ...DEFAULT_OTLP_EXPORTER_OPTIONS.signals, ...(input.signals ?? {}) },
  };
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(options.endpoint);
  } catch {
    problems.push(`endpoint ${JSON.stringify(options.endpoint)} is not a URL`);
  }
  if (url !== undefined && url.protocol !== 'http:' && url.protocol !== 'https:')
    problems.push('endpoint must be an http:// or https:// URL');
  if (options.protocol !== 'http/protobuf' && options.protocol !== 'http/json')
    problems.push('protocol must be http/protobuf or http/json');
  if (options.compression !== 'gzip' && options.compression !== 'none')
    problems.push('compression must be gzip or none');
  for (const key of [
    'timeoutMs',
    'maxBufferBytes',
    'maxBatchRecords',
    'maxPendingRecords',
    'flushIntervalMs',
    'initialBackoffMs',
    'maxBackoffMs',
  ] as const) {
    if (!(Number.isFinite(options[key]) && options[key] > 0)) problems.push(`${key} must be positive`);
  }
  if (problems.length > 0) throw new Error(`OTLP exporter: ${problems.join('; ')}`);
  options.endpoint = options.endpoint.replace(/\/+$/, '');
  return options;
}
