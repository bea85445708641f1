// The store's queue of metric samples, kept in the columns they travel to the writer in (metric-batch.ts):
// ~29 bytes a sample in typed arrays outside the JavaScript heap, against ~110 for a queued MetricSample
// object (which, held until written, is also promoted to the old generation and costs a full GC to free).
// The names, hosts and tag-set keys the columns refer to are strings the aggregator already holds.
//
// When full, queued batches are dropped, chosen at random, to make room for the new samples. A flush
// arrives whole within one event-loop turn, in the same order every time, and an overloaded writer gets
// through the same amount of each: refusing what does not fit then loses the same series (the flush's
// tail) every time, and so does dropping the oldest (the queue's head sits at the same place in every
// flush once the queue is full). Those series would never be stored. Dropping random batches spreads the
// loss over all series: each gets points stored, with gaps, instead of some none at all.
import type { MetricSample } from '../../model';
import { encodeMetricBatch, type MetricBatch } from './metric-batch';
import { cutMetricBatch } from './metric-batch-cut';

/** Offers larger than this are queued as several batches: what is dropped to make room is one of those. */
export const METRIC_SEGMENT_SAMPLES = 4_096;

/** A reference in a table of names, hosts or tag sets. */
const POINTER_BYTES = 8;

interface Segment {
  batch: MetricBatch;
  /** Samples before this one were taken or dropped. */
  offset: number;
  bytes: number;
}

function batchBytes(batch: MetricBatch): number {
  return (
    batch.indexes.byteLength +
    batch.types.byteLength +
    batch.numbers.byteLength +
    (batch.names.length + batch.hosts.length + batch.tagSets.length) * POINTER_BYTES
  );
}

export class MetricQueue {
  private segments: Segment[] = [];
  private count = 0;
  private heldBytes = 0;

  /** `random` (in [0, 1)) picks the batches dropped to make room; injectable for tests. */
  constructor(private readonly random: () => number = Math.random) {}

  /** Samples waiting. */
  get size(): number {
    return this.count;
  }

  /** Memory held by the waiting samples' columns (including parts of batches already taken or dropped). */
  get bytes(): number {
    return this.heldBytes;
  }

  /** Encodes and queues the first `max` samples; returns how many were queued. */
  push(samples: readonly MetricSample[], max: number): number {
    const queued = Math.max(0, Math.min(samples.length, max));
    for (let from = 0; from < queued; from += METRIC_SEGMENT_SAMPLES) {
      const end = Math.min(queued, from + METRIC_SEGMENT_SAMPLES);
      const batch = encodeMetricBatch(
        from === 0 && end === samples.length ? samples : samples.slice(from, end),
      );
      const bytes = batchBytes(batch);
      this.segments.push({ batch, offset: 0, bytes });
      this.heldBytes += bytes;
    }
    this.count += queued;
    return queued;
  }

  /**
   * Removes up to `max` of the oldest samples (none when none wait). Whole queued batches are taken as
   * they are, as many as fit, so their columns are not copied again; only a queued batch larger than `max`
   * (inline writing, small transactions) is cut, the cut part copied, and its rest then goes alone.
   */
  take(max: number): MetricBatch[] {
    const taken: MetricBatch[] = [];
    let samples = 0;
    while (samples < max && this.segments.length > 0) {
      const segment = this.segments[0] as Segment;
      const left = segment.batch.count - segment.offset;
      if (samples > 0 && samples + left > max) break;
      const count = Math.min(max - samples, left);
      const part = { batch: segment.batch, from: segment.offset, count };
      // Read (cut) before `advance` lets go of the segment.
      taken.push(count === segment.batch.count ? segment.batch : cutMetricBatch(part));
      samples += count;
      this.advance(segment, count);
    }
    this.count -= samples;
    return taken;
  }

  /**
   * Drops whole queued batches, chosen at random, until at least `needed` samples are gone (or none are
   * left); returns how many were dropped. Dropping a little more than needed costs nothing: the rest of
   * the flush being offered fills the room.
   */
  makeRoom(needed: number): number {
    let dropped = 0;
    while (dropped < needed && this.segments.length > 0) {
      const at = Math.min(this.segments.length - 1, Math.floor(this.random() * this.segments.length));
      const [segment] = this.segments.splice(at, 1) as [Segment];
      dropped += segment.batch.count - segment.offset;
      this.heldBytes -= segment.bytes;
    }
    this.count -= dropped;
    return dropped;
  }

  private advance(segment: Segment, count: number): void {
    segment.offset += count;
    if (segment.offset < segment.batch.count) return;
    this.segments.shift();
    this.heldBytes -= segment.bytes;
  }
}
