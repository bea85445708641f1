// Check configuration: every problem names the file, the key and what is wrong; secrets never show.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCheck } from '../../src/agent/checks';
import { instanceId } from '../../src/agent/checks/runtime/load';

const SOURCE = 'file:/etc/kinstrument/conf.d/kafka.d/conf.yaml';

test('kafka: a bad port names file, key and value', () => {
  const result = loadCheck(
    'kafka',
    { init_config: {}, instances: [{ host: 'broker-1', port: 'abc' }] },
    SOURCE,
  );
  assert.deepEqual(result.problems, [`${SOURCE}: instances[0].port: must be an integer 1-65535, got "abc"`]);
  assert.equal(result.instances.length, 0);
});

test('kafka: missing host, wrong types and unknown keys are all reported at once', () => {
  const result = loadCheck(
    'kafka',
    {
      instances: [
        { host: 'ok', port: 8778 },
        { port: 70000, timeout: -1, tags: 'env:prod', jolokia_path: 'jolokia', prot: 1 },
      ],
    },
    SOURCE,
  );
  assert.equal(result.instances.length, 1, 'the valid instance still loads');
  const problems = result.problems.map((p) => p.replace(`${SOURCE}: `, ''));
  assert.ok(problems.includes('instances[1].host: is required'), problems.join('\n'));
  assert.ok(problems.includes('instances[1].port: must be an integer 1-65535, got 70000'));
  assert.ok(problems.includes('instances[1].timeout: must be a number of seconds > 0 and <= 300, got -1'));
  assert.ok(problems.includes('instances[1].tags: must be a list of "key:value" strings, got "env:prod"'));
  assert.ok(problems.includes('instances[1].jolokia_path: must start with "/"'));
  assert.ok(problems.some((p) => p.startsWith('instances[1].prot: unknown key (known keys: ')));
});

test('a password never appears in problems, and Datadog JMX keys are accepted', () => {
  const result = loadCheck(
    'kafka',
    { instances: [{ host: 'h', password: 's3cr3t-Pa55', user: ['not', 'a', 'string'], is_jmx: true }] },
    SOURCE,
  );
  assert.equal(result.problems.length, 1, result.problems.join('\n'));
  assert.match(result.problems[0] ?? '', /instances\[0\]\.user: must be a non-empty string, got a list/);
  const wrongType = loadCheck(
    'kafka',
    { instances: [{ host: 'h', user: 'u', password: ['s3cr3t-Pa55'] }] },
    SOURCE,
  );
  assert.match(
    wrongType.problems.join('\n'),
    /password: must be a non-empty string, got a list \(value hidden\)/,
  );
  assert.doesNotMatch(JSON.stringify([result, wrongType]), /s3cr3t-Pa55/);
});

test('document-level problems: not a mapping, no instances, unknown check', () => {
  assert.deepEqual(loadCheck('zk', 'nope', 'f.yaml').problems, [
    "f.yaml: must be a mapping with 'init_config' and 'instances'",
  ]);
  assert.deepEqual(loadCheck('zk', { instances: [] }, 'f.yaml').problems, [
    'f.yaml: instances: must be a non-empty list',
  ]);
  assert.match(loadCheck('redis', {}, 'f.yaml').problems[0] ?? '', /unknown check 'redis'/);
});

test('zk: expected_mode accepts a string or a list of known modes', () => {
  assert.deepEqual(
    loadCheck('zk', { instances: [{ host: 'z', expected_mode: ['leader', 'follower'] }] }, 'f').problems,
    [],
  );
  assert.deepEqual(loadCheck('zk', { instances: [{ host: 'z', expected_mode: 'boss' }] }, 'f').problems, [
    'f: instances[0].expected_mode: must be one of leader, follower, standalone, observer, got "boss"',
  ]);
});

test('kafka_consumer: connect string, group maps, regexes and SASL are validated', () => {
  const ok = loadCheck(
    'kafka_consumer',
    {
      init_config: { kafka_timeout: 2 },
      instances: [
        { kafka_connect_str: ['a:9092', 'b:9092'], consumer_groups: { g1: { t1: [0, 1] }, g2: null } },
        { kafka_connect_str: 'a:9092,b:9092', consumer_groups_regex: { '^orders-': { '.*': [] } } },
        { kafka_connect_str: 'a:9092', monitor_unlisted_consumer_groups: true },
      ],
    },
    'f',
  );
  assert.deepEqual(ok.problems, []);
  assert.equal(ok.instances.length, 3);
  const bad = loadCheck(
    'kafka_consumer',
    {
      instances: [
        { kafka_connect_str: 'nohost' },
        { kafka_connect_str: 'a:1', consumer_groups: { g: { t: ['x'] } } },
        { kafka_connect_str: 'a:1', consumer_groups_regex: { '([': {} } },
        {
          kafka_connect_str: 'a:1',
          monitor_unlisted_consumer_groups: true,
          security_protocol: 'SASL_SSL',
          sasl_mechanism: 'PLAIN',
          sasl_plain_username: 'u',
          sasl_plain_password: ['pw-very-secret'],
        },
      ],
    },
    'f',
  ).problems;
  assert.ok(
    bad.includes('f: instances[0].kafka_connect_str: must list host:port addresses, got "nohost"'),
    bad.join('\n'),
  );
  assert.ok(bad.some((p) => p.startsWith('f: instances[0].consumer_groups: nothing to monitor')));
  assert.ok(
    bad.includes(
      'f: instances[1].consumer_groups.g.t: must be a list of partition numbers (or empty for all)',
    ),
  );
  assert.ok(
    bad.some((p) =>
      p.startsWith('f: instances[2].consumer_groups_regex.([: is not a valid regular expression'),
    ),
  );
  assert.ok(
    bad.includes(
      'f: instances[3].sasl_plain_password: must be a non-empty string, got a list (value hidden)',
    ),
  );
  assert.doesNotMatch(bad.join('\n'), /pw-very-secret/);
});

test('instance ids are <check>:<16 hex>, stable across key order, different per config', () => {
  const a = instanceId('kafka', { host: 'h', port: 1 }, {});
  assert.match(a, /^kafka:[0-9a-f]{16}$/);
  assert.equal(instanceId('kafka', { port: 1, host: 'h' }, {}), a);
  assert.notEqual(instanceId('kafka', { host: 'h', port: 2 }, {}), a);
  const loaded = loadCheck('kafka', { instances: [{ host: 'h', port: 1 }] }, 'f');
  assert.equal(loaded.instances[0]?.id, a);
  assert.equal(loaded.instances[0]?.settings.minCollectionInterval, 15, 'Datadog default interval');
});

test('min_collection_interval from init_config applies unless an instance sets its own', () => {
  const loaded = loadCheck(
    'zk',
    {
      init_config: { min_collection_interval: 30 },
      instances: [{ host: 'a' }, { host: 'b', min_collection_interval: 5 }],
    },
    'f',
  );
  assert.deepEqual(
    loaded.instances.map((i) => i.settings.minCollectionInterval),
    [30, 5],
  );
});
