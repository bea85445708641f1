// Outlier detection with the median absolute deviation, as Datadog documents its MAD algorithm:
//
//   At every time, the members' values there are compared with each other: a member's point is an outlier
//   when it lies more than `tolerance` × MAD away from the median of that time's values (MAD = median of
//   the absolute deviations from that median). A member is an outlier when more than `pct` percent of its
//   points are.
//
// The MAD is used as is (no 1.4826 normal-consistency factor): `tolerance` counts MADs. Times where fewer
// than MIN_MEMBERS members report are skipped: with two values there is no majority to deviate from.
import type { MemberSeries } from './series';
import { allTimes } from './series';
import { median, medianAbsoluteDeviation } from './stats';

export const MIN_MEMBERS = 3;

export interface MadOptions {
  /** How many MADs from the median a point may be before it is an outlier. Datadog suggests 3. */
  tolerance: number;
  /** Percent (0–100) of a member's points that must be outliers for the member to be one. */
  pct: number;
}

export interface MemberVerdict {
  key: string;
  outlier: boolean;
  /** Points compared (times with enough members) and how many of them were outliers. */
  points: number;
  outlierPoints: number;
  /** Share of outlying points, 0–1 (MAD) or the distance to the cluster's nearest member over ε (DBSCAN). */
  score: number;
}

export function madOutliers(members: readonly MemberSeries[], options: MadOptions): MemberVerdict[] {
  const byMember = members.map((m) => new Map(m.points));
  const compared = members.map(() => 0);
  const outlying = members.map(() => 0);
  for (const time of allTimes(members)) {
    const present: number[] = [];
    byMember.forEach((points, index) => {
      if (points.has(time)) present.push(index);
    });
    if (present.length < MIN_MEMBERS) continue;
    const values = present.map((index) => byMember[index]?.get(time) as number);
    const center = median(values);
    const limit = options.tolerance * medianAbsoluteDeviation(values);
    present.forEach((memberIndex, i) => {
      compared[memberIndex] = (compared[memberIndex] as number) + 1;
      if (Math.abs((values[i] as number) - center) > limit)
        outlying[memberIndex] = (outlying[memberIndex] as number) + 1;
    });
  }
  return members.map((member, index) => {
    const points = compared[index] as number;
    const outlierPoints = outlying[index] as number;
    const share = points === 0 ? 0 : outlierPoints / points;
    return {
      key: member.key,
      points,
      outlierPoints,
      score: share,
      outlier: points > 0 && share * 100 > options.pct,
    };
  });
}
