// The benchmark's allocation-profile summary (bench/tools/alloc-summary.ts), on a hand-made V8 profile.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectRoot } from '../../bench/support/paths';
import { summarizeAllocations, type AllocationProfile } from '../../bench/tools/alloc-summary';

function frame(
  functionName: string,
  url: string,
  selfSize: number,
  ...children: AllocationProfile['head'][]
) {
  return { callFrame: { functionName, url, lineNumber: 9 }, selfSize, children };
}

// (root) → consume → decode (600 B) → decode again (recursion, 200 B); consume itself 100 B; onBatch 100 B.
const profile: AllocationProfile = {
  head: frame(
    '(root)',
    '',
    0,
    frame(
      'consume',
      'file:///app/node_modules/kafkajs/src/consumer.js',
      100,
      frame(
        'decode',
        'file:///app/node_modules/kafkajs/src/decoder.js',
        600,
        frame('decode', 'file:///app/node_modules/kafkajs/src/decoder.js', 200),
      ),
      frame('onBatch', `file://${projectRoot}/dist/listener.js`, 100),
    ),
  ),
};

test('bytes by module and by function, and under each function counting recursion once', () => {
  const text = summarizeAllocations([{ profile, messages: 10 }], { top: 10 });
  assert.match(text, /^total 0\.0 MB sampled in 1 profile\(s\) over 10 messages \(100 B\/msg\)/);
  const section = (title: string) => text.split(`${title}\n`)[1]!.split('\n\n')[0]!.split('\n');
  const modules = section('allocated by module:');
  assert.match(modules[0]!, /90 B\/msg {2}kafkajs$/);
  assert.equal(modules.length, 2);
  const own = section('allocated by function (its own allocations):');
  assert.match(own[0]!, /80 B\/msg {2}decode kafkajs:10$/);
  const under = section('allocated under function (itself and what it called):');
  assert.match(under[0]!, /100 B\/msg {2}consume kafkajs:10$/);
  assert.match(under[1]!, /80 B\/msg {2}decode kafkajs:10$/);
  assert.ok(!text.includes('(root)'), 'the root placeholder is not a function');
});

test('without message counts for every profile, no per-message column', () => {
  const text = summarizeAllocations(
    [
      { profile, messages: 10 },
      { profile, messages: undefined },
    ],
    { top: 3 },
  );
  assert.match(text, /^total 0\.0 MB sampled in 2 profile\(s\)\n/);
  assert.ok(!text.includes('B/msg'));
});

test('--filter keeps the functions whose label contains the text', () => {
  const text = summarizeAllocations([{ profile, messages: 10 }], { top: 10, filter: 'onBatch' });
  const own = text.split('allocated by function (its own allocations):\n')[1]!.split('\n\n')[0]!.split('\n');
  assert.equal(own.length, 1);
  assert.match(own[0]!, /10 B\/msg {2}onBatch dist\/listener\.js:10$/);
});
