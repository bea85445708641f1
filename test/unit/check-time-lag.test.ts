// Lag in seconds from the high-watermark history: interpolation, extrapolation limits, resets and bounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HighWatermarkHistory } from '../../src/agent/checks/kafka_consumer/time-lag';

test('interpolates when the high watermark passed the committed offset', () => {
  const history = new HighWatermarkHistory();
  history.record('t', 0, 0, 100);
  history.record('t', 0, 100, 110);
  history.record('t', 0, 200, 120);
  // The next message to consume is offset 150; the high watermark reached 151 at 110 + 0.51 × 10.
  assert.equal(history.estimateLagSeconds('t', 0, 150, 120)?.toFixed(3), '4.900');
  assert.equal(history.estimateLagSeconds('t', 0, 200, 125), 0, 'caught up');
  assert.equal(history.estimateLagSeconds('t', 0, 250, 125), 0, 'ahead (offsets read before watermarks)');
  assert.equal(history.estimateLagSeconds('t', 1, 0, 125), undefined, 'unknown partition');
});

test('an idle topic keeps the first time each offset was seen, so lag keeps growing', () => {
  const history = new HighWatermarkHistory();
  history.record('t', 0, 10, 100);
  history.record('t', 0, 20, 110);
  history.record('t', 0, 20, 500); // no new messages: no new point
  assert.equal(history.pointsOf('t', 0).length, 2);
  // Offset 19 (next to consume) appeared when the watermark reached 20, at 110.
  assert.equal(history.estimateLagSeconds('t', 0, 19, 500), 390);
});

test('before the oldest observation: extrapolates at the observed rate, at most 600 s back', () => {
  const history = new HighWatermarkHistory();
  history.record('t', 0, 100_000, 1000);
  assert.equal(history.estimateLagSeconds('t', 0, 10, 1000), undefined, 'one point cannot tell a rate');
  history.record('t', 0, 100_100, 1010); // 10 offsets per second
  // Offset 99 991 reached 9 offsets before 100 000 → 0.9 s before t=1000.
  assert.equal(history.estimateLagSeconds('t', 0, 99_990, 1010)?.toFixed(3), '10.900');
  assert.equal(history.estimateLagSeconds('t', 0, 0, 1010), 610, 'capped 600 s before the oldest point');
});

test('a high watermark going backwards (topic re-created) clears the history', () => {
  const history = new HighWatermarkHistory();
  history.record('t', 0, 500, 1);
  history.record('t', 0, 600, 2);
  history.record('t', 0, 3, 3);
  assert.equal(history.resets, 1);
  assert.deepEqual(history.pointsOf('t', 0), [{ offset: 3, time: 3 }]);
});

test('points per partition stay bounded: older half thinned, newest kept dense', () => {
  const history = new HighWatermarkHistory({ maxPoints: 8 });
  for (let i = 1; i <= 100; i += 1) history.record('t', 0, i * 10, i);
  const points = history.pointsOf('t', 0);
  assert.ok(points.length <= 8, `${points.length} points`);
  assert.ok(history.pointsDropped >= 92, `${history.pointsDropped} dropped`);
  assert.deepEqual(points[points.length - 1], { offset: 1000, time: 100 });
  assert.equal(points[0]?.offset, 10, 'the oldest point survives thinning');
  // Still a sensible estimate after thinning: offset 995 was reached between t=99 and 100.
  const lag = history.estimateLagSeconds('t', 0, 994, 100) ?? -1;
  assert.ok(lag >= 0 && lag <= 1.1, `lag ${lag}`);
});

test('partitions tracked stay bounded, with an overflow counter, and stale ones expire', () => {
  const history = new HighWatermarkHistory({ maxPartitions: 3, staleAfterRuns: 2 });
  for (let p = 0; p < 5; p += 1) history.record('t', p, 1, 1, 1);
  assert.equal(history.partitions, 3);
  assert.equal(history.partitionOverflow, 2);
  history.record('t', 0, 2, 2, 2);
  history.expire(3);
  assert.equal(history.partitions, 1, 'partitions 1 and 2 not seen for 2 runs are forgotten');
});
