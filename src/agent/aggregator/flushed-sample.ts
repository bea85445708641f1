// The MetricSample objects a flush is made of, built as whole object literals.
//
// Why: a flush holds one object per series (155,000 at 50,000 contexts of kinstrument's client metrics).
// Built as a six-field literal and then given `host` and `intervalSeconds`, each sample also got an
// out-of-object property array (~40 bytes and one more allocation). A literal per combination of the two
// optional fields lays every field out inline; the samples stay plain objects with the same own keys.
import type { MetricSample, MetricType } from '../model';

export function flushedSample(
  name: string,
  type: MetricType,
  value: number,
  timestamp: number,
  tags: readonly string[],
  source: string,
  host: string | undefined,
  intervalSeconds: number | undefined,
): MetricSample {
  if (host === undefined) {
    return intervalSeconds === undefined
      ? { name, type, value, timestamp, tags, source }
      : { name, type, value, timestamp, tags, source, intervalSeconds };
  }
  return intervalSeconds === undefined
    ? { name, type, value, timestamp, tags, source, host }
    : { name, type, value, timestamp, tags, source, host, intervalSeconds };
}
