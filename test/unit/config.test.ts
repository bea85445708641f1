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
  ['empty service name', { serviceName: '' }, {}, /option serviceName: must not be empty/],
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

test('every catalog key resolves to a value or documented absence with an empty environment', () => {
  const config = resolveConfig({}, {}) as unknown as Record<string, unknown>;
  for (const key of CONFIG_KEYS) {
    let node: unknown = config;
    for (const part of key.option.split('.')) node = (node as Record<string, unknown>)[part];
    const hasDefault = (key as { default?: string }).default !== undefined;
    if (hasDefault) assert.notEqual(node, undefined, `${key.option} has a default but resolved to undefined`);
  }
});
