// Threshold rules: a group's points over the window reduce to one value, compared with the critical and
// warning levels (Datadog's "above", "above or equal", "below", "below or equal").

export const REDUCERS = ['avg', 'min', 'max', 'sum', 'last'] as const;
export type Reducer = (typeof REDUCERS)[number];
export const COMPARATORS = ['above', 'above_or_equal', 'below', 'below_or_equal'] as const;
export type Comparator = (typeof COMPARATORS)[number];

export interface ThresholdRule {
  reducer: Reducer;
  comparator: Comparator;
  critical: number;
  warning?: number;
}

export type ThresholdLevel = 'ok' | 'warn' | 'alert';

/** One value for the window; undefined when there are no points. Points must be in time order. */
export function reduce(points: readonly (readonly [number, number])[], reducer: Reducer): number | undefined {
  if (points.length === 0) return undefined;
  const values = points.map(([, v]) => v);
  switch (reducer) {
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'last':
      return values[values.length - 1];
  }
}

export function breaches(value: number, comparator: Comparator, level: number): boolean {
  switch (comparator) {
    case 'above':
      return value > level;
    case 'above_or_equal':
      return value >= level;
    case 'below':
      return value < level;
    case 'below_or_equal':
      return value <= level;
  }
}

export function thresholdLevel(value: number, rule: ThresholdRule): ThresholdLevel {
  if (breaches(value, rule.comparator, rule.critical)) return 'alert';
  if (rule.warning !== undefined && breaches(value, rule.comparator, rule.warning)) return 'warn';
  return 'ok';
}

/** The warning level must be reached before the critical one, or it would never be seen. */
export function checkThresholdOrder(rule: ThresholdRule): string | undefined {
  if (rule.warning === undefined) return undefined;
  const above = rule.comparator.startsWith('above');
  if (above ? rule.warning > rule.critical : rule.warning < rule.critical)
    return `warning (${rule.warning}) must be ${above ? 'at most' : 'at least'} critical (${rule.critical}) for "${rule.comparator}"`;
  return undefined;
}
