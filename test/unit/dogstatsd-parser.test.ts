import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DogStatsDParser, parseDatagram } from '../../src/agent/intake/dogstatsd';

test('every metric type parses with name, value and defaults', () => {
  const { metrics, stats } = parseDatagram(
    'page.views:1|c\nfuel.level:0.5|g\nsong.length:240|h\nrequest.time:3.5|ms\nlatency:12|d\nusers.uniques:alice|s',
  );
  assert.deepEqual(
    metrics.map((m) => [m.name, m.type, m.type === 's' ? m.member : m.values, m.sampleRate, m.tags]),
    [
      ['page.views', 'c', [1], 1, []],
      ['fuel.level', 'g', [0.5], 1, []],
      ['song.length', 'h', [240], 1, []],
      ['request.time', 'ms', [3.5], 1, []],
      ['latency', 'd', [12], 1, []],
      ['users.uniques', 's', 'alice', 1, []],
    ],
  );
  assert.equal(stats.metrics, 6);
  assert.equal(stats.parseErrorsTotal, 0);
});

test('sample rate, tags, container id and timestamp are read in any order', () => {
  const { metrics } = parseDatagram(
    'kafka.sent:3|c|#topic:orders,partition:0,canary|@0.25|c:abc123|T1700000000',
  );
  assert.equal(metrics.length, 1);
  const [metric] = metrics;
  assert.ok(metric && metric.type === 'c');
  assert.deepEqual(metric.values, [3]);
  assert.equal(metric.sampleRate, 0.25);
  assert.deepEqual(metric.tags, ['topic:orders', 'partition:0', 'canary']);
  assert.equal(metric.containerId, 'abc123');
  assert.equal(metric.timestamp, 1700000000);
});

test('protocol v1.1: several values on one line', () => {
  const { metrics, stats } = parseDatagram('batch.size:1:2:32.5:-4|d|#a:b');
  assert.ok(metrics[0] && metrics[0].type === 'd');
  assert.deepEqual(metrics[0].values, [1, 2, 32.5, -4]);
  assert.equal(stats.metrics, 1);
  assert.equal(stats.metricValues, 4);
});

test('set members are opaque strings, colons included', () => {
  const { metrics } = parseDatagram('visitors:10.0.0.1:443|s');
  assert.ok(metrics[0] && metrics[0].type === 's');
  assert.equal(metrics[0].member, '10.0.0.1:443');
});

test('numbers: signs, exponents, decimals; no hex, Infinity or blanks', () => {
  const { metrics, stats } = parseDatagram(
    [
      'a:-1.5|g',
      'b:+2|g',
      'c:1e3|g',
      'd:.5|g',
      'e:5.|g',
      'f:0x10|g',
      'g:Infinity|g',
      'h: 1|g',
      'i:1e|g',
      'j:NaN|g',
    ].join('\n'),
  );
  assert.deepEqual(
    metrics.map((m) => (m.type === 's' ? m.member : m.values[0])),
    [-1.5, 2, 1000, 0.5, 5],
  );
  assert.equal(stats.parseErrors.invalid_value, 5);
});

test('unknown optional fields (e:, card:, future ones) are ignored, not fatal', () => {
  const { metrics, stats } = parseDatagram('x:1|c|e:it-false,cn-web|card:high|zz:future|#t:1');
  assert.equal(metrics.length, 1);
  assert.deepEqual(metrics[0]?.tags, ['t:1']);
  assert.equal(stats.parseErrorsTotal, 0);
});

test('empty lines, trailing newline and CRLF line ends are tolerated', () => {
  const { metrics, stats } = parseDatagram('a:1|c\r\n\n\nb:2|g\n');
  assert.deepEqual(
    metrics.map((m) => m.name),
    ['a', 'b'],
  );
  assert.equal(stats.lines, 2);
});

test('empty tags are skipped; several # fields add up', () => {
  const { metrics } = parseDatagram('x:1|c|#a,,b,|#c:d');
  assert.deepEqual(metrics[0]?.tags, ['a', 'b', 'c:d']);
});

test('malformed lines are counted by reason and never throw; good lines around them survive', () => {
  const lines = [
    'ok.before:1|c',
    'no_pipe_or_colon',
    'no_colon|c',
    ':1|c',
    'x:|c',
    'x:1|q',
    'x:1|',
    'x:abc|g',
    'x:1|c|@0',
    'x:1|c|@1.5',
    'x:1|c|@fast',
    'x:1|g|T-5',
    'x:1|g|Tsoon',
    '_e{5}:title|text',
    '_e{10,4}:short|text',
    '_sc|name',
    '_sc|name|7',
    '_sc||0',
    'ok.after:2|g',
  ];
  let result: ReturnType<typeof parseDatagram> | undefined;
  assert.doesNotThrow(() => {
    result = parseDatagram(lines.join('\n'));
  });
  assert.ok(result);
  assert.deepEqual(
    result.metrics.map((m) => m.name),
    ['ok.before', 'ok.after'],
  );
  assert.deepEqual(
    Object.fromEntries(Object.entries(result.stats.parseErrors).filter(([, count]) => count > 0)),
    {
      invalid_format: 2,
      empty_name: 1,
      unknown_type: 2,
      invalid_value: 2,
      invalid_sample_rate: 3,
      invalid_timestamp: 2,
      invalid_event: 2,
      invalid_service_check: 3,
    },
  );
  assert.equal(result.stats.parseErrorsTotal, lines.length - 2);
});

test('binary garbage is dropped and counted', () => {
  const garbage = Buffer.from([0x00, 0xff, 0x7c, 0x3a, 0x0a, 0xfe, 0x80, 0x7c, 0x7c, 0x0a, 0xc3]);
  const { metrics, events, serviceChecks, stats } = parseDatagram(garbage);
  assert.equal(metrics.length + events.length + serviceChecks.length, 0);
  assert.equal(stats.parseErrorsTotal, 3);
});

test('limits: line length, tags per line, tag length and values per line', () => {
  const limits = { maxLineBytes: 64, maxTagsPerLine: 2, maxTagLength: 10, maxValuesPerLine: 3 };
  const { metrics, stats } = parseDatagram(
    [
      `long:${'1'.repeat(80)}|g`,
      'tags:1|c|#a:1,b:2,c:3,d:4',
      'tag.len:1|c|#short,waytoolongtag:value',
      'values:1:2:3:4|d',
      'values.ok:1:2:3|d',
    ].join('\n'),
    limits,
  );
  assert.deepEqual(
    metrics.map((m) => [m.name, m.tags]),
    [
      ['tags', ['a:1', 'b:2']],
      ['tag.len', ['short']],
      ['values.ok', []],
    ],
  );
  assert.equal(stats.parseErrors.line_too_long, 1);
  assert.equal(stats.parseErrors.too_many_values, 1);
  assert.deepEqual(stats.tagsDropped, { too_many_tags: 2, tag_too_long: 1 });
});

test('events: title, text with escaped newlines and every optional field', () => {
  const title = 'Broker restart on b-1';
  const wireText = 'Controller moved.\\nLeader elected.'; // the newline travels escaped
  const { events, stats } = parseDatagram(
    `_e{${title.length},${wireText.length}}:${title}|${wireText}` +
      '|d:1700000000|h:broker-1|k:restart|p:low|s:kafka|t:warning|#env:prod,role:broker',
  );
  assert.equal(stats.events, 1);
  assert.deepEqual(events[0], {
    title: 'Broker restart on b-1',
    text: 'Controller moved.\nLeader elected.',
    timestamp: 1700000000,
    host: 'broker-1',
    aggregationKey: 'restart',
    priority: 'low',
    sourceTypeName: 'kafka',
    alertType: 'warning',
    tags: ['env:prod', 'role:broker'],
  });
});

test('events: text may contain pipes, and may be empty', () => {
  const { events } = parseDatagram('_e{1,5}:T|a|b|c|#x\n_e{5,0}:title|');
  assert.deepEqual(
    events.map((e) => [e.title, e.text, e.tags]),
    [
      ['T', 'a|b|c', ['x']],
      ['title', '', []],
    ],
  );
});

test('events: lengths in UTF-8 bytes (Datadog) and in UTF-16 units (hot-shots) both work', () => {
  const title = 'Brücke ☃';
  const text = 'naïve';
  const inBytes = `_e{${Buffer.byteLength(title)},${Buffer.byteLength(text)}}:${title}|${text}|t:error`;
  const inUnits = `_e{${title.length},${text.length}}:${title}|${text}|t:error`;
  assert.notEqual(inBytes, inUnits);
  const { events, stats } = parseDatagram(`${inBytes}\n${inUnits}`);
  assert.equal(stats.parseErrorsTotal, 0);
  assert.deepEqual(
    events.map((e) => [e.title, e.text, e.alertType]),
    [
      [title, text, 'error'],
      [title, text, 'error'],
    ],
  );
});

test('events: an unknown priority or alert type is ignored, the event kept', () => {
  const { events } = parseDatagram('_e{1,1}:a|b|p:urgent|t:fatal');
  assert.equal(events.length, 1);
  assert.equal(events[0]?.priority, undefined);
  assert.equal(events[0]?.alertType, undefined);
});

test('service checks: status, timestamp, host, tags and a message that runs to the end', () => {
  const { serviceChecks, stats } = parseDatagram(
    '_sc|kafka.can_connect|2|d:1700000001|h:b-1|#env:prod|m:cannot reach b-1|9092\\nretrying, m\\: 3',
  );
  assert.equal(stats.serviceChecks, 1);
  assert.deepEqual(serviceChecks[0], {
    name: 'kafka.can_connect',
    status: 2,
    timestamp: 1700000001,
    host: 'b-1',
    tags: ['env:prod'],
    message: 'cannot reach b-1|9092\nretrying, m: 3',
  });
});

test('service checks: all four statuses; a bad timestamp is ignored', () => {
  const { serviceChecks } = parseDatagram('_sc|a|0\n_sc|b|1|d:soon\n_sc|c|2\n_sc|d|3');
  assert.deepEqual(
    serviceChecks.map((c) => [c.name, c.status, c.timestamp]),
    [
      ['a', 0, undefined],
      ['b', 1, undefined],
      ['c', 2, undefined],
      ['d', 3, undefined],
    ],
  );
});

test('a parser instance accumulates counters across packets', () => {
  const parser = new DogStatsDParser();
  const seen: string[] = [];
  const handler = {
    metric: (m: { name: string }) => seen.push(m.name),
    event: () => undefined,
    serviceCheck: () => undefined,
  };
  parser.parsePacket(Buffer.from('a:1|c\nbad'), handler);
  parser.parsePacket(Buffer.from('b:1|c'), handler);
  assert.deepEqual(seen, ['a', 'b']);
  const stats = parser.stats();
  assert.equal(stats.metrics, 2);
  assert.equal(stats.parseErrors.invalid_format, 1);
  // stats() hands out copies
  stats.parseErrors.invalid_format = 99;
  assert.equal(parser.stats().parseErrors.invalid_format, 1);
});
