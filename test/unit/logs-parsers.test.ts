// Parsers on lines recorded from the rig (Kafka 3.9 broker, ZooKeeper 3.8.4 in Kafka's layout and in its own) and
// on JSON lines in the shapes the SDK, pino and dd-trace write.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parseLog4jTimestamp } from '../../src/agent/logs/parsers/log4j';
import { parserFor, type ParsedLog } from '../../src/agent/logs/parsers';
import { parseJsonTime } from '../../src/agent/logs/parsers/json';
import { normaliseSpanId, normaliseTraceId } from '../../src/agent/logs/parsers/trace-ids';
import { MultiLineAggregator } from '../../src/agent/logs/processing/multiline';
import { normaliseLevel } from '../../src/agent/logs/record';
import { LineSplitter } from '../../src/agent/logs/tailer/line-splitter';
import type { Line, RawRecord } from '../../src/agent/logs/tailer/types';

const fixture = (name: string) =>
  readFileSync(resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'logs', name));

/** The fixture as the tailer would group it: lines, then records by the source's record-start pattern. */
function records(name: string, source: string): RawRecord[] {
  const lines: Line[] = [];
  new LineSplitter(256 * 1024).push(fixture(name), 0, lines);
  const out: RawRecord[] = [];
  const aggregator = new MultiLineAggregator(parserFor(source).recordStart, 256 * 1024, 0);
  for (const line of lines) aggregator.push(line, out);
  aggregator.flush(out);
  return out;
}

function parseAll(name: string, source: string): ParsedLog[] {
  return records(name, source).map((record) => {
    const result = parserFor(source).parse(record.text);
    assert.ok(result.ok, `${name}: ${result.ok ? '' : result.reason}\n${record.text}`);
    return result.log;
  });
}

test('log4j timestamps are local time of the agent host', () => {
  assert.equal(
    parseLog4jTimestamp('2026-11-25 06:22:38,744'),
    new Date(2026, 10, 25, 6, 22, 38, 744).getTime(),
  );
  assert.equal(
    parseLog4jTimestamp('2026-11-25T06:22:38.7'),
    new Date(2026, 10, 25, 6, 22, 38, 700).getTime(),
  );
  assert.equal(parseLog4jTimestamp('2026-02-30 06:22:38,744'), undefined);
  assert.equal(parseLog4jTimestamp('25/11/2026 06:22'), undefined);
});

test('kafka server.log (recorded): one record per header line, KafkaConfig dump joined, loggers and levels', () => {
  const text = fixture('kafka-server.log').toString('utf8');
  const headers = text.split('\n').filter((line) => line.startsWith('['));
  const logs = parseAll('kafka-server.log', 'kafka');
  assert.equal(logs.length, headers.length);
  assert.deepEqual(
    logs.map((log) => log.level),
    headers.map((line) => normaliseLevel(/^\[[^\]]+\] (\w+)/.exec(line)![1])),
  );
  const config = logs.find((log) => log.message.startsWith('KafkaConfig values:'));
  assert.ok(config);
  assert.equal(config.logger, 'kafka.server.KafkaConfig');
  assert.match(config.message, /\n\tadvertised\.listeners = PLAINTEXT:\/\/127\.0\.0\.1:9092\n/);
  assert.match(
    config.message,
    /\tzookeeper\.ssl\.truststore\.type = null$/,
    'the logger suffix is removed from the last line',
  );
  const first = logs[0]!;
  assert.equal(first.timestamp, new Date(2026, 10, 25, 6, 22, 36, 598).getTime());
  assert.equal(first.logger, 'org.apache.zookeeper.ZooKeeper');
  assert.match(first.message, /^Initiating client connection, .*ZooKeeperClientWatcher\$@2abf4075$/);
  const registered = parserFor('kafka').parse(
    '[2026-11-25 06:22:36,028] INFO Registered kafka:type=kafka.Log4jController MBean (kafka.utils.Log4jControllerRegistration$)',
  );
  assert.ok(registered.ok);
  assert.equal(registered.log.logger, 'kafka.utils.Log4jControllerRegistration$');
});

test('kafka controller.log (recorded): a WARN with its Java stack trace is one record with error attributes', () => {
  const logs = parseAll('kafka-controller.log', 'kafka');
  const warn = logs.find((log) => log.level === 'warn');
  assert.ok(warn);
  assert.equal(warn.logger, 'kafka.controller.RequestSendThread');
  assert.match(
    warn.message,
    /^\[RequestSendThread controllerId=0\] Controller 0's connection to broker .* was unsuccessful\njava\.io\.IOException/,
  );
  assert.equal(warn.attributes['error.kind'], 'java.io.IOException');
  assert.equal(warn.attributes['error.message'], 'Connection to 127.0.0.1:9092 (id: 0 rack: null) failed.');
  assert.match(
    String(warn.attributes['error.stack']),
    /\n\tat kafka\.controller\.RequestSendThread\.doWork\(ControllerChannelManager\.scala:252\)/,
  );
  const stackLines = fixture('kafka-controller.log')
    .toString('utf8')
    .split('\n')
    .filter((line) => line.startsWith('\tat '));
  assert.equal(String(warn.attributes['error.stack']).split('\n').length, stackLines.length + 1);
});

test('zookeeper.log in the rig (Kafka layout, recorded)', () => {
  const logs = parseAll('zookeeper-rig.log', 'zookeeper');
  assert.equal(logs.length, 20);
  assert.equal(logs[0]!.logger, 'org.apache.zookeeper.server.quorum.QuorumPeerConfig');
  assert.equal(logs[7]!.level, 'warn');
  assert.equal(
    logs[7]!.message,
    'Either no config or no quorum defined in config, running in standalone mode',
  );
});

test("ZooKeeper's own layout (recorded from ZooKeeper 3.8.4's client), with a stack trace", () => {
  const logs = parseAll('zookeeper-stock.log', 'zookeeper');
  const headers = fixture('zookeeper-stock.log')
    .toString('utf8')
    .split('\n')
    .filter((line) => /^\d{4}-/.test(line));
  assert.equal(logs.length, headers.length);
  const first = logs[0]!;
  assert.equal(first.timestamp, new Date(2026, 10, 25, 6, 59, 28, 778).getTime());
  assert.equal(first.level, 'info');
  assert.equal(first.logger, 'Environment');
  assert.equal(first.attributes['logger.thread_name'], 'main');
  assert.equal(first.attributes['logger.line'], 98);
  assert.equal(first.attributes['zookeeper.myid'], undefined);
  assert.match(first.message, /^Client environment:zookeeper\.version=3\.8\.4/);
  const warn = logs.find((log) => log.level === 'warn');
  assert.ok(warn);
  assert.equal(warn.logger, 'ClientCnxn$SendThread');
  assert.equal(warn.attributes['logger.thread_name'], 'main-SendThread(127.0.0.1:2199)');
  assert.equal(warn.attributes['zookeeper.myid'], '127.0.0.1:2199');
  assert.equal(warn.attributes['error.kind'], 'java.net.ConnectException');
  assert.equal(warn.attributes['error.message'], 'Connection refused');
  assert.equal(logs.at(-1)!.level, 'error');
  assert.equal(logs.at(-1)!.message, 'Exiting JVM with code 1');
});

test('kafka lines that are not in the layout fail (and are kept raw by the pipeline)', () => {
  for (const text of [
    '\tadvertised.listeners = x',
    '[not a date] INFO x (y)',
    '[2026-11-25 06:22:38,744] LOUD x (y)',
  ]) {
    const result = parserFor('kafka').parse(text);
    assert.equal(result.ok, false, text);
  }
});

test('JSON lines: SDK, pino, dd-trace log injection', () => {
  const lines = fixture('sdk.jsonl').toString('utf8').split('\n').filter(Boolean);
  const parse = (line: string) => parserFor('json').parse(line);
  const sdk = parse(lines[0]!);
  assert.ok(sdk.ok);
  assert.equal(sdk.log.timestamp, Date.parse('2026-11-25T06:22:38.744Z'));
  assert.equal(sdk.log.level, 'info');
  assert.equal(sdk.log.message, 'consumer joined group');
  assert.equal(sdk.log.service, 'signup_processor');
  assert.equal(sdk.log.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
  assert.equal(sdk.log.spanId, '00f067aa0ba902b7');
  assert.equal(
    sdk.log.attributes['dd.trace_id'],
    '11803532876627986230',
    'Datadog correlation ids stay searchable',
  );
  assert.equal(sdk.log.logger, 'kafkajs');
  assert.equal(sdk.log.attributes['logger.namespace'], 'ConsumerGroup');
  assert.equal(sdk.log.attributes['kafkajs.groupId'], 'signups');
  assert.equal(sdk.log.attributes['kafkajs.isLeader'], true);
  assert.equal(sdk.log.attributes.source, 'kafkajs', "the line's own source field is an attribute");
  assert.deepEqual(sdk.log.tags, ['team:growth', 'tier:1']);
  assert.equal(sdk.log.attributes.ddtags, undefined);
  assert.equal(sdk.log.attributes.env, 'dev');
  assert.equal(sdk.log.attributes.message, undefined);

  const pino = parse(lines[1]!);
  assert.ok(pino.ok);
  assert.equal(pino.log.level, 'error');
  assert.equal(pino.log.timestamp, Date.parse('2026-11-25T06:22:38.744Z'));
  assert.equal(pino.log.message, 'Crash in eachMessage');
  assert.equal(pino.log.attributes['err.type'], 'KafkaJSNumberOfRetriesExceeded');

  const dd = parse(lines[2]!);
  assert.ok(dd.ok);
  assert.equal(dd.log.level, 'warn');
  assert.equal(dd.log.timestamp, Date.parse('2026-11-25T06:22:38.744Z'));
  assert.equal(dd.log.traceId, '112210f47de98115'.padStart(32, '0'));
  assert.equal(dd.log.spanId, '000000003ade68b1');
  assert.equal(dd.log.service, 'checkout');
  assert.equal(dd.log.attributes.tags, '["a","b"]');

  const noTime = parse(lines[3]!);
  assert.ok(noTime.ok);
  assert.equal(noTime.log.timestamp, undefined);
  assert.equal(noTime.log.logger, 'kafkajs.Producer');

  assert.equal(parse(lines[4]!).ok, false);
  assert.equal(parse(lines[5]!).ok, false);
});

test('unknown sources: JSON objects are parsed, anything else is the message as is', () => {
  const json = parserFor('nodejs').parse('{"msg":"hi","level":"warn"}');
  assert.ok(json.ok);
  assert.equal(json.log.level, 'warn');
  const plain = parserFor('nodejs').parse('plain {text}');
  assert.deepEqual(plain, { ok: true, log: { message: 'plain {text}', attributes: {} } });
});

test('levels, times and ids in their many spellings', () => {
  assert.equal(normaliseLevel('WARNING'), 'warn');
  assert.equal(normaliseLevel('Err'), 'error');
  assert.equal(normaliseLevel('CRITICAL'), 'fatal');
  assert.equal(normaliseLevel('notice'), 'info');
  assert.equal(normaliseLevel(10), 'trace');
  assert.equal(normaliseLevel('30'), 'info');
  assert.equal(normaliseLevel('loud'), undefined);
  assert.equal(parseJsonTime('1795587758744'), 1795587758744);
  assert.equal(parseJsonTime(1795587758744123), 1795587758744);
  assert.equal(
    parseJsonTime('1795587758744123456'),
    1795587758744,
    'nanoseconds (as text: JSON numbers lose them)',
  );
  assert.equal(parseJsonTime('yesterday'), undefined);
  assert.equal(normaliseTraceId('4BF92F3577B34DA6A3CE929D0E0E4736'), '4bf92f3577b34da6a3ce929d0e0e4736');
  assert.equal(normaliseTraceId('a3ce929d0e0e4736'), '0000000000000000a3ce929d0e0e4736');
  assert.equal(normaliseTraceId('0'), undefined);
  assert.equal(normaliseTraceId('not-an-id'), undefined);
  assert.equal(normaliseSpanId('18446744073709551616'), undefined, 'more than 64 bits is no span id');
  assert.equal(normaliseSpanId(42), '000000000000002a');
});
