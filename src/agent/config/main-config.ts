// The agent's main configuration (kinstrument.yaml): read, validated, resolved to one typed object.
// Every problem names the file, the key and what is wrong; the keys are those of src/catalog/agent-config.ts.
import { hostname as osHostname } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { HISTOGRAM_AGGREGATES, type HistogramAggregate } from '../aggregator/options';
import { InstanceReader, isRecord } from '../checks/config/instance-reader';
import { parseYamlFile } from './yaml-file';

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
    contextLimit: number;
    expirySeconds: number;
  };
  flushIntervalSeconds: number;
  histogramAggregates: HistogramAggregate[];
  histogramPercentiles: number[];
  prometheusEnabled: boolean;
  logsEnabled: boolean;
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
      contextLimit: read.integer('dogstatsd_context_limit', { min: 1, max: 10_000_000, default: 100_000 }),
      expirySeconds: read.seconds('dogstatsd_expiry_seconds', { default: 300 }),
    },
    flushIntervalSeconds: read.seconds('flush_interval', { default: 10, max: 3600 }),
    histogramAggregates:
      aggregates.length > 0 ? (aggregates as HistogramAggregate[]) : ['max', 'median', 'avg', 'count'],
    histogramPercentiles,
    prometheusEnabled: read.boolean('prometheus_enabled', true),
    logsEnabled: read.boolean('logs_enabled', false),
  };
  // `logs_config`, `otlp_config`, `storage` … arrive with their issues; until then they are rejected as unknown.
  read.rejectUnknownKeys();
  if (read.problems.length > 0) {
    throw new AgentConfigError(
      read.problems.map((p) => `${file ?? 'defaults'}: ${p.path.replace(/^\./, '')}: ${p.message}`),
    );
  }
  return config;
}
