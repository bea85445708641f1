// One metric line: `name:value[:value…]|type[|@rate][|#tags][|c:container][|T<unix_ts>][|e:…][|card:…]`.
import { parseDecimal, parseUnsignedInteger } from './numbers';
import { parseTagField, type TagDropCounter } from './tags';
import type { DogStatsDMetricType, ParseErrorReason, ParsedMetric, ParserLimits } from './types';

function metricType(symbol: string): DogStatsDMetricType | undefined {
  switch (symbol) {
    case 'c':
    case 'g':
    case 'ms':
    case 'h':
    case 'd':
    case 's':
      return symbol;
    default:
      return undefined;
  }
}

function parseValues(raw: string, maxValues: number): number[] | ParseErrorReason {
  const values: number[] = [];
  let start = 0;
  while (start <= raw.length) {
    let end = raw.indexOf(':', start);
    if (end === -1) end = raw.length;
    if (values.length >= maxValues) return 'too_many_values';
    const value = parseDecimal(raw.slice(start, end));
    if (value === undefined) return 'invalid_value';
    values.push(value);
    start = end + 1;
  }
  return values;
}

/**
 * Parses a metric line. Returns the metric, or the reason it is malformed. Unknown optional fields
 * (`e:` external data, `card:` cardinality and future extensions) are ignored rather than rejected, as
 * the Datadog Agent does, so newer clients keep working.
 */
export function parseMetricLine(
  line: string,
  limits: ParserLimits,
  onTagDrop: TagDropCounter,
): ParsedMetric | ParseErrorReason {
  const typeStart = line.indexOf('|') + 1;
  if (typeStart === 0) return 'invalid_format';
  const nameEnd = line.indexOf(':');
  if (nameEnd === -1 || nameEnd >= typeStart) return 'invalid_format';
  if (nameEnd === 0) return 'empty_name';
  const rawValue = line.slice(nameEnd + 1, typeStart - 1);
  if (rawValue.length === 0) return 'invalid_value';

  let fieldStart = line.indexOf('|', typeStart);
  const type = metricType(line.slice(typeStart, fieldStart === -1 ? line.length : fieldStart));
  if (type === undefined) return 'unknown_type';

  let sampleRate = 1;
  let tags: string[] = [];
  let tagField: string | undefined;
  let tagFields = 0;
  let containerId: string | undefined;
  let timestamp: number | undefined;
  while (fieldStart !== -1) {
    const start = fieldStart + 1;
    fieldStart = line.indexOf('|', start);
    const field = line.slice(start, fieldStart === -1 ? line.length : fieldStart);
    const marker = field.charCodeAt(0);
    if (marker === 64 /* @ */) {
      const rate = parseDecimal(field.slice(1));
      if (rate === undefined || rate <= 0 || rate > 1) return 'invalid_sample_rate';
      sampleRate = rate;
    } else if (marker === 35 /* # */) {
      tagField = field.slice(1);
      tagFields += 1;
      tags = parseTagField(tagField, limits, onTagDrop, tags);
    } else if (marker === 84 /* T */) {
      const seconds = parseUnsignedInteger(field.slice(1));
      if (seconds === undefined || seconds === 0) return 'invalid_timestamp';
      timestamp = seconds;
    } else if (field.startsWith('c:')) {
      containerId = field.slice(2);
    }
  }

  const name = line.slice(0, nameEnd);
  let metric: ParsedMetric;
  if (type === 's') {
    metric = { name, type, member: rawValue, sampleRate, tags };
  } else {
    const values = parseValues(rawValue, limits.maxValuesPerLine);
    if (typeof values === 'string') return values;
    metric = { name, type, values, sampleRate, tags };
  }
  if (tagFields === 1 && tagField !== undefined) metric.tagField = tagField;
  if (containerId !== undefined) metric.containerId = containerId;
  if (timestamp !== undefined) metric.timestamp = timestamp;
  return metric;
}
