// The agent's main configuration (kinstrument.yaml): read, validated, resolved to one typed object.
// Every problem names the file, the key and what is wrong; the keys are those of src/catalog/agent-config.ts.
import { hostname as osHostname } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { HISTOGRAM_AGGREGATES, type HistogramAggregate } from '../aggregator/options';
import { InstanceReader, isRecord } from '../checks/config/instance-reader';
import { parseLogMetricRules, type LogMetricRule } from '../logs/metrics';
import { DEFAULT_READER_QUEUE_BYTES, MIN_READER_QUEUE_BYTES } from '../intake/dogstatsd/udp-thread/protocol';
import { parseDurationSeconds, parseSize } from './units';
import { parseYamlFile } from './yaml-file';

const DEFAULT_SPANS_LOGS_QUEUE_BYTES = 128 * 1024 ** 2;
const MIN_SPANS_LOGS_QUEUE_BYTES = 1024 ** 2;

export interface AgentConfig {
  /** The file read, or undefined when the agent runs on defaults. */
  file: string | undefined;
  hostname: string;
  tags: string[];
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  bindHost: string;
  cmdPort: number;
  apiToken: string | undefined;
  confdPath: string;
  runPath: string;
  dogstatsd: {
    enabled: boolean;
    port: number;
    socket: string | undefined;
    host: string;
    bufferSize: number;
    receiveBufferSize: number | undefined;
    /** Read the UDP socket on a thread of its own. */
    readerThread: boolean;
    /** Datagram bytes the reader thread may queue for the parser. */
    readerQueueBytes: number;
    contextLimit: number;
    expirySeconds: number;
  };
  flushIntervalSeconds: number;
  histogramAggregates: HistogramAggregate[];
  histogramPercentiles: number[];
  prometheusEnabled: boolean;
  /** Let V8 grow the young generation (see src/agent/runtime/young-generation.ts). */
  youngGenerationGrowth: boolean;
  logsEnabled: boolean;
  /** Log-based metric rules (the shipped defaults first, unless turned off), counted on collected logs. */
  logMetricRules: LogMetricRule[];
  otlpReceiver: { port: number; maxRequestBytes: number };
  storage: {
    enabled: boolean;
    path: string;
    maxSizeBytes: number;
    writeQueueSize: number;
    /** Estimated heap bytes of the queued spans and logs at most. */
    writeQueueSpansLogsBytes: number;
    retentionSeconds: {
      metricsRaw: number;
      metrics1m: number;
      metrics1h: number;
      logs: number;
      traces: number;
    };
  };
  otlpExport:
    | {
        endpoint: string;
        protocol: 'http/protobuf' | 'http/json';
        headers: Record<string, string>;
        compression: 'gzip' | 'none';
        signals: { traces: boolean; logs: boolean; metrics: boolean };
        timeoutSeconds: number;
        bufferMaxBytes: number;
      }
    | undefined;
}

export class AgentConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid agent configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'AgentConfigError';
  }
}

export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

/** Reads `file` (or runs on defaults when it is undefined); throws AgentConfigError listing every problem. */
export function loadAgentConfig(
  file: string | undefined,
  overrides: { confdPath?: string } = {},
): AgentConfig {
  const document = file === undefined ? {} : parseYamlFile(file);
  const where = file ?? 'defaults';
  if (document === null || document === undefined) return resolveAgentConfig({}, file, overrides);
  if (!isRecord(document)) throw new AgentConfigError([`${where}: must be a mapping of settings`]);
  return resolveAgentConfig(document, file, overrides);
}

export function resolveAgentConfig(
  raw: Record<string, unknown>,
  file: string | undefined,
  overrides: { confdPath?: string } = {},
): AgentConfig {
  const read = new InstanceReader(raw, '', ['api_token']);
  const baseDir = file ? dirname(resolve(file)) : process.cwd();
  const pathSetting = (key: string, fallback: string) => {
    const value = read.string(key);
    return value === undefined
      ? join(baseDir, fallback)
      : isAbsolute(value)
        ? value
        : resolve(baseDir, value);
  };
  const logLevel = read.string('log_level', { default: 'info' }) ?? 'info';
  const levels = ['error', 'warn', 'info', 'debug'] as const;
  if (!(levels as readonly string[]).includes(logLevel))
    read.problem('log_level', `must be one of ${levels.join(', ')}, got ${JSON.stringify(logLevel)}`);
  const bindHost = read.string('bind_host', { default: '127.0.0.1' }) ?? '127.0.0.1';
  const apiToken = read.string('api_token');
  const cmdPort = read.integer('cmd_port', { min: 0, max: 65535, default: 5001 });
  if (!LOOPBACK_HOSTS.includes(bindHost) && cmdPort !== 0 && !apiToken) {
    read.problem('api_token', `is required when bind_host (${bindHost}) is not a loopback address`);
  }
  const aggregates = read.stringList('histogram_aggregates', { allowed: HISTOGRAM_AGGREGATES });
  const percentiles = read.value('histogram_percentiles');
  let histogramPercentiles = [0.95];
  if (percentiles !== undefined) {
    const list = Array.isArray(percentiles) ? percentiles.map(Number) : [Number.NaN];
    if (list.every((p) => p > 0 && p < 1)) histogramPercentiles = list;
    else
      read.problem(
        'histogram_percentiles',
        `must be a list of numbers between 0 and 1, got ${read.describe('histogram_percentiles', percentiles)}`,
      );
  }
  const nonLocal = read.boolean('dogstatsd_non_local_traffic', false);
  const config: AgentConfig = {
    file,
    hostname: read.string('hostname', { default: osHostname() }) ?? osHostname(),
    tags: read.tags('tags'),
    logLevel: (levels as readonly string[]).includes(logLevel)
      ? (logLevel as AgentConfig['logLevel'])
      : 'info',
    bindHost,
    cmdPort,
    apiToken,
    confdPath: overrides.confdPath ? resolve(overrides.confdPath) : pathSetting('confd_path', 'conf.d'),
    runPath: pathSetting('run_path', 'run'),
    dogstatsd: {
      enabled: read.boolean('use_dogstatsd', true),
      port: read.integer('dogstatsd_port', { min: 0, max: 65535, default: 8125 }),
      socket: read.string('dogstatsd_socket'),
      host: nonLocal ? '0.0.0.0' : bindHost,
      bufferSize: read.integer('dogstatsd_buffer_size', { min: 512, max: 65535, default: 8192 }),
      receiveBufferSize: read.has('dogstatsd_so_rcvbuf')
        ? read.integer('dogstatsd_so_rcvbuf', { min: 4096, max: 1 << 30, default: 1 << 20 })
        : undefined,
      readerThread: read.boolean('dogstatsd_reader_thread', true),
      // Filled in below, where sizes are read.
      readerQueueBytes: 0,
      contextLimit: read.integer('dogstatsd_context_limit', { min: 1, max: 10_000_000, default: 100_000 }),
      expirySeconds: read.seconds('dogstatsd_expiry_seconds', { default: 300 }),
    },
    flushIntervalSeconds: read.seconds('flush_interval', { default: 10, max: 3600 }),
    histogramAggregates:
      aggregates.length > 0 ? (aggregates as HistogramAggregate[]) : ['max', 'median', 'avg', 'count'],
    histogramPercentiles,
    prometheusEnabled: read.boolean('prometheus_enabled', true),
    youngGenerationGrowth: read.boolean('young_generation_growth', false),
    logsEnabled: read.boolean('logs_enabled', false),
    logMetricRules: [],
    // Filled in below, with the nested sections.
    otlpReceiver: { port: 4318, maxRequestBytes: 0 },
    storage: {
      enabled: true,
      path: '',
      maxSizeBytes: 0,
      writeQueueSize: 0,
      writeQueueSpansLogsBytes: 0,
      retentionSeconds: { metricsRaw: 0, metrics1m: 0, metrics1h: 0, logs: 0, traces: 0 },
    },
    otlpExport: undefined,
  };
  const nested: InstanceReader[] = [];
  const section = (key: string) => {
    const reader = new InstanceReader(read.map(key) ?? {}, key, ['headers']);
    nested.push(reader);
    return reader;
  };
  const size = (reader: InstanceReader, key: string, fallback: number) => {
    const value = reader.value(key);
    if (value === undefined) return fallback;
    const bytes = parseSize(value);
    if (bytes === undefined)
      reader.problem(key, `must be a size like 512, 20MiB or 1GiB, got ${reader.describe(key, value)}`);
    return bytes ?? fallback;
  };
  const duration = (reader: InstanceReader, key: string, fallbackSeconds: number) => {
    const value = reader.value(key);
    if (value === undefined) return fallbackSeconds;
    const seconds = parseDurationSeconds(value);
    if (seconds === undefined || seconds <= 0) {
      reader.problem(key, `must be a duration like 90s, 12h or 7d, got ${reader.describe(key, value)}`);
    }
    return seconds && seconds > 0 ? seconds : fallbackSeconds;
  };
  config.dogstatsd.readerQueueBytes = size(read, 'dogstatsd_reader_queue_size', DEFAULT_READER_QUEUE_BYTES);
  if (config.dogstatsd.readerQueueBytes < MIN_READER_QUEUE_BYTES) {
    read.problem(
      'dogstatsd_reader_queue_size',
      `must be at least 256KiB (one batch of datagrams), got ${config.dogstatsd.readerQueueBytes} bytes`,
    );
    config.dogstatsd.readerQueueBytes = DEFAULT_READER_QUEUE_BYTES;
  }
  config.otlpReceiver = {
    port: read.integer('otlp_receiver_port', { min: 0, max: 65535, default: 4318 }),
    maxRequestBytes: size(read, 'otlp_receiver_max_request_size', 20 * 1024 * 1024),
  };
  const storage = section('storage');
  const retention = section('retention');
  const storagePath = storage.string('path');
  config.storage = {
    enabled: storage.boolean('enabled', true),
    path: storagePath === undefined ? join(config.runPath, 'kinstrument.db') : resolve(baseDir, storagePath),
    maxSizeBytes: size(storage, 'max_size', 1024 ** 3),
    writeQueueSize: storage.integer('write_queue_size', { min: 100, max: 10_000_000, default: 1_000_000 }),
    writeQueueSpansLogsBytes: size(
      storage,
      'write_queue_spans_logs_max_size',
      DEFAULT_SPANS_LOGS_QUEUE_BYTES,
    ),
    retentionSeconds: {
      metricsRaw: duration(retention, 'metrics_raw', 86_400),
      metrics1m: duration(retention, 'metrics_1m', 7 * 86_400),
      metrics1h: duration(retention, 'metrics_1h', 90 * 86_400),
      logs: duration(retention, 'logs', 7 * 86_400),
      traces: duration(retention, 'traces', 7 * 86_400),
    },
  };
  if (config.storage.writeQueueSpansLogsBytes < MIN_SPANS_LOGS_QUEUE_BYTES) {
    storage.problem(
      'write_queue_spans_logs_max_size',
      `must be at least 1MiB, got ${config.storage.writeQueueSpansLogsBytes} bytes`,
    );
    config.storage.writeQueueSpansLogsBytes = DEFAULT_SPANS_LOGS_QUEUE_BYTES;
  }
  const exportSection = section('otlp_export');
  const exportEnabled = exportSection.boolean('enabled', false);
  const endpoint = exportSection.string('endpoint');
  const protocol = exportSection.string('protocol', { default: 'http/protobuf' }) ?? 'http/protobuf';
  const compression = exportSection.string('compression', { default: 'gzip' }) ?? 'gzip';
  const signals = exportSection.stringList('signals', { allowed: ['traces', 'logs', 'metrics'] });
  const headers = exportSection.map('headers') ?? {};
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    exportSection.problem('protocol', `must be http/protobuf or http/json, got ${JSON.stringify(protocol)}`);
  }
  if (compression !== 'gzip' && compression !== 'none') {
    exportSection.problem('compression', `must be gzip or none, got ${JSON.stringify(compression)}`);
  }
  if (Object.values(headers).some((v) => typeof v !== 'string')) {
    exportSection.problem('headers', 'must map header names to strings');
  }
  if (exportEnabled && endpoint === undefined) {
    exportSection.problem('endpoint', 'is required when otlp_export.enabled is true');
  }
  if (endpoint !== undefined && !/^https?:\/\/\S+$/.test(endpoint)) {
    exportSection.problem('endpoint', `must be an http(s) URL, got ${JSON.stringify(endpoint)}`);
  }
  const timeoutSeconds = duration(exportSection, 'timeout', 10);
  const bufferMaxBytes = size(exportSection, 'buffer_max_size', 256 * 1024 ** 2);
  const chosen = signals.length > 0 ? signals : ['traces', 'logs', 'metrics'];
  config.otlpExport =
    exportEnabled && endpoint !== undefined
      ? {
          endpoint,
          protocol: protocol === 'http/json' ? 'http/json' : 'http/protobuf',
          headers: headers as Record<string, string>,
          compression: compression === 'none' ? 'none' : 'gzip',
          signals: {
            traces: chosen.includes('traces'),
            logs: chosen.includes('logs'),
            metrics: chosen.includes('metrics'),
          },
          timeoutSeconds,
          bufferMaxBytes,
        }
      : undefined;

  const logMetrics = parseLogMetricRules(
    read.value('log_based_metrics'),
    'log_based_metrics',
    read.boolean('log_based_metrics_defaults', true),
  );
  config.logMetricRules = logMetrics.rules;

  read.rejectUnknownKeys();
  for (const reader of nested) reader.rejectUnknownKeys();
  const problems = [...[read, ...nested].flatMap((reader) => reader.problems), ...logMetrics.problems];
  if (problems.length > 0) {
    throw new AgentConfigError(
      problems.map((p) => `${file ?? 'defaults'}: ${p.path.replace(/^\./, '')}: ${p.message}`),
    );
  }
  return config;
}
