// The require hook that catches kafkajs' own files as they load: which files it recognizes, that it hands
// out patched exports once per file, and that kafkajs' per-request requires stay cheap (no resolution).
/* eslint-disable @typescript-eslint/no-require-imports -- require() itself is what is under test */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import {
  hookKafkajsRequires,
  kafkajsFileOf,
  type KafkajsFileLoad,
} from '../../src/instrumentation/kafkajs/require-hook';

interface ResolveCounter {
  _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
}

/** A minimal kafkajs copy: index.js → src/index.js → src/retry, and a lazily required protocol file. */
function fakeKafkajs(): { root: string; cleanUp: () => void } {
  const base = mkdtempSync(join(tmpdir(), 'kin-require-hook-'));
  const root = join(base, 'node_modules', 'kafkajs');
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'kafkajs', version: '2.2.4', main: 'index.js' }),
    'index.js': "module.exports = require('./src')",
    'src/index.js': [
      "const createRetry = require('./retry')",
      'module.exports = class Kafka {',
      '  retry() { return createRetry }',
      "  request() { return require('./protocol/v7/request') }",
      '}',
    ].join('\n'),
    'src/retry/index.js': 'module.exports = function createRetry() { return "original" }',
    'src/protocol/v7/request.js': 'module.exports = { v: 7 }',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, cleanUp: () => rmSync(base, { recursive: true, force: true }) };
}

test('kafkajs files are recognized by their place in a kafkajs copy', () => {
  assert.deepEqual(kafkajsFileOf('/app/node_modules/kafkajs/src/index.js'), {
    file: 'src/index.js',
    packageRoot: '/app/node_modules/kafkajs',
    filename: '/app/node_modules/kafkajs/src/index.js',
  });
  assert.equal(
    kafkajsFileOf('/app/node_modules/.pnpm/kafkajs@2.2.4/node_modules/kafkajs/src/retry/index.js')?.file,
    'src/retry/index.js',
  );
  assert.equal(kafkajsFileOf('/app/node_modules/kafkajs/src/producer/index.js'), null);
  assert.equal(kafkajsFileOf('/app/node_modules/kafkajs-v1/src/index.js'), null);
  assert.equal(kafkajsFileOf('/app/node_modules/other/node_modules/x/src/index.js'), null);
});

test('each watched file is seen once, its replacement is what kafkajs gets, and unhook restores require', () => {
  const { root, cleanUp } = fakeKafkajs();
  const originalRequire = Module.prototype.require;
  const seen: KafkajsFileLoad[] = [];
  const hook = hookKafkajsRequires((exports, load) => {
    seen.push(load);
    return load.file === 'src/retry/index.js' ? () => 'patched' : exports;
  });
  try {
    const Kafka = require(root) as new () => { retry(): () => string; request(): unknown };
    const kafka = new Kafka();
    assert.equal(kafka.retry()(), 'patched');
    assert.deepEqual(
      seen.map((s) => [s.file, s.packageRoot]),
      [
        ['src/retry/index.js', root],
        ['src/index.js', root],
      ],
    );
    assert.deepEqual(kafka.request(), { v: 7 }, 'other files pass through unchanged');
    assert.equal(
      (require(join(root, 'src', 'retry')) as () => string)(),
      'patched',
      'a later require gets the same replacement',
    );
    assert.equal(seen.length, 2, 'not patched again');
  } finally {
    hook.unhook();
    cleanUp();
  }
  assert.equal(Module.prototype.require, originalRequire);
});

test("kafkajs' per-request requires are not resolved again; candidates are resolved once", () => {
  const { root, cleanUp } = fakeKafkajs();
  const moduleApi = Module as unknown as ResolveCounter;
  const resolve = moduleApi._resolveFilename;
  let resolved = 0;
  moduleApi._resolveFilename = function (this: unknown, ...args: [string, unknown, ...unknown[]]) {
    resolved += 1;
    return resolve.apply(this, args);
  };
  const retryPath = join(root, 'src', 'retry');
  const requireRetry100 = () => {
    const before = resolved;
    for (let i = 0; i < 100; i += 1) require(retryPath);
    return resolved - before;
  };
  let hook: { unhook(): void } | undefined;
  try {
    // Node resolves an absolute id on every require by itself: that is the baseline.
    const byNode = requireRetry100();
    hook = hookKafkajsRequires((exports) => exports);
    const Kafka = require(root) as new () => { request(): unknown };
    const kafka = new Kafka();
    kafka.request();
    const before = resolved;
    for (let i = 0; i < 100; i += 1) kafka.request();
    assert.equal(resolved - before, 0, 'a cached require of ./protocol/v7/request costs no resolution');
    const withHook = requireRetry100();
    assert.ok(
      withHook - byNode <= 1,
      `a candidate id is resolved once per requiring module (${withHook} vs ${byNode})`,
    );
  } finally {
    moduleApi._resolveFilename = resolve;
    hook?.unhook();
    cleanUp();
  }
});

test('a failing patch leaves the file as it was and never throws into require', () => {
  const { root, cleanUp } = fakeKafkajs();
  const hook = hookKafkajsRequires(() => {
    throw new Error('patch bug');
  });
  try {
    const Kafka = require(root) as new () => { retry(): () => string };
    assert.equal(new Kafka().retry()(), 'original');
  } finally {
    hook.unhook();
    cleanUp();
  }
});
