// One metric family's series: label text → slot, values and update times in typed arrays.
//
// Why columns: the exporter may hold hundreds of thousands of series whose only per-flush change is a
// number. An object per series (value, update time, each a boxed double) cost ~70 bytes on top of its map
// entry; a slot index costs nothing extra and the arrays hold 16 bytes per series.
import type { ExpositionBuffer } from './exposition-buffer';
import { formatSampleValue } from './names';

export type PrometheusFamilyType = 'gauge' | 'counter';

const INITIAL_SLOTS = 8;

export class Family {
  /** Keyed by the rendered label text, which is what the sample line needs. */
  private readonly slots = new Map<string, number>();
  private values = new Float64Array(INITIAL_SLOTS);
  private updatedMs = new Float64Array(INITIAL_SLOTS);
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;

  constructor(
    readonly type: PrometheusFamilyType,
    readonly help: string,
  ) {}

  get size(): number {
    return this.slots.size;
  }

  /** Updates an existing series; false when there is none with these labels. */
  update(labels: string, value: number, accumulate: boolean, now: number): boolean {
    const slot = this.slots.get(labels);
    if (slot === undefined) return false;
    this.values[slot] = accumulate ? (this.values[slot] as number) + value : value;
    this.updatedMs[slot] = now;
    return true;
  }

  /** Adds a series the caller checked is new (and within the exporter's limit). */
  create(labels: string, value: number, now: number): void {
    const slot = this.freeSlots.pop() ?? this.takeSlot();
    this.slots.set(labels, slot);
    this.values[slot] = value;
    this.updatedMs[slot] = now;
  }

  /** Removes series last updated before `cutoffMs`; returns how many. */
  expire(cutoffMs: number): number {
    let removed = 0;
    for (const [labels, slot] of this.slots) {
      if ((this.updatedMs[slot] as number) >= cutoffMs) continue;
      this.slots.delete(labels);
      this.freeSlots.push(slot);
      removed += 1;
    }
    return removed;
  }

  /** Appends `name{labels} value` lines for every series, in the order they were first seen. */
  render(name: string, out: ExpositionBuffer): void {
    for (const [labels, slot] of this.slots)
      out.sample(name, labels, formatSampleValue(this.values[slot] as number));
  }

  private takeSlot(): number {
    if (this.nextSlot === this.values.length) {
      const values = new Float64Array(this.values.length * 2);
      const updatedMs = new Float64Array(this.values.length * 2);
      values.set(this.values);
      updatedMs.set(this.updatedMs);
      this.values = values;
      this.updatedMs = updatedMs;
    }
    return this.nextSlot++;
  }
}
