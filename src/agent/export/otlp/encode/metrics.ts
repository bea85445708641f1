// The agent's metric samples as OTLP metrics (shared by the JSON and protobuf encoders).
//   gauge → Gauge;  rate → Gauge (the per-second value, as Datadog graphs it);
//   count → Sum with DELTA temporality over the sample's interval (monotonic when no value is negative).
// Tags become attributes (`key:value` → key="value", a bare tag → tag="true", several values for one key
// joined with commas); the host becomes the resource's `host.name`.
import type { Attributes } from '../../../intake/otlp/model';
import type { MetricSample } from '../../../model';

export const AGGREGATION_TEMPORALITY_DELTA = 1;

export interface OtlpNumberPoint {
  attributes: Attributes;
  startTimeUnixNano?: string;
  timeUnixNano: string;
  value: number;
}

export interface OtlpMetric {
  name: string;
  kind: 'gauge' | 'sum';
  monotonic: boolean;
  points: OtlpNumberPoint[];
}

export interface OtlpResourceMetrics {
  resource: Attributes;
  metrics: OtlpMetric[];
}

const NS_PER_S = 1_000_000_000n;

function secondsToNanos(seconds: number): string {
  const whole = Math.floor(seconds);
  const fraction = Math.round((seconds - whole) * 1e9);
  return (BigInt(whole) * NS_PER_S + BigInt(fraction)).toString();
}

export function tagsToAttributes(tags: readonly string[]): Attributes {
  const values = new Map<string, string[]>();
  for (const tag of tags) {
    const colon = tag.indexOf(':');
    const key = colon === -1 ? tag : tag.slice(0, colon);
    const value = colon === -1 ? 'true' : tag.slice(colon + 1);
    const list = values.get(key);
    if (list === undefined) values.set(key, [value]);
    else if (!list.includes(value)) list.push(value);
  }
  const attributes: Attributes = {};
  for (const [key, list] of values) attributes[key] = list.sort().join(',');
  return attributes;
}

/** Groups samples by host (resource) and by name and kind (metric). */
export function toResourceMetrics(
  samples: readonly MetricSample[],
  baseResource: Attributes,
): OtlpResourceMetrics[] {
  const byHost = new Map<string, Map<string, OtlpMetric>>();
  for (const sample of samples) {
    if (!Number.isFinite(sample.value) || !Number.isFinite(sample.timestamp)) continue;
    const host = sample.host ?? '';
    let metrics = byHost.get(host);
    if (metrics === undefined) byHost.set(host, (metrics = new Map()));
    const kind = sample.type === 'count' ? 'sum' : 'gauge';
    const key = `${kind}\u0000${sample.name}`;
    let metric = metrics.get(key);
    if (metric === undefined)
      metrics.set(key, (metric = { name: sample.name, kind, monotonic: kind === 'sum', points: [] }));
    const point: OtlpNumberPoint = {
      attributes: tagsToAttributes(sample.tags),
      timeUnixNano: secondsToNanos(sample.timestamp),
      value: sample.value,
    };
    if (kind === 'sum') {
      point.startTimeUnixNano = secondsToNanos(sample.timestamp - (sample.intervalSeconds ?? 0));
      if (sample.value < 0) metric.monotonic = false;
    }
    metric.points.push(point);
  }
  return [...byHost.entries()].map(([host, metrics]) => ({
    resource: host === '' ? { ...baseResource } : { ...baseResource, 'host.name': host },
    metrics: [...metrics.values()],
  }));
}
