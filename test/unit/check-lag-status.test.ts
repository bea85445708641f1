// The Burrow-style lag status rules, and the bounded windows they are evaluated over.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  evaluatePartition,
  lagStatusCode,
  LagWindows,
  resolveVerdict,
  worstStatus,
  type LagObservation,
} from '../../src/agent/checks/kafka_consumer/lag-status';

const series = (rows: [offset: number, lag: number][]): LagObservation[] =>
  rows.map(([offset, lag], index) => ({ offset, lag, time: index * 15 }));

test('fewer than three observations: OK (not enough to judge)', () => {
  assert.equal(
    evaluatePartition(
      series([
        [0, 500],
        [0, 900],
      ]),
    ),
    'OK',
  );
});

test('rule 1: lag zero anywhere in the window is OK', () => {
  assert.equal(
    evaluatePartition(
      series([
        [100, 0],
        [100, 50],
        [100, 80],
      ]),
    ),
    'OK',
  );
});

test('rule 2: the committed offset going backwards is ERR', () => {
  assert.equal(
    evaluatePartition(
      series([
        [100, 5],
        [200, 5],
        [150, 60],
      ]),
    ),
    'ERR',
  );
});

test('rule 3: no progress for longer than the progress seen is STUCK → STOP without members, STALL with', () => {
  const stuck = series([
    [100, 10],
    [100, 20],
    [100, 30],
    [100, 40],
  ]);
  assert.equal(evaluatePartition(stuck), 'STUCK');
  assert.equal(resolveVerdict('STUCK', false), 'STOP');
  assert.equal(resolveVerdict('STUCK', true), 'STALL');
  // Advanced until t=30, then stuck 15 s < 30 s of progress: not stuck yet (lag falling → OK).
  assert.equal(
    evaluatePartition(
      series([
        [100, 90],
        [150, 60],
        [200, 40],
        [200, 45],
      ]),
    ),
    'OK',
  );
  // Stuck 30 s > 15 s of progress.
  assert.equal(
    evaluatePartition(
      series([
        [100, 90],
        [150, 60],
        [150, 70],
        [150, 80],
      ]),
    ),
    'STUCK',
  );
});

test('rule 4: advancing but lag never decreasing is WARN; decreasing somewhere is OK', () => {
  assert.equal(
    evaluatePartition(
      series([
        [100, 10],
        [200, 20],
        [300, 20],
        [400, 30],
      ]),
    ),
    'WARN',
  );
  assert.equal(
    evaluatePartition(
      series([
        [100, 10],
        [200, 20],
        [300, 15],
        [400, 30],
      ]),
    ),
    'OK',
  );
});

test('group status is the worst partition: OK < WARN < STALL < STOP < ERR', () => {
  assert.equal(worstStatus(['OK', 'WARN', 'STALL']), 'STALL');
  assert.equal(worstStatus(['STOP', 'ERR', 'OK']), 'ERR');
  assert.equal(worstStatus([]), 'OK');
  assert.deepEqual((['OK', 'WARN', 'STALL', 'STOP', 'ERR'] as const).map(lagStatusCode), [0, 1, 2, 3, 4]);
});

test('windows keep the last N observations and a bounded number of partitions', () => {
  const windows = new LagWindows(3, 2, 2);
  for (let i = 0; i < 10; i += 1) windows.observe('g', 't', 0, { offset: i, lag: 1, time: i }, 1);
  assert.deepEqual(
    windows.observe('g', 't', 0, { offset: 10, lag: 1, time: 10 }, 1).map((o) => o.offset),
    [8, 9, 10],
  );
  windows.observe('g', 't', 1, { offset: 0, lag: 1, time: 0 }, 1);
  const overflowed = windows.observe('g', 't', 2, { offset: 0, lag: 1, time: 0 }, 1);
  assert.equal(windows.count, 2);
  assert.equal(windows.overflow, 1);
  assert.equal(overflowed.length, 1, 'an untracked partition is judged on its single observation');
  windows.observe('g', 't', 0, { offset: 11, lag: 1, time: 11 }, 2);
  windows.expire(3);
  assert.equal(windows.count, 1, 'partition 1 not seen for 2 runs expired');
});
