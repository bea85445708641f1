// Tag values per key are capped; memory stays bounded however many values arrive.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TAG_OVERFLOW_VALUE } from '../../src/catalog/client-metrics';
import { CardinalityGuard } from '../../src/signals/metrics/cardinality-guard';

test('a 10,000-topic bomb keeps at most the cap per key and counts the rest', () => {
  const overflows: string[] = [];
  const guard = new CardinalityGuard(100, (key) => overflows.push(key));
  const results = new Set<string>();
  for (let i = 0; i < 10_000; i += 1) results.add(guard.value('topic', `topic-${i}`));
  assert.equal(guard.size('topic'), 100);
  assert.equal(results.size, 101, '100 real values + other');
  assert.ok(results.has(TAG_OVERFLOW_VALUE));
  assert.deepEqual(guard.overflowCounts(), { topic: 9_900 });
  assert.equal(overflows.length, 9_900);
  // Admitted values keep passing; keys are independent.
  assert.equal(guard.value('topic', 'topic-5'), 'topic-5');
  assert.equal(guard.tag('partition', '3'), 'partition:3');
  assert.equal(guard.tag('topic', 'late-topic'), `topic:${TAG_OVERFLOW_VALUE}`);
});

test('a value seen again is not counted twice', () => {
  const guard = new CardinalityGuard(2);
  for (let i = 0; i < 5; i += 1) guard.value('broker', 'a');
  guard.value('broker', 'b');
  assert.equal(guard.size('broker'), 2);
  assert.deepEqual(guard.overflowCounts(), {});
});
