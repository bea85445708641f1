// Metric samples as they cross to the writer thread: columns, not objects.
//
// Why: postMessage clones every sample object with its name, tags and host strings (a flush at 50,000
// contexts is ~155,000 samples), and the writer thread then had to turn each sample back into a series key
// (sort check, join, one long string per sample). Here each distinct tag set, name and host of a batch is
// sent once, samples refer to them by index, and values, timestamps and indexes travel in typed arrays
// whose buffers are transferred, not copied. A tag set's key (its canonical tags as JSON) is made once per
// frozen tags array — the aggregator shares one frozen array per tag set across all its samples and
// flushes — and once per batch for any other array.
import type { MetricSample, MetricType } from '../../model';
import { memoizeByFrozenArray } from '../../frozen-memo';
import { canonicalTags } from '../tags';

export const METRIC_TYPES: readonly MetricType[] = ['gauge', 'count', 'rate'];
const TYPE_CODE: Record<MetricType, number> = { gauge: 0, count: 1, rate: 2 };

/** Three indexes per sample: name, host, tag set. */
export const INDEXES_PER_SAMPLE = 3;
/** Two numbers per sample: value, timestamp (Unix seconds). */
export const NUMBERS_PER_SAMPLE = 2;

export interface MetricBatch {
  count: number;
  names: string[];
  /** '' for samples without a host. */
  hosts: string[];
  /** Each tag set as the JSON of its canonical (sorted, de-duplicated) tags. */
  tagSets: string[];
  /** Per sample: name index, host index, tag-set index. */
  indexes: Uint32Array;
  /** Per sample: index into METRIC_TYPES. */
  types: Uint8Array;
  /** Per sample: value, timestamp. */
  numbers: Float64Array;
}

const tagSetKey = memoizeByFrozenArray((tags) => JSON.stringify(canonicalTags(tags)));

function indexOf(table: Map<string, number>, list: string[], value: string): number {
  let index = table.get(value);
  if (index === undefined) {
    index = list.length;
    list.push(value);
    table.set(value, index);
  }
  return index;
}

export function encodeMetricBatch(samples: readonly MetricSample[]): MetricBatch {
  const count = samples.length;
  const batch: MetricBatch = {
    count,
    names: [],
    hosts: [],
    tagSets: [],
    indexes: new Uint32Array(count * INDEXES_PER_SAMPLE),
    types: new Uint8Array(count),
    numbers: new Float64Array(count * NUMBERS_PER_SAMPLE),
  };
  const names = new Map<string, number>();
  const hosts = new Map<string, number>();
  const tagSets = new Map<string, number>();
  // Flushes come grouped by tag set: consecutive samples mostly share their tags array.
  const byArray = new Map<readonly string[], number>();
  let lastTags: readonly string[] | undefined;
  let lastTagSet = 0;
  for (let index = 0; index < count; index += 1) {
    const sample = samples[index] as MetricSample;
    if (sample.tags !== lastTags) {
      lastTags = sample.tags;
      const known = byArray.get(lastTags);
      lastTagSet = known ?? indexOf(tagSets, batch.tagSets, tagSetKey(lastTags));
      if (known === undefined) byArray.set(lastTags, lastTagSet);
    }
    const at = index * INDEXES_PER_SAMPLE;
    batch.indexes[at] = indexOf(names, batch.names, sample.name);
    batch.indexes[at + 1] = indexOf(hosts, batch.hosts, sample.host ?? '');
    batch.indexes[at + 2] = lastTagSet;
    batch.types[index] = TYPE_CODE[sample.type] ?? 0;
    batch.numbers[index * NUMBERS_PER_SAMPLE] = sample.value;
    batch.numbers[index * NUMBERS_PER_SAMPLE + 1] = sample.timestamp;
  }
  return batch;
}

export const EMPTY_METRIC_BATCH: MetricBatch = encodeMetricBatch([]);

/** The buffers to transfer with a batch (its arrays are unusable on the sending side afterwards). */
export function metricBatchBuffers(batch: MetricBatch): ArrayBuffer[] {
  if (batch.count === 0) return [];
  return [batch.indexes.buffer, batch.types.buffer, batch.numbers.buffer] as ArrayBuffer[];
}
