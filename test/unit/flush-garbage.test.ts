// The major collection after large flushes (src/agent/runtime/flush-garbage.ts): when it runs, and that
// V8 hands out its gc function on the Node versions we support.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { FlushGarbage } from '../../src/agent/runtime/flush-garbage';

test('flush gc: available without --expose-gc', () => {
  const garbage = new FlushGarbage();
  assert.equal(garbage.stats().unavailable, undefined);
});

test('flush gc: only after large flushes, on the next turn, at most once per interval', async () => {
  let now = 0;
  const garbage = new FlushGarbage(1_000, 5_000, () => now);
  garbage.afterFlush(999);
  await nextTurn();
  assert.equal(garbage.stats().collections, 0, 'a small flush is left to V8');
  garbage.afterFlush(1_000);
  assert.equal(garbage.stats().collections, 0, 'not within the flush itself');
  await nextTurn();
  assert.equal(garbage.stats().collections, 1);
  assert.ok(garbage.stats().totalMs > 0);
  now += 4_999;
  garbage.afterFlush(50_000);
  await nextTurn();
  assert.equal(garbage.stats().collections, 1, 'too soon after the last one');
  now += 1;
  garbage.afterFlush(50_000);
  await nextTurn();
  assert.equal(garbage.stats().collections, 2);
});
