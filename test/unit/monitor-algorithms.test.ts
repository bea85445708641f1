// The outlier algorithms and threshold rules, with numbers worked out by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dbscanOutliers,
  DBSCAN_NORMALIZING_CONSTANT,
  madOutliers,
  median,
  medianAbsoluteDeviation,
  memberVectors,
  reduce,
  thresholdLevel,
} from '../../src/agent/monitors';
import { checkThresholdOrder } from '../../src/agent/monitors/algorithms/threshold';
import type { MemberSeries } from '../../src/agent/monitors/algorithms/series';

function series(key: string, values: number[], start = 100, step = 10): MemberSeries {
  return { key, points: values.map((v, i) => [start + i * step, v] as const) };
}

// Three producers close together and one whose latency jumped at four of five times.
const PRODUCERS = [
  series('p1', [10, 11, 10, 12, 11]),
  series('p2', [11, 10, 12, 11, 10]),
  series('p3', [10, 12, 11, 10, 11]),
  series('p4', [50, 52, 10, 51, 49]),
];

test('median and MAD: Datadog’s documented example (MAD of 1…6, 100 is 2)', () => {
  assert.equal(median([1, 2, 3, 4, 5, 6, 100]), 4);
  assert.equal(medianAbsoluteDeviation([1, 2, 3, 4, 5, 6, 100]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('MAD: a point is an outlier beyond tolerance × MAD from the median; the member when > pct% of its points are', () => {
  // Per time (tolerance 3): t0 median 10.5, MAD 0.5 → limit 1.5; t1 11.5, 1 → 3; t2 10.5, 0.5 → 1.5;
  // t3 11.5, 1 → 3; t4 11, 0.5 → 1.5. p4 is beyond at t0, t1, t3, t4: 4 of 5 points.
  const verdicts = madOutliers(PRODUCERS, { tolerance: 3, pct: 20 });
  assert.deepEqual(
    verdicts.map((v) => [v.key, v.outlier, v.outlierPoints, v.points, v.score]),
    [
      ['p1', false, 0, 5, 0],
      ['p2', false, 0, 5, 0],
      ['p3', false, 0, 5, 0],
      ['p4', true, 4, 5, 0.8],
    ],
  );
});

test('MAD: exactly tolerance × MAD away is not an outlier, nor exactly pct percent of points', () => {
  // At t2 p2 is 12 against a median of 10.5 and a limit of 3 × 0.5 = 1.5: exactly on the limit.
  const atT2 = madOutliers(
    PRODUCERS.map((m) => ({ key: m.key, points: [m.points[2]!] })),
    { tolerance: 3, pct: 0 },
  );
  assert.deepEqual(
    atT2.map((v) => v.outlier),
    [false, false, false, false],
  );
  // 4 of 5 points is 80%: not more than 80.
  assert.equal(madOutliers(PRODUCERS, { tolerance: 3, pct: 80 })[3]!.outlier, false);
  assert.equal(madOutliers(PRODUCERS, { tolerance: 3, pct: 79.9 })[3]!.outlier, true);
});

test('MAD: times with fewer than three members reporting are skipped', () => {
  const verdicts = madOutliers([series('a', [1, 1]), series('b', [1, 1]), series('c', [9], 110)], {
    tolerance: 1,
    pct: 0,
  });
  // Only t=110 has three members: median 1, MAD 0, c is 8 away.
  assert.deepEqual(
    verdicts.map((v) => [v.key, v.points, v.outlierPoints, v.outlier]),
    [
      ['a', 1, 0, false],
      ['b', 1, 0, false],
      ['c', 1, 1, true],
    ],
  );
});

test('DBSCAN: ε = tolerance × 1.4826 × median distance to the median series; members outside the largest cluster are outliers', () => {
  // Median series: 10.5, 11.5, 10.5, 11.5, 11. Distances to it: p1 √1, p2 √6, p3 √3, p4 √6205.
  const result = dbscanOutliers(PRODUCERS, { tolerance: 3 });
  const expectedEpsilon = 3 * DBSCAN_NORMALIZING_CONSTANT * ((Math.sqrt(3) + Math.sqrt(6)) / 2);
  assert.equal(DBSCAN_NORMALIZING_CONSTANT, 1.4826);
  assert.ok(
    Math.abs(result.epsilon - expectedEpsilon) < 1e-12,
    `ε ${result.epsilon} ≈ ${expectedEpsilon} (9.2993…)`,
  );
  assert.equal(result.dimensions, 5);
  assert.deepEqual(
    result.verdicts.map((v) => [v.key, v.outlier]),
    [
      ['p1', false],
      ['p2', false],
      ['p3', false],
      ['p4', true],
    ],
  );
  // p4's nearest peer is p1 at √6246; the score is that distance in units of ε.
  assert.ok(Math.abs(result.verdicts[3]!.score - Math.sqrt(6246) / expectedEpsilon) < 1e-12);
});

test('DBSCAN: a cluster grows through neighbours (chaining), so a gradual spread is one cluster', () => {
  // 1-D: 0, 1, 2, 3, 4 — median 2, distances 2,1,0,1,2 → median 1 → ε (tolerance 1) = 1.4826: each touches the next.
  const members = [0, 1, 2, 3, 4].map((v, i) => series(`m${i}`, [v]));
  const result = dbscanOutliers(members, { tolerance: 1 });
  assert.equal(result.epsilon, 1.4826);
  assert.ok(result.verdicts.every((v) => !v.outlier));
});

test('DBSCAN: when two clusters tie for largest, nobody is called an outlier', () => {
  // Median series 5; distances 5, 5, 5, 5 → ε (tolerance 1) = 7.413 < 10 between the pairs.
  const result = dbscanOutliers([series('a', [0]), series('b', [0]), series('c', [10]), series('d', [10])], {
    tolerance: 1,
  });
  assert.equal(result.epsilon, 5 * 1.4826);
  assert.deepEqual(
    result.verdicts.map((v) => v.outlier),
    [false, false, false, false],
  );
});

test('DBSCAN: identical members give ε = 0; any different member is an outlier, scored by its distance', () => {
  const result = dbscanOutliers([series('a', [5]), series('b', [5]), series('c', [5]), series('d', [6])], {
    tolerance: 3,
  });
  assert.equal(result.epsilon, 0);
  assert.deepEqual(
    result.verdicts.map((v) => [v.key, v.outlier, v.score]),
    [
      ['a', false, 0],
      ['b', false, 0],
      ['c', false, 0],
      ['d', true, 1],
    ],
  );
});

test('DBSCAN: fewer than three members with data → no verdicts of outlier', () => {
  const result = dbscanOutliers([series('a', [1]), series('b', [100]), { key: 'c', points: [] }], {
    tolerance: 1,
  });
  assert.deepEqual(
    result.verdicts.map((v) => [v.key, v.outlier]),
    [
      ['a', false],
      ['b', false],
    ],
  );
});

test('member vectors: values at the times all members share; the mean when they share none', () => {
  assert.deepEqual(memberVectors([series('a', [1, 2, 3]), series('b', [4, 5], 110)]), [
    [2, 3],
    [4, 5],
  ]);
  assert.deepEqual(memberVectors([series('a', [1, 3], 0), series('b', [10, 20], 5)]), [[2], [15]]);
});

test('threshold rules: reducers and levels', () => {
  const points = [
    [1, 4],
    [2, 8],
    [3, 6],
  ] as const;
  assert.equal(reduce(points, 'avg'), 6);
  assert.equal(reduce(points, 'sum'), 18);
  assert.equal(reduce(points, 'min'), 4);
  assert.equal(reduce(points, 'max'), 8);
  assert.equal(reduce(points, 'last'), 6);
  assert.equal(reduce([], 'avg'), undefined);
  const above = { reducer: 'avg', comparator: 'above', critical: 200, warning: 100 } as const;
  assert.equal(thresholdLevel(100, above), 'ok');
  assert.equal(thresholdLevel(150, above), 'warn');
  assert.equal(thresholdLevel(200, above), 'warn');
  assert.equal(thresholdLevel(200, { ...above, comparator: 'above_or_equal' }), 'alert');
  const below = { reducer: 'avg', comparator: 'below', critical: 0.1, warning: 0.3 } as const;
  assert.equal(thresholdLevel(0.05, below), 'alert');
  assert.equal(thresholdLevel(0.2, below), 'warn');
  assert.equal(thresholdLevel(0.3, below), 'ok');
  assert.equal(thresholdLevel(0.3, { ...below, comparator: 'below_or_equal' }), 'warn');
  assert.match(
    checkThresholdOrder({ ...above, warning: 300 }) ?? '',
    /warning \(300\) must be at most critical/,
  );
  assert.equal(checkThresholdOrder(below), undefined);
});
