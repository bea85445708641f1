// The OTLP receiver's request-time histograms: fixed buckets, quantile bounds, and differences of snapshots.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  copyHistogram,
  describeQuantiles,
  DURATION_BUCKETS_MS,
  emptyHistogram,
  histogramSince,
  quantileBound,
  recordDuration,
} from '../../src/agent/intake/otlp/timings';

test('a duration lands in the first bucket whose bound it does not exceed; past the last, in the overflow', () => {
  const histogram = emptyHistogram();
  for (const ms of [0, 1, 1.01, 49, 5_000, 60_000]) recordDuration(histogram, ms);
  assert.equal(histogram.counts.length, DURATION_BUCKETS_MS.length + 1);
  assert.equal(histogram.counts[0], 2); // 0 and 1 ≤ 1 ms
  assert.equal(histogram.counts[1], 1); // 1.01 ≤ 2 ms
  assert.equal(histogram.counts[DURATION_BUCKETS_MS.indexOf(50)], 1);
  assert.equal(histogram.counts[DURATION_BUCKETS_MS.indexOf(5_000)], 1);
  assert.equal(histogram.counts.at(-1), 1);
  assert.equal(histogram.count, 6);
  assert.equal(histogram.maxMs, 60_000);
});

test('quantile bounds: the bucket holding the rank; none without requests; Infinity in the overflow', () => {
  const histogram = emptyHistogram();
  assert.equal(quantileBound(histogram, 0.99), undefined);
  assert.equal(describeQuantiles(histogram), 'p50 n/a, p99 n/a');
  for (let i = 0; i < 98; i += 1) recordDuration(histogram, 3);
  recordDuration(histogram, 150);
  recordDuration(histogram, 9_000);
  assert.equal(quantileBound(histogram, 0.5), 5);
  assert.equal(quantileBound(histogram, 0.99), 200);
  assert.equal(quantileBound(histogram, 1), Number.POSITIVE_INFINITY);
  assert.equal(describeQuantiles(histogram), 'p50 ≤ 5 ms, p99 ≤ 200 ms');
});

test('a snapshot subtracted from a later one is the histogram of the requests in between', () => {
  const histogram = emptyHistogram();
  recordDuration(histogram, 300);
  const before = copyHistogram(histogram);
  recordDuration(histogram, 4);
  recordDuration(histogram, 4);
  const between = histogramSince(histogram, before);
  assert.equal(between.count, 2);
  assert.equal(between.sumMs, 8);
  assert.equal(quantileBound(between, 0.99), 5);
  // The copy did not move with the histogram.
  assert.equal(before.count, 1);
});
