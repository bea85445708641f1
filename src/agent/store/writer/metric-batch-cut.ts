// Cutting a run of samples out of an encoded metric batch (see metric-batch.ts), so the store can queue
// samples in the form they travel in and still hand the inline writer transactions smaller than a batch.
//
// The run's columns are copied into new arrays: a batch's buffers are transferred to the writer thread
// whole, so a batch still partly queued cannot lend its own. The cut gets its own tables of names, hosts
// and tag sets, holding only what its samples use, so the writer looks up no tag set it does not need.
import { INDEXES_PER_SAMPLE, NUMBERS_PER_SAMPLE, type MetricBatch } from './metric-batch';

export interface MetricBatchPart {
  batch: MetricBatch;
  /** First sample of the run. */
  from: number;
  /** Samples in the run. */
  count: number;
}

/** The three tables of a batch, in the order of a sample's indexes. */
const TABLES = ['names', 'hosts', 'tagSets'] as const;

export function cutMetricBatch({ batch, from, count }: MetricBatchPart): MetricBatch {
  const end = from + count;
  const cut: MetricBatch = {
    count,
    names: [],
    hosts: [],
    tagSets: [],
    indexes: new Uint32Array(count * INDEXES_PER_SAMPLE),
    types: batch.types.slice(from, end),
    numbers: batch.numbers.slice(from * NUMBERS_PER_SAMPLE, end * NUMBERS_PER_SAMPLE),
  };
  // Per table: the batch's index → the cut's (-1: not used yet), filled as samples need them.
  const remaps = TABLES.map((table) => new Int32Array(batch[table].length).fill(-1));
  for (let sample = from; sample < end; sample += 1) {
    for (let column = 0; column < INDEXES_PER_SAMPLE; column += 1) {
      const table = TABLES[column] as (typeof TABLES)[number];
      const remap = remaps[column] as Int32Array;
      const own = batch.indexes[sample * INDEXES_PER_SAMPLE + column] as number;
      let index = remap[own] as number;
      if (index < 0) {
        index = cut[table].length;
        cut[table].push(batch[table][own] as string);
        remap[own] = index;
      }
      cut.indexes[(sample - from) * INDEXES_PER_SAMPLE + column] = index;
    }
  }
  return cut;
}
