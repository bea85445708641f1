import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AGENT_CONFIG_KEYS } from '../../src/catalog/agent-config';
import { discoverCheckConfigs } from '../../src/agent/config/confd';
import { AgentConfigError, loadAgentConfig, resolveAgentConfig } from '../../src/agent/config/main-config';

const dir = mkdtempSync(join(tmpdir(), 'kinstrument-agent-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
};

test('defaults: loopback listeners, Datadog ports, conf.d next to the file', () => {
  const file = write('defaults/kinstrument.yaml', '# nothing set\n');
  const config = loadAgentConfig(file);
  assert.equal(config.bindHost, '127.0.0.1');
  assert.equal(config.cmdPort, 5001);
  assert.equal(config.dogstatsd.port, 8125);
  assert.equal(config.dogstatsd.host, '127.0.0.1');
  assert.equal(config.confdPath, join(dir, 'defaults', 'conf.d'));
  assert.deepEqual(config.histogramAggregates, ['max', 'median', 'avg', 'count']);
  assert.deepEqual(config.histogramPercentiles, [0.95]);
});

test('every catalog key is accepted', () => {
  const values: Record<string, unknown> = {
    hostname: 'h',
    tags: ['a:b'],
    log_level: 'debug',
    bind_host: '127.0.0.1',
    cmd_port: 0,
    api_token: 't',
    confd_path: '/c',
    run_path: '/r',
    use_dogstatsd: false,
    dogstatsd_port: 0,
    dogstatsd_socket: '/tmp/s',
    dogstatsd_non_local_traffic: true,
    dogstatsd_buffer_size: 1024,
    dogstatsd_so_rcvbuf: 65536,
    dogstatsd_context_limit: 10,
    dogstatsd_expiry_seconds: 60,
    flush_interval: 5,
    histogram_aggregates: ['max'],
    histogram_percentiles: [0.5, 0.99],
    prometheus_enabled: false,
    logs_enabled: true,
  };
  assert.deepEqual(Object.keys(values).sort(), AGENT_CONFIG_KEYS.map((k) => k.key).sort());
  const config = resolveAgentConfig(values, '/etc/kinstrument.yaml');
  assert.equal(config.dogstatsd.host, '0.0.0.0');
  assert.deepEqual(config.histogramPercentiles, [0.5, 0.99]);
  assert.equal(config.flushIntervalSeconds, 5);
});

test('every problem is reported with file, key and what is wrong; secrets are not echoed', () => {
  const file = write(
    'bad/kinstrument.yaml',
    'dogstatsd_port: eighty\nbind_host: 0.0.0.0\nhistogram_aggregates: [max, p99]\nsurprise: 1\nlog_level: loud\n',
  );
  assert.throws(
    () => loadAgentConfig(file),
    (error: unknown) => {
      assert.ok(error instanceof AgentConfigError);
      const text = error.message;
      assert.match(text, new RegExp(`${file}: dogstatsd_port: must be an integer 0-65535, got "eighty"`));
      assert.match(text, /api_token: is required when bind_host \(0\.0\.0\.0\) is not a loopback address/);
      assert.match(text, /histogram_aggregates: must be one of max, min, median, avg, sum, count, got "p99"/);
      assert.match(text, /surprise: unknown key/);
      assert.match(text, /log_level: must be one of error, warn, info, debug/);
      return true;
    },
  );
  assert.throws(
    () => resolveAgentConfig({ api_token: ['s3cret'] }, 'f.yaml'),
    (e: Error) => !e.message.includes('s3cret'),
  );
});

test('YAML syntax errors name the file, line and column', () => {
  const file = write('syntax/kinstrument.yaml', 'tags:\n  - a:b\n bad: [\n');
  assert.throws(() => loadAgentConfig(file), new RegExp(`${file}:\\d+:\\d+: invalid YAML`));
  assert.throws(() => loadAgentConfig(join(dir, 'missing.yaml')), /missing\.yaml: cannot read: ENOENT/);
});

test('conf.d discovery: <check>.d/conf.yaml, .default fallback, flat files; a broken file stands alone', () => {
  const confd = join(dir, 'confd');
  write('confd/kafka.d/conf.yaml', 'instances:\n  - host: 127.0.0.1\n');
  write('confd/kafka.d/conf.yaml.example', 'ignored: true\n');
  write('confd/zk.d/conf.yaml.default', 'instances:\n  - port: 2181\n');
  write('confd/kafka_consumer.d/conf.yaml', 'instances:\n  - kafka_connect_str: [\n');
  write('confd/custom.yaml', 'instances: []\n');
  const { files } = discoverCheckConfigs(confd);
  assert.deepEqual(
    files.map((f) => [f.check, f.file.slice(confd.length + 1)]),
    [
      ['custom', 'custom.yaml'],
      ['kafka', 'kafka.d/conf.yaml'],
      ['kafka_consumer', 'kafka_consumer.d/conf.yaml'],
      ['zk', 'zk.d/conf.yaml.default'],
    ],
  );
  const broken = files.find((f) => f.check === 'kafka_consumer')!;
  assert.match(broken.error ?? '', /kafka_consumer\.d\/conf\.yaml:\d+:\d+: invalid YAML/);
  assert.deepEqual(files.find((f) => f.check === 'kafka')!.document, { instances: [{ host: '127.0.0.1' }] });
  assert.match(discoverCheckConfigs(join(dir, 'nope')).problems[0]!, /conf\.d folder not found/);
});
