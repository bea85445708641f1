// Lines, multi-line records and processing rules: the parts of the pipeline that decide what a record is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLogsSection, type LogSourceConfig } from '../../src/agent/logs';
import { RecordBuilder } from '../../src/agent/logs/pipeline';
import { MultiLineAggregator } from '../../src/agent/logs/processing/multiline';
import { applyRules } from '../../src/agent/logs/processing/rules';
import { emptyCounters } from '../../src/agent/logs/stats';
import { LineSplitter } from '../../src/agent/logs/tailer/line-splitter';
import type { Line, RawRecord } from '../../src/agent/logs/tailer/types';

function split(
  chunks: (string | Buffer)[],
  max = 1024,
): { lines: Line[]; splitter: LineSplitter; offset: number } {
  const splitter = new LineSplitter(max);
  const lines: Line[] = [];
  let offset = 0;
  for (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    splitter.push(bytes, offset, lines);
    offset += bytes.length;
  }
  return { lines, splitter, offset };
}

function line(text: string, endOffset: number, flags: Partial<Line> = {}): Line {
  return { text, bytes: Buffer.byteLength(text), endOffset, truncated: false, partial: false, ...flags };
}

function source(yaml: Record<string, unknown>): LogSourceConfig {
  const { sources, problems } = parseLogsSection(
    { logs: [{ type: 'file', path: '/tmp/x.log', ...yaml }] },
    'test.yaml',
  );
  assert.deepEqual(problems, []);
  return sources[0]!;
}

test('lines: split across reads, CRLF, a BOM at the start, offsets after each newline', () => {
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('first\r\nsec')]);
  const { lines, splitter } = split([bom, 'ond\n\nthird']);
  assert.deepEqual(
    lines.map((l) => [l.text, l.endOffset]),
    [
      ['first', 10],
      ['second', 17],
      ['', 18],
    ],
  );
  assert.equal(splitter.pendingBytes, 5, 'an unfinished line waits for its newline');
  const partial: Line[] = [];
  splitter.flushPartial(23, partial);
  assert.deepEqual(partial, [{ text: 'third', bytes: 5, endOffset: 23, truncated: false, partial: true }]);
});

test('lines longer than the limit come in pieces of at most the limit, cut between characters', () => {
  // 'é' is two bytes: a cut at an odd byte would split it.
  const long = `${'é'.repeat(25)}\n`;
  const { lines } = split([long.slice(0, 7), long.slice(7)], 10);
  assert.deepEqual(
    lines.map((l) => [l.text, l.bytes, l.truncated]),
    [
      ['ééééé', 10, true],
      ['ééééé', 10, true],
      ['ééééé', 10, true],
      ['ééééé', 10, true],
      ['ééééé', 10, true],
    ],
  );
  assert.equal(lines.at(-1)!.endOffset, 51);
  const { lines: after } = split(['0123456789ab\nok\n'], 10);
  assert.deepEqual(
    after.map((l) => [l.text, l.truncated]),
    [
      ['0123456789', true],
      ['ab', true],
      ['ok', false],
    ],
  );
});

test('multi-line: continuation lines join the record before; the last waits for flush; safeOffset trails', () => {
  const aggregator = new MultiLineAggregator(/^\[\d{4}/, 1000, 0);
  const out: RawRecord[] = [];
  aggregator.push(line('[2026-11-25 06:22:38,640] WARN unsuccessful (x.Y)', 50), out);
  aggregator.push(line('java.io.IOException: failed.', 80), out);
  aggregator.push(line('\tat a.B.c(B.java:71)', 100), out);
  assert.equal(out.length, 0);
  assert.equal(aggregator.safeOffset, 0, 'nothing is committable while the record is pending');
  aggregator.push(line('[2026-11-25 06:22:38,703] INFO next (x.Y)', 140), out);
  assert.equal(out.length, 1);
  assert.equal(
    out[0]!.text,
    '[2026-11-25 06:22:38,640] WARN unsuccessful (x.Y)\njava.io.IOException: failed.\n\tat a.B.c(B.java:71)',
  );
  assert.equal(out[0]!.lines, 3);
  assert.equal(out[0]!.endOffset, 100);
  assert.equal(aggregator.safeOffset, 100);
  aggregator.flush(out);
  assert.equal(out[1]!.text, '[2026-11-25 06:22:38,703] INFO next (x.Y)');
  assert.equal(aggregator.safeOffset, 140);
});

test('multi-line: a record past the size limit is cut, the rest continues as its own record', () => {
  const aggregator = new MultiLineAggregator(/^START/, 20, 0);
  const out: RawRecord[] = [];
  aggregator.push(line('START 123456', 13), out);
  aggregator.push(line('more 1', 20), out);
  aggregator.push(line('more 2', 27), out);
  aggregator.push(line('START again', 39), out);
  aggregator.flush(out);
  assert.deepEqual(
    out.map((r) => [r.text, r.truncated]),
    [
      ['START 123456\nmore 1', true],
      ['more 2', true],
      ['START again', false],
    ],
  );
});

test('without a start pattern every non-empty line is a record; empty lines only move the offset', () => {
  const aggregator = new MultiLineAggregator(undefined, 100, 0);
  const out: RawRecord[] = [];
  aggregator.push(line('a', 2), out);
  aggregator.push(line('   ', 6), out);
  assert.deepEqual(
    out.map((r) => r.text),
    ['a'],
  );
  assert.equal(aggregator.safeOffset, 6);
});

test('rules apply in order, each to the result of the one before', () => {
  const { rules } = source({
    log_processing_rules: [
      {
        type: 'mask_sequences',
        name: 'cards',
        pattern: '\\d{4}-\\d{4}-\\d{4}-(\\d{4})',
        replace_placeholder: '****-${1}',
      },
      { type: 'exclude_at_match', name: 'health', pattern: 'GET /health' },
      { type: 'include_at_match', name: 'payments', pattern: 'payment' },
      { type: 'exclude_truncated', name: 'whole_only' },
    ],
  });
  assert.deepEqual(applyRules('payment 1234-5678-9012-3456 and 1111-2222-3333-4444 ok', false, rules), {
    keep: true,
    text: 'payment ****-3456 and ****-4444 ok',
  });
  assert.deepEqual(applyRules('payment GET /health', false, rules), { keep: false, rule: 'health' });
  assert.deepEqual(applyRules('login ok', false, rules), { keep: false, rule: 'payments' });
  assert.deepEqual(applyRules('payment x', true, rules), { keep: false, rule: 'whole_only' });
  // Masking before matching: an include rule sees the masked text.
  const masked = source({
    log_processing_rules: [
      {
        type: 'mask_sequences',
        name: 'key',
        pattern: 'api_key=\\w+',
        replace_placeholder: 'api_key=[masked]',
      },
      { type: 'include_at_match', name: 'masked', pattern: '\\[masked\\]' },
    ],
  });
  assert.deepEqual(applyRules('call api_key=abc123', false, masked.rules), {
    keep: true,
    text: 'call api_key=[masked]',
  });
});

test('records: rules, then the parser; a line the parser cannot read is kept raw and counted', () => {
  const counters = emptyCounters();
  const config = source({
    source: 'kafka',
    service: 'broker',
    tags: ['team:data', 'env:dev'],
    log_processing_rules: [{ type: 'exclude_at_match', name: 'no_debug', pattern: '\\] DEBUG ' }],
  });
  const builder = new RecordBuilder(
    [config],
    { hostname: 'host-1', globalTags: ['env:dev', 'region:eu'] },
    counters,
  );
  const raw = (text: string, flags: Partial<RawRecord> = {}): RawRecord => ({
    text,
    endOffset: 0,
    truncated: false,
    partial: false,
    lines: 1,
    ...flags,
  });
  const records = builder.build(
    {
      sourceIndex: 0,
      file: '/var/log/kafka/server.log',
      records: [
        raw('[2026-11-25 06:22:38,744] INFO [KafkaServer id=0] started (kafka.server.KafkaServer)'),
        raw('[2026-11-25 06:22:38,745] DEBUG noise (kafka.Noise)'),
        raw('garbage without a header', { partial: true }),
      ],
    },
    1234,
  );
  assert.equal(records.length, 2);
  assert.deepEqual(records[0], {
    timestamp: new Date(2026, 10, 25, 6, 22, 38, 744).getTime(),
    level: 'info',
    message: '[KafkaServer id=0] started',
    logger: 'kafka.server.KafkaServer',
    service: 'broker',
    source: 'kafka',
    host: 'host-1',
    tags: ['env:dev', 'region:eu', 'team:data'],
    attributes: {},
    file: '/var/log/kafka/server.log',
  });
  assert.equal(records[1]!.message, 'garbage without a header');
  assert.equal(records[1]!.timestamp, 1234, 'no time in the line: the time it was read');
  assert.equal(records[1]!.level, 'info');
  assert.equal(records[1]!.partial, true);
  assert.match(records[1]!.parseError ?? '', /layout/);
  assert.equal(counters.excludedRecords, 1);
  assert.equal(counters.parseFailures, 1);
});

test("records: a JSON line's ddtags join the source's tags; its service wins over the configured one", () => {
  const counters = emptyCounters();
  const builder = new RecordBuilder(
    [source({ source: 'json', service: 'fallback', tags: ['team:data'] })],
    {
      hostname: 'h',
      globalTags: [],
    },
    counters,
  );
  const [record] = builder.build(
    {
      sourceIndex: 0,
      file: '/var/log/app.log',
      records: [
        {
          text: '{"message":"hi","service":"signup_processor","ddtags":"team:data,tier:1","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}',
          endOffset: 0,
          truncated: false,
          partial: false,
          lines: 1,
        },
      ],
    },
    0,
  );
  assert.deepEqual(record!.tags, ['team:data', 'tier:1']);
  assert.equal(record!.service, 'signup_processor');
  assert.equal(record!.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
});
