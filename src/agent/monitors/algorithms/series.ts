// The input of the outlier algorithms: one series per group member, points keyed by time. Members rarely
// report at exactly the same instants, so the algorithms agree on how to line them up (see each one).

export interface MemberSeries {
  /** The member's name (its group, e.g. `client_id:producer-3`). */
  key: string;
  /** [time, value], in time order. */
  points: readonly (readonly [number, number])[];
}

/** Times at which every member has a value, ascending. */
export function sharedTimes(members: readonly MemberSeries[]): number[] {
  if (members.length === 0) return [];
  const counts = new Map<number, number>();
  for (const member of members)
    for (const [t] of new Map(member.points)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count === members.length)
    .map(([t]) => t)
    .sort((a, b) => a - b);
}

/** Every time at which at least one member has a value, ascending. */
export function allTimes(members: readonly MemberSeries[]): number[] {
  const times = new Set<number>();
  for (const member of members) for (const [t] of member.points) times.add(t);
  return [...times].sort((a, b) => a - b);
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
