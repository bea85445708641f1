// The replacement for kafkajs' record-header encoder writes exactly kafkajs' bytes — header by header and
// as whole records — for every kafkajs version we support, and leaves every other case to kafkajs.
/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs' internal modules are what is compared */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import {
  encodeHeader,
  fastHeaderEncoder,
  isReplacedHeaderEncoder,
  type KafkajsHeaderEncoder,
} from '../../src/instrumentation/kafkajs/header-encoder';
import { sharedHeaderValue } from '../../src/instrumentation/kafkajs/shared-header-values';

interface KafkajsEncoder {
  buffer: Buffer;
}
type RecordEncoder = (record: {
  offsetDelta?: number;
  timestampDelta?: number;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, unknown>;
}) => KafkajsEncoder;

const COPIES = ['kafkajs', 'kafkajs-v1'];

function modules(copy: string): {
  Header: KafkajsHeaderEncoder;
  recordWith(header: KafkajsHeaderEncoder): RecordEncoder;
} {
  const root = dirname(require.resolve(`${copy}/package.json`));
  const headerPath = join(root, 'src', 'protocol', 'recordBatch', 'header', 'v0', 'index.js');
  const recordPath = join(root, 'src', 'protocol', 'recordBatch', 'record', 'v0', 'index.js');
  const Header = require(headerPath) as KafkajsHeaderEncoder;
  return {
    Header,
    // The record encoder as kafkajs loads it, holding `header` as its header encoder.
    recordWith(header) {
      const cached = require.cache[headerPath]!;
      const original = cached.exports as unknown;
      cached.exports = header;
      delete require.cache[recordPath];
      try {
        return require(recordPath) as RecordEncoder;
      } finally {
        cached.exports = original;
        delete require.cache[recordPath];
      }
    },
  };
}

const long = (n: number) => 'x'.repeat(n);
const SAMPLES: { key: unknown; value: unknown }[] = [
  { key: 'traceparent', value: Buffer.from('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01') },
  { key: 'x-datadog-trace-id', value: Buffer.from('9532127138774266268') },
  { key: 'x-string', value: 'plain text' },
  { key: 'x-unicode-välue', value: 'zürich → 東京 🚀' },
  { key: '', value: '' },
  { key: 'empty-buffer', value: Buffer.alloc(0) },
  { key: 'k63', value: long(63) },
  { key: 'k64', value: long(64) },
  { key: 'k8191', value: Buffer.alloc(8191, 1) },
  { key: 'k8192', value: Buffer.alloc(8192, 2) },
  { key: long(200), value: Buffer.alloc(70_000, 3) },
];

for (const copy of COPIES) {
  test(`${copy}: each header is encoded to kafkajs' own bytes`, () => {
    const { Header } = modules(copy);
    for (const sample of SAMPLES) {
      const ours = encodeHeader(sample);
      assert.ok(ours, `encoded ${String(sample.key).slice(0, 20)}`);
      const theirs = (Header(sample) as KafkajsEncoder).buffer;
      assert.ok(ours.buffer.equals(theirs), `same bytes for ${String(sample.key).slice(0, 20)}`);
      assert.equal(ours.buf, ours.buffer);
    }
  });

  test(`${copy}: whole records are byte for byte the same with the replacement`, () => {
    const { Header, recordWith } = modules(copy);
    const original = recordWith(Header);
    const replaced = recordWith(fastHeaderEncoder(Header));
    const value = Buffer.alloc(1024, 'v');
    const records = [
      { key: null, value, headers: {} },
      { key: 'k', value, headers: Object.fromEntries(SAMPLES.slice(0, 6).map((s) => [s.key, s.value])) },
      { key: Buffer.from('key'), value: 'text value', headers: { multi: ['one', Buffer.from('two')] } },
      {
        key: null,
        value: null,
        headers: { 'null-value': null, 'x-kinstrument-produce-ts': Buffer.from('1') },
      },
      {
        key: null,
        value,
        headers: { big: Buffer.alloc(100_000, 9) },
        offsetDelta: 300,
        timestampDelta: 123_456,
      },
    ];
    for (const [i, record] of records.entries()) {
      const outcome = (encode: RecordEncoder) => {
        try {
          return encode(record).buffer;
        } catch (error) {
          return `throws ${String(error)}`;
        }
      };
      assert.deepEqual(outcome(replaced), outcome(original), `record ${i}`);
    }
  });

  test(`${copy}: what the replacement does not encode goes to kafkajs, errors included`, () => {
    const { Header } = modules(copy);
    const fast = fastHeaderEncoder(Header);
    for (const odd of [
      { key: 'null', value: null },
      { key: 'undefined', value: undefined },
      { key: 'number', value: 42 },
      { key: 7, value: 'numeric key' },
      { key: null, value: 'null key' },
    ]) {
      let expected: unknown;
      let expectedError: unknown;
      try {
        expected = (Header(odd) as KafkajsEncoder).buffer;
      } catch (error) {
        expectedError = error;
      }
      assert.equal(encodeHeader(odd), undefined);
      if (expectedError)
        assert.throws(
          () => fast(odd),
          (error) => String(error) === String(expectedError),
        );
      else assert.ok((fast(odd) as KafkajsEncoder).buffer.equals(expected as Buffer), String(odd.key));
    }
  });
}

test("kinstrument's shared header values are encoded once; the app's are encoded every time", () => {
  const { Header, recordWith } = modules('kafkajs');
  const fast = fastHeaderEncoder(Header);
  const original = recordWith(Header);
  const replaced = recordWith(fast);
  const bytesOf = (encoder: unknown) => (encoder as KafkajsEncoder).buffer;

  const shared = sharedHeaderValue('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
  const first = fast({ key: 'traceparent', value: shared });
  assert.equal(fast({ key: 'traceparent', value: shared }), first, 'the same encoding for the next message');
  assert.ok(bytesOf(first).equals(bytesOf(Header({ key: 'traceparent', value: shared }))));
  // The same value under another name is encoded for that name.
  const other = fast({ key: 'Traceparent', value: shared });
  assert.notEqual(other, first);
  assert.ok(bytesOf(other).equals(bytesOf(Header({ key: 'Traceparent', value: shared }))));
  // Whole records with the shared value: kafkajs' bytes, message after message.
  for (let offsetDelta = 0; offsetDelta < 3; offsetDelta++) {
    const record = { offsetDelta, key: null, value: Buffer.from('v'), headers: { traceparent: shared } };
    assert.ok(replaced(record).buffer.equals(original(record).buffer), `record ${offsetDelta}`);
  }

  // An app that reuses one Buffer and rewrites it between sends gets the new bytes.
  const reused = Buffer.from('aaaa');
  const before = bytesOf(fast({ key: 'x-app', value: reused }));
  reused.write('bbbb');
  const after = bytesOf(fast({ key: 'x-app', value: reused }));
  assert.notDeepEqual(after, before);
  assert.ok(after.equals(bytesOf(Header({ key: 'x-app', value: reused }))));
});

test('the replacement is installed once', () => {
  const { Header } = modules('kafkajs');
  const fast = fastHeaderEncoder(Header);
  assert.ok(isReplacedHeaderEncoder(fast));
  assert.equal(fastHeaderEncoder(fast), fast);
  assert.equal(isReplacedHeaderEncoder(Header), false);
});

test('under -r kinstrument/register, kafkajs records are encoded through the replacement', () => {
  const root = join(__dirname, '..', '..', '..');
  const script = [
    "require('kafkajs');",
    "const header = require('kafkajs/src/protocol/recordBatch/header/v0/index.js');",
    `const { isReplacedHeaderEncoder } = require(${JSON.stringify(join(root, 'dist', 'src', 'instrumentation', 'kafkajs', 'header-encoder.js'))});`,
    'process.stdout.write(String(isReplacedHeaderEncoder(header)));',
  ].join('\n');
  const run = (preload: string[]) =>
    spawnSync(process.execPath, [...preload, '-e', script], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, KINSTRUMENT_TRACES_EXPORTER: 'none', KINSTRUMENT_METRICS_ENABLED: 'false' },
    });
  const instrumented = run(['-r', join(root, 'dist', 'register.js')]);
  assert.equal(instrumented.stdout, 'true', instrumented.stderr);
  assert.equal(run([]).stdout, 'false');
});
