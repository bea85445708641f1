// Resolves the SDK configuration once: init() options > KINSTRUMENT_* > OTEL_* / DD_* > defaults.
// The keys, their variables and defaults come from the catalog; this file only knows how to read them.
import {
  CONFIG_KEYS,
  CONSUMER_SPAN_RELATIONS,
  KAFKA_LOG_LEVELS,
  LOG_LEVELS,
  OTLP_PROTOCOLS,
  PROPAGATORS,
  SAMPLERS,
  TRACE_EXPORTERS,
  type ConfigOptionPath,
} from '../catalog/config-keys';
import { ConfigError } from './errors';
import type { KinstrumentOptions } from './options';
import * as parse from './parse';
import type { LogDestination, ResolvedConfig, StatsdTarget } from './resolved';

type Env = Readonly<Record<string, string | undefined>>;

interface Found {
  value: unknown;
  /** Where the value came from, for error messages. */
  source: string;
  fromEnv: boolean;
}

const spec = (option: ConfigOptionPath) => CONFIG_KEYS.find((key) => key.option === option)!;

function optionAt(options: KinstrumentOptions, path: string): unknown {
  let node: unknown = options;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function find(option: ConfigOptionPath, options: KinstrumentOptions, env: Env): Found | undefined {
  const fromOptions = optionAt(options, option);
  if (fromOptions !== undefined) return { value: fromOptions, source: `option ${option}`, fromEnv: false };
  for (const name of spec(option).env) {
    const text = env[name];
    if (text !== undefined && text.trim() !== '')
      return { value: text, source: `env ${name}`, fromEnv: true };
  }
  const fallback = spec(option) as { default?: string };
  if (fallback.default !== undefined)
    return { value: fallback.default, source: `default of ${option}`, fromEnv: true };
  return undefined;
}

/** Runs `convert`, turning its failure into a ConfigError that names the source. */
function convert<T>(found: Found, fn: (value: unknown) => T): T {
  try {
    return fn(found.value);
  } catch (error) {
    throw new ConfigError(found.source, (error as Error).message);
  }
}

function expectType(value: unknown, type: 'string' | 'number' | 'boolean'): unknown {
  if (typeof value !== type) throw new Error(`expected a ${type}, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value) : `a ${typeof value}`;
}

export function resolveConfig(options: KinstrumentOptions = {}, env: Env = process.env): ResolvedConfig {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('init() options', `expected an object, got ${describe(options)}`);
  }
  const text = (f: Found) => (f.fromEnv ? (f.value as string) : (expectType(f.value, 'string') as string));

  const boolean = (option: ConfigOptionPath): boolean => {
    const found = find(option, options, env)!;
    return convert(found, (v) =>
      found.fromEnv ? parse.parseBoolean(v as string) : (expectType(v, 'boolean') as boolean),
    );
  };
  const integer = (option: ConfigOptionPath, min: number, max: number): number => {
    const found = find(option, options, env)!;
    return convert(found, (v) =>
      found.fromEnv ? parse.parseInteger(v as string, min, max) : checkInteger(v, min, max),
    );
  };
  const enumeration = <T extends string>(option: ConfigOptionPath, values: readonly T[]): T => {
    const found = find(option, options, env)!;
    return convert(found, () => parse.parseEnum(text(found), values));
  };
  const optionalString = (option: ConfigOptionPath, resourceKeys: readonly string[]): string | undefined => {
    const found = find(option, options, env);
    if (found) return convert(found, () => text(found).trim() || undefined);
    for (const key of resourceKeys) if (resource[key]) return resource[key];
    return undefined;
  };

  const resource: Record<string, string> = env.OTEL_RESOURCE_ATTRIBUTES?.trim()
    ? convert(
        { value: env.OTEL_RESOURCE_ATTRIBUTES, source: 'env OTEL_RESOURCE_ATTRIBUTES', fromEnv: true },
        (v) => parse.parseKeyValuePairs(v as string),
      )
    : {};

  const serviceFound = find('serviceName', options, env)!;
  const serviceName =
    serviceFound.source === 'default of serviceName' && resource['service.name']
      ? resource['service.name']
      : convert(serviceFound, () => {
          const name = text(serviceFound).trim();
          if (name === '') throw new Error('must not be empty');
          return name;
        });

  const samplerArgFound = find('traces.samplerArg', options, env)!;
  const propagatorsFound = find('traces.propagators', options, env)!;
  const ignoreFound = find('kafka.ignoreTopics', options, env);
  const tracerProvider = options.traces?.tracerProvider;
  if (tracerProvider !== undefined && typeof tracerProvider?.getTracer !== 'function') {
    throw new ConfigError(
      'option traces.tracerProvider',
      'expected an OpenTelemetry TracerProvider (with getTracer())',
    );
  }

  return {
    disabled: boolean('disabled'),
    serviceName,
    env: optionalString('env', ['deployment.environment.name', 'deployment.environment']),
    version: optionalString('version', ['service.version']),
    tags: resolveTags(options, env, resource),
    logLevel: enumeration('logLevel', LOG_LEVELS),
    flushOnExit: boolean('flushOnExit'),
    shutdownTimeoutMs: integer('shutdownTimeoutMs', 0, 600_000),
    traces: {
      enabled: boolean('traces.enabled'),
      exporter: enumeration('traces.exporter', TRACE_EXPORTERS),
      protocol: enumeration('traces.protocol', OTLP_PROTOCOLS),
      endpoint: resolveEndpoint(options, env),
      headers: resolveHeaders(options, env),
      sampler: enumeration('traces.sampler', SAMPLERS),
      samplerArg: convert(samplerArgFound, (v) =>
        samplerArgFound.fromEnv
          ? parse.parseRatio(v as string)
          : parse.parseRatio(String(expectType(v, 'number'))),
      ),
      propagators: convert(propagatorsFound, (v) => {
        const names = propagatorsFound.fromEnv ? parse.parseList(v as string) : expectStringArray(v);
        const valid = names.map((name) => parse.parseEnum(name, PROPAGATORS));
        return valid.includes('none') ? [] : [...new Set(valid)];
      }),
      maxQueueBytes: integer('traces.maxQueueBytes', 64 * 1024, 1024 * 1024 * 1024),
      tracerProvider,
    },
    kafka: {
      ignoreTopics: ignoreFound
        ? convert(ignoreFound, (v) =>
            ignoreFound.fromEnv
              ? parse.parseList(v as string).map(parse.parseTopicMatcher)
              : expectTopicMatchers(v),
          )
        : [],
      captureMessageKey: boolean('kafka.captureMessageKey'),
      consumerSpanRelation: enumeration('kafka.consumerSpanRelation', CONSUMER_SPAN_RELATIONS),
      maxBatchLinks: integer('kafka.maxBatchLinks', 0, 10_000),
    },
    metrics: {
      enabled: boolean('metrics.enabled'),
      target: resolveStatsdTarget(options, env),
      partitionTag: boolean('metrics.partitionTag'),
      maxTagValuesPerKey: integer('metrics.maxTagValuesPerKey', 1, 100_000),
      flushIntervalMs: integer('metrics.flushIntervalMs', 10, 60_000),
      produceTimeHeader: boolean('metrics.produceTimeHeader'),
    },
    logs: {
      enabled: boolean('logs.enabled'),
      level: enumeration('logs.level', KAFKA_LOG_LEVELS),
      destination: resolveLogDestination(options, env),
    },
  };
}

function checkInteger(value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`expected an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

function expectStringArray(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new Error(`expected an array of strings, got ${describe(value)}`);
  }
  return value as string[];
}

function expectTopicMatchers(value: unknown): (string | RegExp)[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' && !(v instanceof RegExp))) {
    throw new Error(`expected an array of topic names or RegExps, got ${describe(value)}`);
  }
  return value as (string | RegExp)[];
}

const RESOURCE_KEYS_WITH_A_HOME = new Set([
  'service.name',
  'service.version',
  'deployment.environment',
  'deployment.environment.name',
]);

function resolveTags(options: KinstrumentOptions, env: Env, resource: Record<string, string>): string[] {
  const tags = new Map<string, string>();
  const add = (tag: string) => {
    const colon = tag.indexOf(':');
    tags.set(colon > 0 ? tag.slice(0, colon) : tag, tag);
  };
  // Lowest precedence first, so later sources overwrite a key.
  for (const [key, value] of Object.entries(resource)) {
    if (!RESOURCE_KEYS_WITH_A_HOME.has(key)) add(`${key}:${value}`);
  }
  const found = find('tags', options, env);
  if (found) {
    convert(found, (v) => {
      if (found.fromEnv) return parse.parseTags(v as string).forEach(add);
      if (Array.isArray(v)) return expectStringArray(v).forEach(add);
      if (typeof v === 'object' && v !== null) {
        for (const [key, value] of Object.entries(v)) {
          if (typeof value !== 'string')
            throw new Error(`tag ${key}: expected a string value, got ${describe(value)}`);
          add(`${key}:${value}`);
        }
        return;
      }
      throw new Error(`expected an object or an array of "key:value" strings, got ${describe(v)}`);
    });
  }
  return [...tags.values()].sort();
}

function resolveEndpoint(options: KinstrumentOptions, env: Env): string {
  const found = find('traces.endpoint', options, env)!;
  return convert(found, (v) => {
    const url = parse.parseUrl(found.fromEnv ? (v as string) : (expectType(v, 'string') as string));
    // OTEL_EXPORTER_OTLP_ENDPOINT is the collector's base URL; the signal path is ours to add.
    return found.source === 'env OTEL_EXPORTER_OTLP_ENDPOINT' ? `${url.replace(/\/+$/, '')}/v1/traces` : url;
  });
}

function resolveHeaders(options: KinstrumentOptions, env: Env): Record<string, string> {
  const found = find('traces.headers', options, env);
  if (!found) return {};
  return convert(found, (v) => {
    if (found.fromEnv) return parse.parseKeyValuePairs(v as string);
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new Error(`expected an object, got ${describe(v)}`);
    for (const [key, value] of Object.entries(v)) {
      if (typeof value !== 'string')
        throw new Error(`header ${key}: expected a string, got ${describe(value)}`);
    }
    return { ...(v as Record<string, string>) };
  });
}

/** How strongly a value was set: init() option, KINSTRUMENT_* variable, another variable, default. */
function precedenceRank(found: Found): number {
  if (!found.fromEnv) return 0;
  if (found.source.startsWith('env KINSTRUMENT_')) return 1;
  if (found.source.startsWith('env ')) return 2;
  return 3;
}

/** A URL wins over host and port unless one of them was set more specifically (e.g. an option over an env URL). */
function resolveStatsdTarget(options: KinstrumentOptions, env: Env): StatsdTarget {
  const urlFound = find('metrics.statsdUrl', options, env);
  const hostFound = find('metrics.statsdHost', options, env)!;
  const portFound = find('metrics.statsdPort', options, env)!;
  const textOf = (found: Found) =>
    found.fromEnv ? (found.value as string) : (expectType(found.value, 'string') as string);
  if (
    urlFound &&
    precedenceRank(urlFound) <= Math.min(precedenceRank(hostFound), precedenceRank(portFound))
  ) {
    return convert(urlFound, () => parse.parseStatsdUrl(textOf(urlFound)));
  }
  const host = convert(hostFound, () => {
    const value = textOf(hostFound).trim();
    if (value === '') throw new Error('must not be empty');
    return value;
  });
  const port = convert(portFound, (v) =>
    portFound.fromEnv ? parse.parseInteger(v as string, 1, 65535) : checkInteger(v, 1, 65535),
  );
  return { transport: 'udp', host, port };
}

function resolveLogDestination(options: KinstrumentOptions, env: Env): LogDestination {
  const found = find('logs.destination', options, env)!;
  return convert(found, (v) =>
    parse.parseLogDestination(found.fromEnv ? (v as string) : (expectType(v, 'string') as string)),
  );
}
