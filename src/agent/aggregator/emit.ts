// How a context's per-window state reports its series at flush: the aggregator binds name, tags, host
// and timestamp; a state only says which suffix, which type, which value.
import type { MetricType } from '../model';

export type EmitSeries = (suffix: string, type: MetricType, value: number) => void;

/** What kind of state a context holds; `ms` and `h` share the histogram kind, as in Datadog. */
export type ContextKind = 'counter' | 'gauge' | 'histogram' | 'distribution' | 'set';
