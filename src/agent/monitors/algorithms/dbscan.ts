// Outlier detection with the simplified DBSCAN Datadog documents:
//
//   Each member is a point in d dimensions, its values at d times. The median series is the median of the
//   members' values at each time; the initial threshold is the median of the members' Euclidean distances
//   to the median series, times a normalizing constant; ε = tolerance × that threshold. Any point can
//   agglomerate (a cluster grows through every member within ε of one of its members), and every member
//   outside the largest cluster is an outlier.
//
// Choices where the description leaves room (documented in the README):
//   - the normalizing constant is 1.4826, the factor that makes a median deviation comparable to a
//     standard deviation for normal data;
//   - members are lined up on the times they all report; when they share none, each member is reduced to
//     one dimension, its mean over the window;
//   - "within ε" includes ε itself (so identical members always cluster, even when ε is 0);
//   - when two or more clusters tie for largest, no member is called an outlier: there is no majority.
import { mean, sharedTimes, type MemberSeries } from './series';
import { euclideanDistance, median } from './stats';
import { MIN_MEMBERS, type MemberVerdict } from './mad';

export const DBSCAN_NORMALIZING_CONSTANT = 1.4826;

export interface DbscanOptions {
  /** Multiplies the initial threshold to give ε. Datadog suggests 3. */
  tolerance: number;
}

export interface DbscanResult {
  verdicts: MemberVerdict[];
  epsilon: number;
  dimensions: number;
}

/** Each member's vector: its values at the shared times, or its mean when there are none. */
export function memberVectors(members: readonly MemberSeries[]): number[][] {
  const times = sharedTimes(members);
  if (times.length > 0) {
    return members.map((member) => {
      const points = new Map(member.points);
      return times.map((t) => points.get(t) as number);
    });
  }
  return members.map((member) => (member.points.length === 0 ? [] : [mean(member.points.map(([, v]) => v))]));
}

export function dbscanOutliers(members: readonly MemberSeries[], options: DbscanOptions): DbscanResult {
  const withData = members.filter((m) => m.points.length > 0);
  const vectors = memberVectors(withData);
  const dimensions = vectors[0]?.length ?? 0;
  const verdict = (key: string, outlier: boolean, score: number): MemberVerdict => ({
    key,
    outlier,
    score,
    points: dimensions,
    outlierPoints: outlier ? dimensions : 0,
  });
  if (withData.length < MIN_MEMBERS) {
    return { verdicts: withData.map((m) => verdict(m.key, false, 0)), epsilon: Number.NaN, dimensions };
  }
  const medianSeries = Array.from({ length: dimensions }, (_, d) =>
    median(vectors.map((v) => v[d] as number)),
  );
  const threshold =
    median(vectors.map((v) => euclideanDistance(v, medianSeries))) * DBSCAN_NORMALIZING_CONSTANT;
  const epsilon = options.tolerance * threshold;

  // Connected components of the "within ε" graph.
  const cluster = vectors.map(() => -1);
  let clusters = 0;
  for (let start = 0; start < vectors.length; start += 1) {
    if (cluster[start] !== -1) continue;
    cluster[start] = clusters;
    const queue = [start];
    while (queue.length > 0) {
      const current = queue.pop() as number;
      for (let other = 0; other < vectors.length; other += 1) {
        if (cluster[other] !== -1) continue;
        if (euclideanDistance(vectors[current] as number[], vectors[other] as number[]) <= epsilon) {
          cluster[other] = clusters;
          queue.push(other);
        }
      }
    }
    clusters += 1;
  }
  const sizes = Array.from({ length: clusters }, (_, c) => cluster.filter((x) => x === c).length);
  const largest = Math.max(...sizes);
  const tied = sizes.filter((size) => size === largest).length > 1;
  const main = sizes.indexOf(largest);
  const verdicts = withData.map((member, index) => {
    if (tied || cluster[index] === main) return verdict(member.key, false, 0);
    // How far outside: distance to the nearest member of the main cluster, in units of ε.
    let nearest = Infinity;
    vectors.forEach((v, other) => {
      if (cluster[other] === main)
        nearest = Math.min(nearest, euclideanDistance(vectors[index] as number[], v));
    });
    // With ε = 0 (most members identical) the distance itself is the score.
    return verdict(member.key, true, epsilon > 0 ? nearest / epsilon : nearest);
  });
  return { verdicts, epsilon, dimensions };
}
