// The benchmark's command line (bench/cli-options.ts): what reaches the children, and what is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOptions } from '../../bench/cli-options';

test('--child-flag collects Node/V8 flags for the client children, in order', () => {
  const options = parseOptions([
    'client',
    '--child-flag',
    '--no-turbo-inlining',
    '--child-flag',
    '--max-semi-space-size=16',
  ]);
  assert.deepEqual(options.childFlags, ['--no-turbo-inlining', '--max-semi-space-size=16']);
  assert.deepEqual(options.benchmarks, ['client']);
});

test('no --child-flag: the children get no extra flags', () => {
  assert.deepEqual(parseOptions([]).childFlags, []);
});

test('--child-flag refuses what is not a flag, and flags that would load code into a variant', () => {
  for (const bad of ['no-turbo-inlining', 'app.js', '--require=./x.js', '--import=./x.mjs', '--loader=x']) {
    assert.throws(() => parseOptions(['--child-flag', bad]), /--child-flag: expected a Node\/V8 flag/, bad);
  }
  assert.throws(() => parseOptions(['--child-flag']), /--child-flag needs a value/);
});
