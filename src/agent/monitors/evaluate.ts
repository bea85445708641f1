// One evaluation of a monitor: its metric query's result → a state per group.
import type { MetricQueryResult } from '../store/query';
import { dbscanOutliers } from './algorithms/dbscan';
import { madOutliers, MIN_MEMBERS } from './algorithms/mad';
import type { MemberSeries } from './algorithms/series';
import { reduce, thresholdLevel } from './algorithms/threshold';
import type { MonitorDefinition } from './definition';
import type { MonitorState } from './state';

export interface GroupVerdict {
  group: string;
  state: MonitorState;
  value?: number;
  detail: string;
  /** The group had points in the window (NO DATA can also mean "too few groups to compare"). */
  hasData: boolean;
}

export const ALL_GROUP = '*';
const NICE_STEPS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600];

/** Seconds per point: the definition's, else ~30 points over the window, never finer than the flush interval. */
export function monitorStep(definition: MonitorDefinition, flushIntervalSeconds: number): number {
  if (definition.stepSeconds !== undefined) return definition.stepSeconds;
  const wanted = Math.max(flushIntervalSeconds, definition.windowSeconds / 30);
  return NICE_STEPS.find((s) => s >= wanted) ?? 3600;
}

export function groupName(groupTags: readonly string[]): string {
  return groupTags.length === 0 ? ALL_GROUP : groupTags.join(',');
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

function evaluateThreshold(definition: MonitorDefinition, result: MetricQueryResult): GroupVerdict[] {
  const rule = definition.threshold;
  if (rule === undefined) return [];
  const verdicts = result.series.map((series): GroupVerdict => {
    const group = groupName(series.groupTags);
    const value = reduce(series.points, rule.reducer);
    if (value === undefined)
      return { group, state: 'NO DATA', detail: 'no points in the window', hasData: false };
    const level = thresholdLevel(value, rule);
    const state: MonitorState = level === 'alert' ? 'ALERT' : level === 'warn' ? 'WARN' : 'OK';
    const limit = level === 'warn' ? rule.warning : rule.critical;
    const words = rule.comparator.replace(/_/g, ' ');
    const detail =
      level === 'ok'
        ? `${rule.reducer} ${format(value)} is within the thresholds`
        : `${rule.reducer} ${format(value)} is ${words} the ${level === 'warn' ? 'warning' : 'critical'} threshold ${limit}`;
    return { group, state, value, detail, hasData: true };
  });
  if (verdicts.length === 0 && definition.query.groupBy.length === 0)
    return [
      { group: ALL_GROUP, state: 'NO DATA', detail: 'no series matched in the window', hasData: false },
    ];
  return verdicts;
}

function evaluateOutliers(definition: MonitorDefinition, result: MetricQueryResult): GroupVerdict[] {
  const rule = definition.outlier;
  if (rule === undefined) return [];
  const members: MemberSeries[] = result.series
    .filter((s) => s.points.length > 0)
    .map((s) => ({ key: groupName(s.groupTags), points: s.points }));
  const empty = result.series
    .filter((s) => s.points.length === 0)
    .map((s): GroupVerdict => ({
      group: groupName(s.groupTags),
      state: 'NO DATA',
      detail: 'no points in the window',
      hasData: false,
    }));
  if (members.length < MIN_MEMBERS) {
    const detail = `outlier detection needs at least ${MIN_MEMBERS} groups with data, got ${members.length}`;
    return [
      ...members.map((m): GroupVerdict => ({ group: m.key, state: 'NO DATA', detail, hasData: true })),
      ...empty,
    ];
  }
  const verdicts =
    rule.algorithm === 'mad'
      ? madOutliers(members, { tolerance: rule.tolerance, pct: rule.pct })
      : dbscanOutliers(members, { tolerance: rule.tolerance }).verdicts;
  return [
    ...verdicts.map((v): GroupVerdict => ({
      group: v.key,
      state: v.outlier ? 'ALERT' : 'OK',
      value: v.score,
      hasData: true,
      detail:
        rule.algorithm === 'mad'
          ? `${v.outlierPoints} of ${v.points} points beyond ${rule.tolerance} MADs of the groups' median (limit ${rule.pct}%)`
          : v.outlier
            ? `outside the largest cluster of ${members.length} groups (distance ${format(v.score)} × ε)`
            : `in the largest cluster of ${members.length} groups`,
    })),
    ...empty,
  ];
}

/** States for the groups the result holds (groups it lacks are the engine's to mark NO DATA). */
export function evaluate(definition: MonitorDefinition, result: MetricQueryResult): GroupVerdict[] {
  return definition.type === 'threshold'
    ? evaluateThreshold(definition, result)
    : evaluateOutliers(definition, result);
}
