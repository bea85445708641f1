import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LOG_METRICS } from '../../src/catalog/log-metrics';
import { parserFor } from '../../src/agent/logs/parsers';
import type { LogRecord } from '../../src/agent/logs/record';
import {
  compileLogQuery,
  LogMetricsEvaluator,
  LogQueryError,
  MAX_LOG_METRIC_RULES,
  parseLogMetricRules,
} from '../../src/agent/logs/metrics';
import { resolveAgentConfig, AgentConfigError } from '../../src/agent/config/main-config';

function record(partial: Partial<LogRecord>): LogRecord {
  return {
    timestamp: 0,
    level: 'info',
    message: '',
    service: 'svc',
    source: 'app',
    host: 'h',
    tags: [],
    attributes: {},
    file: '/x.log',
    ...partial,
  };
}

/** A record as the collector builds it from one line of a real log, through the source's own parser. */
function parsed(source: string, line: string): LogRecord {
  const result = parserFor(source).parse(line);
  assert.ok(result.ok, `parse ${line}`);
  const { log } = result;
  return record({
    source,
    service: source,
    message: log.message,
    level: log.level ?? 'info',
    logger: log.logger,
    attributes: log.attributes,
  });
}

// Lines written by the rig's brokers (Kafka 3.9.2, 4.1.1) and ZooKeeper 3.8.4 (directories shortened).
const KAFKA = {
  deletingByTime:
    '[2026-11-25 09:18:02,862] INFO [UnifiedLog partition=ret-exp-1795598260444-0, dir=/rig/data/kafka-logs] Deleting segment LogSegment(baseOffset=0, size=70, lastModifiedTime=1795598260779, largestRecordTimestamp=1795598260764) due to log retention time 1000ms breach based on the largest record timestamp in the segment (kafka.log.UnifiedLog)',
  // Kafka 4.1 (KRaft rig): UnifiedLog moved to the storage module, same message.
  deletingKraft:
    '[2026-11-25 09:24:15,669] INFO [UnifiedLog partition=kin-retention-1795598652658-0, dir=/rig/data/kraft-combined-logs] Deleting segment LogSegment(baseOffset=0, size=70, lastModifiedTime=1795598653195, largestRecordTimestamp=1795598653186) due to log retention time 1000ms breach based on the largest record timestamp in the segment (org.apache.kafka.storage.internals.log.UnifiedLog)',
  deletingBySize:
    '[2026-11-25 09:18:02,862] INFO [UnifiedLog partition=orders-12, dir=/rig/data/kafka-logs] Deleting segment LogSegment(baseOffset=0, size=1048576, lastModifiedTime=1, largestRecordTimestamp=1) due to log retention size 1000000 breach. Log size after deletion will be 1048576. (kafka.log.UnifiedLog)',
  segmentFiles:
    '[2026-11-25 09:18:02,864] INFO [LocalLog partition=ret-exp-1795598260444-0, dir=/rig/data/kafka-logs] Deleting segment files LogSegment(baseOffset=0, size=70, lastModifiedTime=1795598260779, largestRecordTimestamp=1795598260764) (kafka.log.LocalLog$)',
  startOffset:
    '[2026-11-25 09:18:02,861] INFO [UnifiedLog partition=ret-exp-1795598260444-0, dir=/rig/data/kafka-logs] Incremented log start offset to 4 due to segment deletion (kafka.log.UnifiedLog)',
  isrUpdated:
    '[2026-11-25 09:20:00,000] INFO [Partition orders-3 broker=1] ISR updated to 1,2 and version updated to 7 (kafka.cluster.Partition)',
  isrShrinking:
    '[2026-11-25 09:20:00,000] INFO [Partition orders-3 broker=1] Shrinking ISR from 1,2,3 to 1,2. Leader: (highWatermark: 10, endOffset: 12). Out of sync replicas: (brokerId: 3, endOffset: 5). (kafka.cluster.Partition)',
  error:
    '[2026-11-25 09:20:00,000] ERROR [ReplicaFetcher replicaId=1, leaderId=2, fetcherId=0] Error for partition orders-3 at offset 7 (kafka.server.ReplicaFetcherThread)',
  warn: '[2026-11-25 09:20:00,000] WARN [SocketServer listenerType=ZK_BROKER, nodeId=0] Unexpected error from /127.0.0.1 (org.apache.kafka.common.network.Selector)',
};
const ZOOKEEPER = {
  expiring:
    '2026-11-25 09:15:10,158 [myid:] - INFO  [SessionTracker:o.a.z.s.ZooKeeperServer@632] - Expiring session 0x100000b2a2c0001, timeout of 6000ms exceeded',
  expiringKafkaLayout:
    '[2026-11-25 09:15:10,158] INFO Expiring session 0x100000b2a2c0001, timeout of 6000ms exceeded (org.apache.zookeeper.server.ZooKeeperServer)',
  error:
    '[2026-11-25 09:15:10,158] ERROR Unable to load database on disk (org.apache.zookeeper.server.quorum.QuorumPeer)',
};

test('query: fields, phrases, wildcards, lists, negation, OR and parentheses', () => {
  const r = record({
    source: 'kafka',
    service: 'broker',
    level: 'warn',
    logger: 'kafka.log.UnifiedLog',
    message: 'Deleting segment LogSegment(baseOffset=0) due to log retention: time',
    tags: ['env:prod', 'team:streams'],
    attributes: { 'http.status_code': 503, user: 'ada' },
  });
  const yes = [
    '*',
    'source:kafka',
    'source:KAFKA',
    'status:warn',
    'status:warning',
    'level:(error OR warn)',
    'logger:kafka.log.*',
    'logger:*UnifiedLog',
    '"deleting segment"',
    '"retention: time"',
    'Deleting seg*',
    'source:kafka "Deleting segment" "due to log retention"',
    'env:prod team:stream*',
    '@http.status_code:503',
    '@http.status_code:>=500',
    '@http.status_code:>500 OR @user:ada',
    '-source:zookeeper',
    'NOT status:error',
    'source:kafka AND (status:error OR "baseOffset=0")',
    '@user:"ada"',
  ];
  for (const query of yes) assert.equal(compileLogQuery(query)(r), true, query);
  const no = [
    'source:zookeeper',
    'status:error',
    'logger:kafka.log',
    '"Deleting segments"',
    'env:dev',
    'missing:tag',
    '@http.status_code:<500',
    '@nothere:1',
    '-source:kafka',
    'source:kafka -"retention"',
    'status:error OR source:zk*',
    '"Deleting*"',
  ];
  for (const query of no) assert.equal(compileLogQuery(query)(r), false, query);
});

test('query: malformed queries say what is wrong', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['source:', /no value/],
    ['"unclosed', /not closed/],
    ['(source:kafka', /not closed/],
    ['source:kafka)', /unmatched/],
    ['status:loud', /not a log level/],
    ['@x:>abc', /not a number/],
    ['source:kafka OR', /nothing after/],
    ['NOT', /ends with NOT/],
    ['source:(a AND b)', /alternatives joined by OR/],
    ['@:x', /attribute name/],
  ];
  for (const [query, message] of cases) {
    assert.throws(
      () => compileLogQuery(query),
      (error: unknown) => {
        assert.ok(error instanceof LogQueryError, query);
        assert.match(error.message, message, query);
        return true;
      },
    );
  }
});

test('shipped rules count exactly the lines they are meant for, grouped as documented', () => {
  const { rules, problems } = parseLogMetricRules(undefined, 'log_based_metrics', true);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    rules.map((rule) => rule.name),
    DEFAULT_LOG_METRICS.map((spec) => spec.name),
  );
  const evaluator = new LogMetricsEvaluator(rules, { host: 'h' });
  evaluator.observe([
    ...Object.values(KAFKA).map((line) => parsed('kafka', line)),
    ...Object.values(ZOOKEEPER).map((line) => parsed('zookeeper', line)),
  ]);
  const counts = Object.fromEntries(
    evaluator.drain().map((s) => [`${s.name}{${s.tags.join(',')}}`, s.value] as const),
  );
  assert.deepEqual(counts, {
    'logs.kafka.errors{logger:kafka.server.ReplicaFetcherThread}': 1,
    'logs.kafka.warnings{logger:org.apache.kafka.common.network.Selector}': 1,
    'logs.kafka.segments_deleted{reason:time,topic:ret-exp-1795598260444}': 1,
    'logs.kafka.segments_deleted{reason:size,topic:orders}': 1,
    'logs.kafka.segments_deleted{reason:time,topic:kin-retention-1795598652658}': 1,
    'logs.kafka.isr_changes{change:ISR_updated,topic:orders}': 1,
    'logs.kafka.isr_changes{change:Shrinking_ISR,topic:orders}': 1,
    'logs.zookeeper.session_expirations{}': 2,
    'logs.zookeeper.errors{logger:org.apache.zookeeper.server.quorum.QuorumPeer}': 1,
  });
});

test('evaluator: counts per interval, count samples with the interval, nothing for an idle interval', () => {
  let now = 1_000_000;
  const { rules } = parseLogMetricRules(
    [{ name: 'app.errors', query: 'status:error', group_by: [{ path: 'service', tag_name: 'svc' }] }],
    'log_based_metrics',
    false,
  );
  const evaluator = new LogMetricsEvaluator(rules, { host: 'agent-host', clock: () => now });
  evaluator.observe([
    record({ level: 'error', service: 'a' }),
    record({ level: 'error', service: 'a' }),
    record({ level: 'error', service: 'b' }),
    record({ level: 'info', service: 'a' }),
  ]);
  now += 10_000;
  assert.deepEqual(evaluator.drain(), [
    {
      name: 'app.errors',
      type: 'count',
      value: 2,
      timestamp: 1000,
      tags: ['svc:a'],
      host: 'agent-host',
      intervalSeconds: 10,
      source: 'logs',
    },
    {
      name: 'app.errors',
      type: 'count',
      value: 1,
      timestamp: 1000,
      tags: ['svc:b'],
      host: 'agent-host',
      intervalSeconds: 10,
      source: 'logs',
    },
  ]);
  now += 10_000;
  assert.deepEqual(evaluator.drain(), []);
  const stats = evaluator.stats();
  assert.equal(stats.recordsEvaluated, 4);
  assert.equal(stats.matches, 3);
  assert.deepEqual(stats.perRule, [{ name: 'app.errors', builtIn: false, matches: 3 }]);
});

test('evaluator: extraction, missing values and tag value clean-up', () => {
  const { rules, problems } = parseLogMetricRules(
    [
      {
        name: 'app.orders',
        query: '"order"',
        extract: String.raw`order (?P<order_kind>\w+) for (?<customer>[^;]+)`,
        group_by: [{ path: '@order_kind', tag_name: 'kind' }, { path: '@customer' }, '@region'],
      },
    ],
    'log_based_metrics',
    false,
  );
  assert.deepEqual(problems, []);
  const evaluator = new LogMetricsEvaluator(rules, { host: 'h' });
  evaluator.observe([
    record({ message: 'order retail for Ada Lovelace, Ltd; ok', attributes: { region: 'eu' } }),
    record({ message: 'no order here' }),
  ]);
  assert.deepEqual(
    evaluator.drain().map((s) => [s.tags, s.value]),
    [
      [['customer:Ada_Lovelace_Ltd', 'kind:retail', 'region:eu'], 1],
      [['customer:n/a', 'kind:n/a', 'region:n/a'], 1],
    ],
  );
});

test('evaluator: past max_contexts tag sets in an interval, matches are counted as overflow', () => {
  const { rules } = parseLogMetricRules(
    [{ name: 'by.user', query: '*', group_by: ['@user'], max_contexts: 3 }],
    'log_based_metrics',
    false,
  );
  const evaluator = new LogMetricsEvaluator(rules, { host: 'h' });
  const records = Array.from({ length: 10 }, (_, i) => record({ attributes: { user: `u${i % 5}` } }));
  evaluator.observe(records);
  const samples = evaluator.drain();
  assert.equal(samples.length, 3);
  assert.equal(
    samples.reduce((sum, s) => sum + s.value, 0),
    6,
  );
  assert.equal(evaluator.stats().contextOverflow, 4);
  // The limit is per interval: the next one starts empty.
  evaluator.observe([record({ attributes: { user: 'u4' } })]);
  assert.deepEqual(
    evaluator.drain().map((s) => s.tags),
    [['user:u4']],
  );
});

test('evaluator: a rule that throws is counted and skipped, the others still count', () => {
  const { rules } = parseLogMetricRules(
    [
      { name: 'ok.rule', query: '*' },
      { name: 'bad.rule', query: '*' },
    ],
    'log_based_metrics',
    false,
  );
  const bad = rules.find((r) => r.name === 'bad.rule')!;
  bad.matches = () => {
    throw new Error('boom');
  };
  const messages: string[] = [];
  const evaluator = new LogMetricsEvaluator(rules, { host: 'h', onError: (m) => messages.push(m) });
  evaluator.observe([record({}), record({})]);
  assert.equal(evaluator.stats().errors, 2);
  assert.deepEqual(
    evaluator.drain().map((s) => [s.name, s.value]),
    [['ok.rule', 2]],
  );
  assert.match(messages[0]!, /bad\.rule: boom/);
});

test('rules: user rules replace shipped ones by name; defaults can be turned off', () => {
  const { rules } = parseLogMetricRules(
    [{ name: 'logs.kafka.errors', query: 'source:kafka status:fatal' }],
    'log_based_metrics',
    true,
  );
  const replaced = rules.filter((r) => r.name === 'logs.kafka.errors');
  assert.equal(replaced.length, 1);
  assert.equal(replaced[0]!.builtIn, false);
  assert.equal(rules.length, DEFAULT_LOG_METRICS.length);
  assert.deepEqual(parseLogMetricRules(undefined, 'log_based_metrics', false).rules, []);
});

test('rules: every problem is named by its path in the main config file', () => {
  const rawRules = [
    { name: '9bad name', query: 'status:loud' },
    { query: 'x' },
    { name: 'ok', query: 'x', group_by: [{ path: 'nowhere' }, { tag_name: 'x' }], extract: '(?<a' },
    { name: 'ok', query: 'x' },
    { name: 'typo', query: 'x', qurey: 'y' },
    'not a mapping',
  ];
  assert.throws(
    () => resolveAgentConfig({ log_based_metrics: rawRules }, '/etc/kinstrument.yaml'),
    (error: unknown) => {
      assert.ok(error instanceof AgentConfigError);
      const text = error.problems.join('\n');
      for (const expected of [
        /\/etc\/kinstrument\.yaml: log_based_metrics\[0\]\.name: "9bad name" is not a metric name/,
        /log_based_metrics\[0\]\.query: "status:loud" is not a log level/,
        /log_based_metrics\[1\]\.name: is required/,
        /log_based_metrics\[2\]\.group_by\[0\]\.path: "nowhere" is not a field/,
        /log_based_metrics\[2\]\.group_by\[1\]\.path: is required/,
        /log_based_metrics\[2\]\.extract: is not a valid regular expression/,
        /log_based_metrics\[4\]\.qurey: unknown key/,
        /log_based_metrics\[5\]: must be a mapping/,
      ])
        assert.match(text, expected);
      return true;
    },
  );
  assert.throws(
    () => resolveAgentConfig({ log_based_metrics: { name: 'x' } }, '/etc/k.yaml'),
    /log_based_metrics: must be a list of rules/,
  );
  assert.throws(
    () => resolveAgentConfig({ log_based_metrics_defaults: 'maybe' }, '/etc/k.yaml'),
    /\/etc\/k\.yaml: log_based_metrics_defaults: /,
  );
  const tooMany = Array.from({ length: MAX_LOG_METRIC_RULES + 1 }, (_, i) => ({ name: `r${i}`, query: '*' }));
  assert.throws(
    () => resolveAgentConfig({ log_based_metrics: tooMany }, '/etc/k.yaml'),
    /has 201 rules; at most 200/,
  );
});

test('rules: a duplicate name is refused', () => {
  const { problems } = parseLogMetricRules(
    [
      { name: 'a', query: '*' },
      { name: 'a', query: '*' },
    ],
    'log_based_metrics',
    false,
  );
  assert.match(problems[0]!.message, /already defined/);
  assert.equal(problems[0]!.path, 'log_based_metrics[1].name');
});
