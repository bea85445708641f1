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
  assert.equal(config.dogstatsd.readerThread, true);
  assert.equal(config.dogstatsd.readerQueueBytes, 16 * 1024 * 1024);
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
    dogstatsd_reader_thread: false,
    dogstatsd_reader_queue_size: '1MiB',
    dogstatsd_context_limit: 10,
    dogstatsd_expiry_seconds: 60,
    flush_interval: 5,
    histogram_aggregates: ['max'],
    histogram_percentiles: [0.5, 0.99],
    prometheus_enabled: false,
    young_generation_growth: true,
    logs_enabled: true,
    log_based_metrics: [{ name: 'app.errors', query: 'service:app status:error', group_by: ['logger'] }],
    log_based_metrics_defaults: false,
    otlp_receiver_port: 0,
    otlp_receiver_max_request_size: '1MiB',
    'storage.enabled': false,
    'storage.path': 'db.sqlite',
    'storage.max_size': '2GiB',
    'storage.write_queue_size': 1000,
    'storage.write_queue_spans_logs_max_size': '16MiB',
    'retention.metrics_raw': '2d',
    'retention.metrics_1m': '1w',
    'retention.metrics_1h': 3600,
    'retention.logs': '12h',
    'retention.traces': '90m',
    'otlp_export.enabled': true,
    'otlp_export.endpoint': 'http://collector:4318',
    'otlp_export.protocol': 'http/json',
    'otlp_export.headers': { 'api-key': 'secret' },
    'otlp_export.compression': 'none',
    'otlp_export.signals': ['traces'],
    'otlp_export.timeout': '5s',
    'otlp_export.buffer_max_size': '10MiB',
  };
  assert.deepEqual(Object.keys(values).sort(), AGENT_CONFIG_KEYS.map((k) => k.key).sort());
  const document: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const [outer, inner] = key.split('.');
    if (inner === undefined) document[outer!] = value;
    else ((document[outer!] ??= {}) as Record<string, unknown>)[inner] = value;
  }
  const config = resolveAgentConfig(document, '/etc/kinstrument.yaml');
  assert.equal(config.dogstatsd.host, '0.0.0.0');
  assert.deepEqual(config.histogramPercentiles, [0.5, 0.99]);
  assert.equal(config.flushIntervalSeconds, 5);
  assert.equal(config.youngGenerationGrowth, true);
  assert.equal(config.dogstatsd.readerThread, false);
  assert.equal(config.dogstatsd.readerQueueBytes, 1024 * 1024);
  assert.equal(config.storage.path, '/etc/db.sqlite');
  assert.equal(config.storage.maxSizeBytes, 2 * 1024 ** 3);
  assert.equal(config.storage.retentionSeconds.metrics1m, 7 * 86_400);
  assert.equal(config.storage.retentionSeconds.traces, 5400);
  assert.equal(config.otlpExport?.protocol, 'http/json');
  assert.deepEqual(config.otlpExport?.signals, { traces: true, logs: false, metrics: false });
  assert.deepEqual(
    config.logMetricRules.map((rule) => rule.name),
    ['app.errors'],
  );
});

test('bad sizes, durations and export settings name the nested key', () => {
  assert.throws(
    () =>
      resolveAgentConfig(
        {
          storage: { max_size: 'lots' },
          retention: { logs: '-1d' },
          otlp_export: { enabled: true, protocol: 'grpc' },
        },
        'k.yaml',
      ),
    (error: unknown) => {
      const text = (error as Error).message;
      assert.match(text, /k\.yaml: storage\.max_size: must be a size like 512, 20MiB or 1GiB, got "lots"/);
      assert.match(text, /k\.yaml: retention\.logs: must be a duration like 90s, 12h or 7d/);
      assert.match(text, /k\.yaml: otlp_export\.protocol: must be http\/protobuf or http\/json, got "grpc"/);
      assert.match(text, /k\.yaml: otlp_export\.endpoint: is required when otlp_export\.enabled is true/);
      return true;
    },
  );
  assert.throws(
    () => resolveAgentConfig({ otlp_export: { headers: ['x'] } }, 'k.yaml'),
    (error: unknown) => !(error as Error).message.includes('"x"'),
  );
});

test('every problem is reported with file, key and what is wrong; secrets are not echoed', () => {
  const file = write(
    'bad/kinstrument.yaml',
    'dogstatsd_port: eighty\nbind_host: 0.0.0.0\nhistogram_aggregates: [max, p99]\nsurprise: 1\nlog_level: loud\n' +
      'young_generation_growth: sometimes\ndogstatsd_reader_thread: 1\ndogstatsd_reader_queue_size: 4KiB\n' +
      'storage:\n  write_queue_spans_logs_max_size: 64KiB\n',
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
      assert.match(text, /young_generation_growth: must be true or false, got "sometimes"/);
      assert.match(text, /dogstatsd_reader_thread: must be true or false, got 1/);
      assert.match(
        text,
        /dogstatsd_reader_queue_size: must be at least 256KiB \(one batch of datagrams\), got 4096 bytes/,
      );
      assert.match(text, /storage\.write_queue_spans_logs_max_size: must be at least 1MiB, got 65536 bytes/);
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
