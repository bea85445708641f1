import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONFIG_KEYS } from '../../src/catalog/config-keys';
import { ConfigError } from '../../src/config/errors';
import { resolveConfig } from '../../src/config/resolve';

test('defaults', () => {
  const config = resolveConfig({}, {});
  assert.equal(config.serviceName, 'unknown_service:node');
  assert.equal(config.disabled, false);
  assert.equal(config.traces.exporter, 'otlp');
  assert.equal(config.traces.endpoint, 'http://127.0.0.1:4318/v1/traces');
  assert.equal(config.traces.sampler, 'parentbased_always_on');
  assert.deepEqual(config.traces.propagators, ['tracecontext', 'baggage', 'datadog']);
  assert.equal(config.kafka.consumerSpanRelation, 'parent');
  assert.equal(config.kafka.captureMessageKey, false);
  assert.deepEqual(config.tags, []);
});

test('precedence: options > KINSTRUMENT_* > OTEL_*/DD_* > OTEL_RESOURCE_ATTRIBUTES', () => {
  const env = {
    KINSTRUMENT_SERVICE: 'from-kinstrument',
    OTEL_SERVICE_NAME: 'from-otel',
    DD_SERVICE: 'from-dd',
    OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-resource,deployment.environment.name=staging,team=growth',
    DD_VERSION: '1.2.3',
  };
  assert.equal(resolveConfig({ serviceName: 'from-options' }, env).serviceName, 'from-options');
  assert.equal(resolveConfig({}, env).serviceName, 'from-kinstrument');
  assert.equal(resolveConfig({}, { ...env, KINSTRUMENT_SERVICE: undefined }).serviceName, 'from-otel');
  assert.equal(resolveConfig({}, { DD_SERVICE: 'from-dd' }).serviceName, 'from-dd');
  assert.equal(
    resolveConfig({}, { OTEL_RESOURCE_ATTRIBUTES: env.OTEL_RESOURCE_ATTRIBUTES }).serviceName,
    'from-resource',
  );
  const config = resolveConfig({}, env);
  assert.equal(config.env, 'staging');
  assert.equal(config.version, '1.2.3');
  assert.deepEqual(config.tags, ['team:growth']);
});

test('tags merge DD_TAGS, resource attributes and options; later sources win per key', () => {
  const config = resolveConfig(
    { tags: { team: 'payments', region: 'eu' } },
    { OTEL_RESOURCE_ATTRIBUTES: 'team=growth,pod=a', DD_TAGS: 'ignored:because-options-win' },
  );
  assert.deepEqual(config.tags, ['pod:a', 'region:eu', 'team:payments']);
  assert.deepEqual(resolveConfig({}, { DD_TAGS: 'a:1 b:2,c:3' }).tags, ['a:1', 'b:2', 'c:3']);
});

test('OTEL_EXPORTER_OTLP_ENDPOINT is a base URL; the traces variable is a full URL', () => {
  assert.equal(
    resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).traces.endpoint,
    'http://collector:4318/v1/traces',
  );
  assert.equal(
    resolveConfig({}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/custom' }).traces.endpoint,
    'http://collector:4318/custom',
  );
  assert.deepEqual(
    resolveConfig({}, { OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s%20ecret,x=y' }).traces.headers,
    {
      'api-key': 's ecret',
      x: 'y',
    },
  );
});

test('OTLP protocol: protobuf by default, JSON on request, the OTel variables read, others rejected', () => {
  assert.equal(resolveConfig({}, {}).traces.protocol, 'http/protobuf');
  assert.equal(resolveConfig({ traces: { protocol: 'http/json' } }, {}).traces.protocol, 'http/json');
  assert.equal(resolveConfig({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).traces.protocol, 'http/json');
  assert.equal(
    resolveConfig(
      {},
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' },
    ).traces.protocol,
    'http/protobuf',
  );
  assert.equal(
    resolveConfig(
      {},
      { KINSTRUMENT_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' },
    ).traces.protocol,
    'http/json',
  );
  assert.throws(() => resolveConfig({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }), ConfigError);
});

test('OTEL_SDK_DISABLED and OTEL_PROPAGATORS=none', () => {
  assert.equal(resolveConfig({}, { OTEL_SDK_DISABLED: 'true' }).disabled, true);
  assert.deepEqual(resolveConfig({}, { OTEL_PROPAGATORS: 'none' }).traces.propagators, []);
  assert.deepEqual(resolveConfig({}, { OTEL_PROPAGATORS: 'tracecontext, datadog' }).traces.propagators, [
    'tracecontext',
    'datadog',
  ]);
});

test('ignore list takes names and /regex/', () => {
  const config = resolveConfig({}, { KINSTRUMENT_KAFKA_IGNORE_TOPICS: 'health,/^__/' });
  assert.equal(config.kafka.ignoreTopics[0], 'health');
  assert.ok(config.kafka.ignoreTopics[1] instanceof RegExp);
});

const badInputs: [string, Record<string, unknown>, Record<string, string>, RegExp][] = [
  [
    'bad sampler env',
    {},
    { OTEL_TRACES_SAMPLER: 'sometimes' },
    /env OTEL_TRACES_SAMPLER: expected one of always_on/,
  ],
  [
    'ratio out of range',
    {},
    { OTEL_TRACES_SAMPLER_ARG: '1.5' },
    /env OTEL_TRACES_SAMPLER_ARG: expected a number from 0 to 1/,
  ],
  [
    'not a boolean',
    {},
    { KINSTRUMENT_TRACES_ENABLED: 'maybe' },
    /env KINSTRUMENT_TRACES_ENABLED: expected true or false/,
  ],
  [
    'not a URL',
    {},
    { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' },
    /env OTEL_EXPORTER_OTLP_ENDPOINT: expected an/,
  ],
  [
    'unknown propagator',
    {},
    { OTEL_PROPAGATORS: 'tracecontext,b3' },
    /env OTEL_PROPAGATORS: expected one of/,
  ],
  [
    'bad regex',
    {},
    { KINSTRUMENT_KAFKA_IGNORE_TOPICS: '/([/' },
    /KINSTRUMENT_KAFKA_IGNORE_TOPICS: invalid regular expression/,
  ],
  [
    'bad resource attributes',
    {},
    { OTEL_RESOURCE_ATTRIBUTES: 'novalue' },
    /env OTEL_RESOURCE_ATTRIBUTES: expected key=value/,
  ],
  [
    'option of wrong type',
    { traces: { enabled: 'yes' } },
    {},
    /option traces.enabled: expected a boolean, got "yes"/,
  ],
  [
    'option out of range',
    { kafka: { maxBatchLinks: -1 } },
    {},
    /option kafka.maxBatchLinks: expected an integer/,
  ],
  [
    'span queue below its minimum',
    { traces: { maxQueueBytes: 1024 } },
    {},
    /option traces.maxQueueBytes: expected an integer from 65536 to 1073741824/,
  ],
  [
    'span queue size that is not a number',
    {},
    { KINSTRUMENT_TRACES_MAX_QUEUE_BYTES: '16MiB' },
    /env KINSTRUMENT_TRACES_MAX_QUEUE_BYTES: /,
  ],
  ['empty service name', { serviceName: '' }, {}, /option serviceName: must not be empty/],
  [
    'statsd URL with another scheme',
    {},
    { DD_DOGSTATSD_URL: 'tcp://agent:8125' },
    /env DD_DOGSTATSD_URL: expected a udp:\/\/ or unix:\/\/ URL/,
  ],
  [
    'unix URL without an absolute path',
    {},
    { KINSTRUMENT_STATSD_URL: 'unix://relative/dsd.socket' },
    /env KINSTRUMENT_STATSD_URL: expected unix:\/\/\/absolute\/path/,
  ],
  [
    'statsd port out of range',
    {},
    { DD_DOGSTATSD_PORT: '70000' },
    /env DD_DOGSTATSD_PORT: expected an integer from 1 to 65535/,
  ],
  [
    'statsd port option not a number',
    { metrics: { statsdPort: '8125' } },
    {},
    /option metrics.statsdPort: expected an integer/,
  ],
  [
    'tag cap of zero',
    {},
    { KINSTRUMENT_METRICS_MAX_TAG_VALUES: '0' },
    /KINSTRUMENT_METRICS_MAX_TAG_VALUES: expected an integer from 1/,
  ],
  [
    'unknown logs level',
    {},
    { KINSTRUMENT_LOGS_LEVEL: 'trace' },
    /env KINSTRUMENT_LOGS_LEVEL: expected one of error, warn, info, debug/,
  ],
  [
    'empty logs destination',
    { logs: { destination: ' ' } },
    {},
    /option logs.destination: must not be empty/,
  ],
  ['tag with non-string value', { tags: { team: 1 } }, {}, /option tags: tag team: expected a string value/],
];
for (const [name, options, env, message] of badInputs) {
  test(`bad input names its source and problem: ${name}`, () => {
    assert.throws(
      () => resolveConfig(options as never, env),
      (error: unknown) => error instanceof ConfigError && message.test(error.message),
    );
  });
}

/** Keys that resolve together into one value (the DogStatsD URL, host and port become one target). */
const RESOLVED_AT: Record<string, string> = {
  'metrics.statsdUrl': 'metrics.target',
  'metrics.statsdHost': 'metrics.target',
  'metrics.statsdPort': 'metrics.target',
};

test('every catalog key resolves to a value or documented absence with an empty environment', () => {
  const config = resolveConfig({}, {}) as unknown as Record<string, unknown>;
  for (const key of CONFIG_KEYS) {
    let node: unknown = config;
    for (const part of (RESOLVED_AT[key.option] ?? key.option).split('.'))
      node = (node as Record<string, unknown>)[part];
    const hasDefault = (key as { default?: string }).default !== undefined;
    if (hasDefault) assert.notEqual(node, undefined, `${key.option} has a default but resolved to undefined`);
  }
});

test('metrics and logs defaults', () => {
  const config = resolveConfig({}, {});
  assert.deepEqual(config.metrics, {
    enabled: true,
    target: { transport: 'udp', host: '127.0.0.1', port: 8125 },
    partitionTag: true,
    maxTagValuesPerKey: 500,
    flushIntervalMs: 1000,
    produceTimeHeader: true,
  });
  assert.deepEqual(config.logs, { enabled: false, level: 'info', destination: { kind: 'stdout' } });
});

test('DogStatsD target: Datadog variables, URL forms and precedence', () => {
  const target = (env: Record<string, string>, options = {}) => resolveConfig(options, env).metrics.target;
  assert.deepEqual(target({ DD_AGENT_HOST: 'agent', DD_DOGSTATSD_PORT: '9125' }), {
    transport: 'udp',
    host: 'agent',
    port: 9125,
  });
  assert.deepEqual(target({ DD_DOGSTATSD_URL: 'udp://[::1]:9000' }), {
    transport: 'udp',
    host: '::1',
    port: 9000,
  });
  assert.deepEqual(target({ DD_DOGSTATSD_URL: 'udp://agent' }), {
    transport: 'udp',
    host: 'agent',
    port: 8125,
  });
  assert.deepEqual(target({ DD_DOGSTATSD_URL: 'unix:///var/run/datadog/dsd.socket' }), {
    transport: 'uds',
    path: '/var/run/datadog/dsd.socket',
  });
  assert.deepEqual(target({ DD_DOGSTATSD_URL: 'unixgram:///tmp/d.sock' }), {
    transport: 'uds',
    path: '/tmp/d.sock',
  });
  assert.deepEqual(target({ DD_DOGSTATSD_SOCKET: '/tmp/dsd.sock' }), {
    transport: 'uds',
    path: '/tmp/dsd.sock',
  });
  // A URL beats host/port set at the same level (as the Datadog clients do)…
  assert.deepEqual(target({ DD_AGENT_HOST: 'agent', DD_DOGSTATSD_URL: 'udp://other:1' }), {
    transport: 'udp',
    host: 'other',
    port: 1,
  });
  // …but not a more specific setting.
  assert.deepEqual(target({ KINSTRUMENT_STATSD_HOST: 'mine', DD_DOGSTATSD_URL: 'udp://other:1' }), {
    transport: 'udp',
    host: 'mine',
    port: 8125,
  });
  assert.deepEqual(
    target({ DD_DOGSTATSD_URL: 'unix:///x.sock' }, { metrics: { statsdHost: 'opt', statsdPort: 1 } }),
    {
      transport: 'udp',
      host: 'opt',
      port: 1,
    },
  );
  assert.deepEqual(target({ KINSTRUMENT_STATSD_URL: 'udp://k:2', DD_AGENT_HOST: 'dd' }), {
    transport: 'udp',
    host: 'k',
    port: 2,
  });
  assert.deepEqual(target({}, { metrics: { statsdUrl: 'unix:///opt.sock' } }), {
    transport: 'uds',
    path: '/opt.sock',
  });
});

test('metrics and logs settings from options and environment', () => {
  const fromEnv = resolveConfig(
    {},
    {
      KINSTRUMENT_METRICS_ENABLED: 'false',
      KINSTRUMENT_METRICS_PARTITION_TAG: 'off',
      KINSTRUMENT_METRICS_MAX_TAG_VALUES: '42',
      KINSTRUMENT_METRICS_FLUSH_INTERVAL_MS: '250',
      KINSTRUMENT_METRICS_PRODUCE_TIME_HEADER: 'no',
      KINSTRUMENT_LOGS_ENABLED: 'yes',
      KINSTRUMENT_LOGS_LEVEL: 'DEBUG',
      KINSTRUMENT_LOGS_DESTINATION: '/var/log/app/kafkajs.log',
    },
  );
  assert.equal(fromEnv.metrics.enabled, false);
  assert.equal(fromEnv.metrics.partitionTag, false);
  assert.equal(fromEnv.metrics.maxTagValuesPerKey, 42);
  assert.equal(fromEnv.metrics.flushIntervalMs, 250);
  assert.equal(fromEnv.metrics.produceTimeHeader, false);
  assert.deepEqual(fromEnv.logs, {
    enabled: true,
    level: 'debug',
    destination: { kind: 'file', path: '/var/log/app/kafkajs.log' },
  });
  const fromOptions = resolveConfig(
    {
      metrics: { enabled: true, maxTagValuesPerKey: 7 },
      logs: { enabled: true, destination: 'stderr', level: 'warn' },
    },
    { KINSTRUMENT_METRICS_ENABLED: 'false', KINSTRUMENT_LOGS_DESTINATION: 'stdout' },
  );
  assert.equal(fromOptions.metrics.enabled, true);
  assert.equal(fromOptions.metrics.maxTagValuesPerKey, 7);
  assert.deepEqual(fromOptions.logs, { enabled: true, level: 'warn', destination: { kind: 'stderr' } });
});
