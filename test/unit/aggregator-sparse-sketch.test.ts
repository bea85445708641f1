// The aggregator's sparse DDSketch against @datadog/sketches-js, the sketch it replaces: same quantiles,
// count, sum, min and max, bit for bit, on random data (positive, negative, zero, weighted).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogCollapsingLowestDenseDDSketch } from '@datadog/sketches-js';
import { LogMapping, SparseSketch } from '../../src/agent/aggregator/sparse-sketch';

const QUANTILES = [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function compare(values: readonly number[], weights: readonly number[], accuracy = 0.01): void {
  const reference = new LogCollapsingLowestDenseDDSketch({ relativeAccuracy: accuracy, binLimit: 2048 });
  const sketch = new SparseSketch(new LogMapping(accuracy), 2048);
  values.forEach((value, index) => {
    reference.accept(value, weights[index]);
    sketch.accept(value, weights[index] ?? 1);
  });
  assert.equal(sketch.count, reference.count);
  assert.equal(sketch.sum, reference.sum);
  assert.equal(sketch.min, reference.min);
  assert.equal(sketch.max, reference.max);
  for (const q of QUANTILES) {
    assert.equal(sketch.getValueAtQuantile(q), reference.getValueAtQuantile(q), `quantile ${q}`);
  }
}

test('sparse sketch: the same answers as the library on random data', () => {
  const next = random(42);
  for (let round = 0; round < 200; round += 1) {
    const size = 1 + Math.floor(next() * (round < 100 ? 8 : 2000));
    const values: number[] = [];
    const weights: number[] = [];
    for (let index = 0; index < size; index += 1) {
      const kind = next();
      // Mostly positive latencies over six decades; some negatives, zeros and repeats.
      let value = Math.exp(next() * 14 - 4);
      if (kind < 0.1) value = -value;
      else if (kind < 0.15) value = 0;
      else if (kind < 0.3 && values.length > 0) value = values[Math.floor(next() * values.length)] as number;
      values.push(value);
      weights.push(next() < 0.2 ? 1 / (0.1 + next() * 0.9) : 1);
    }
    compare(values, weights, round % 3 === 0 ? 0.02 : 0.01);
  }
});

test('sparse sketch: empty, reset and reused', () => {
  const sketch = new SparseSketch(new LogMapping(0.01), 2048);
  assert.ok(Number.isNaN(sketch.getValueAtQuantile(0.5)));
  for (const value of [5, 1, 3]) sketch.accept(value, 1);
  sketch.reset();
  assert.equal(sketch.count, 0);
  assert.equal(sketch.min, Infinity);
  sketch.accept(10, 1);
  const reference = new LogCollapsingLowestDenseDDSketch({ relativeAccuracy: 0.01 });
  reference.accept(10);
  assert.equal(sketch.getValueAtQuantile(0.5), reference.getValueAtQuantile(0.5));
  assert.throws(() => sketch.accept(1, 0), /Weight must be a positive number/);
});

test('sparse sketch: past the bin limit the lowest bins collapse and the top stays accurate', () => {
  // With 8 bins at 1 % accuracy, 1…1e6 spans far more than 8 keys.
  const sketch = new SparseSketch(new LogMapping(0.01), 8);
  const values = [1, 2, 4, 8, 1e3, 1e4, 1e5, 1e6];
  for (const value of values) sketch.accept(value, 1);
  assert.equal(sketch.count, values.length);
  const top = sketch.getValueAtQuantile(1);
  assert.ok(Math.abs(top - 1e6) / 1e6 <= 0.01, `max within 1 %: ${top}`);
  // Everything below the kept span lands in its lowest bin: the median is no longer exact, but every
  // value is still counted once.
  const median = sketch.getValueAtQuantile(0.5);
  assert.ok(median > 8 && median < 1e6, `median folded upwards: ${median}`);
  // Once collapsed, lower values land in the lowest bin rather than widening the span again.
  sketch.accept(0.001, 1);
  assert.equal(sketch.count, values.length + 1);
  assert.equal(sketch.min, 0.001);
  assert.ok(sketch.getValueAtQuantile(0) > 1, 'the lowest bin is above the folded values');
});
