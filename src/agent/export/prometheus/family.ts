// One metric family's series: by label number (label-numbers.ts), each series a slot in typed-array columns
// of values and update times, found through an open-addressing index of slots.
//
// Why columns: the exporter may hold hundreds of thousands of series whose only per-flush change is a
// number. An object per series (value, update time, each a boxed double) cost ~70 bytes on top of its map
// entry; a slot costs 20 bytes in the columns. Why not a Map from label text to slot: ~33 bytes a series
// (see label-numbers.ts); the index here, kept between a quarter and half full, costs 8–16 bytes a series.
import { grownTo } from '../../typed-array-growth';
import type { ExpositionBuffer } from './exposition-buffer';
import type { LabelNumbers } from './label-numbers';
import { formatSampleValue } from './names';

export type PrometheusFamilyType = 'gauge' | 'counter';

const INITIAL_SLOTS = 8;
const INITIAL_INDEX_BITS = 4;
/** A slot's label number when the slot is free. */
const FREE = -1;

export class Family {
  private values = new Float64Array(INITIAL_SLOTS);
  private updatedMs = new Float64Array(INITIAL_SLOTS);
  private labelOf = new Int32Array(INITIAL_SLOTS).fill(FREE);
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;
  /** Cells hold slot + 1, 0 when empty; kept at most half full. */
  private index = new Int32Array(1 << INITIAL_INDEX_BITS);
  private indexBits = INITIAL_INDEX_BITS;

  constructor(
    readonly type: PrometheusFamilyType,
    readonly help: string,
    private readonly labels: LabelNumbers,
  ) {}

  get size(): number {
    return this.nextSlot - this.freeSlots.length;
  }

  /** Updates an existing series; false when there is none with this label number. */
  update(label: number, value: number, accumulate: boolean, now: number): boolean {
    const slot = this.slotOf(label);
    if (slot < 0) return false;
    this.values[slot] = accumulate ? (this.values[slot] as number) + value : value;
    this.updatedMs[slot] = now;
    return true;
  }

  /** Adds a series the caller checked is new (and within the exporter's limit). */
  create(labelText: string, value: number, now: number): void {
    const label = this.labels.retain(labelText);
    const slot = this.freeSlots.pop() ?? this.takeSlot();
    this.labelOf[slot] = label;
    this.values[slot] = value;
    this.updatedMs[slot] = now;
    if (this.size * 2 > this.index.length) this.rebuildIndex(indexBitsFor(this.size));
    else this.insert(slot, label);
  }

  /** Removes series last updated before `cutoffMs`; returns how many. */
  expire(cutoffMs: number): number {
    let removed = 0;
    for (let slot = 0; slot < this.nextSlot; slot += 1) {
      const label = this.labelOf[slot] as number;
      if (label === FREE || (this.updatedMs[slot] as number) >= cutoffMs) continue;
      this.labels.release(label);
      this.labelOf[slot] = FREE;
      this.freeSlots.push(slot);
      removed += 1;
    }
    if (removed > 0) this.rebuildIndex(indexBitsFor(this.size));
    return removed;
  }

  /** Appends `name{labels} value` lines for every series, in slot order. */
  render(name: string, out: ExpositionBuffer): void {
    for (let slot = 0; slot < this.nextSlot; slot += 1) {
      const label = this.labelOf[slot] as number;
      if (label !== FREE)
        out.sample(name, this.labels.text(label), formatSampleValue(this.values[slot] as number));
    }
  }

  private slotOf(label: number): number {
    const mask = this.index.length - 1;
    for (let cell = this.home(label); ; cell = (cell + 1) & mask) {
      const entry = this.index[cell] as number;
      if (entry === 0) return -1;
      if (this.labelOf[entry - 1] === label) return entry - 1;
    }
  }

  private insert(slot: number, label: number): void {
    const mask = this.index.length - 1;
    let cell = this.home(label);
    while (this.index[cell] !== 0) cell = (cell + 1) & mask;
    this.index[cell] = slot + 1;
  }

  /** Fibonacci hashing: label numbers are dense small integers, spread over the index by the high bits. */
  private home(label: number): number {
    return Math.imul(label, 0x9e3779b1) >>> (32 - this.indexBits);
  }

  private rebuildIndex(bits: number): void {
    this.indexBits = bits;
    this.index = new Int32Array(1 << bits);
    for (let slot = 0; slot < this.nextSlot; slot += 1) {
      const label = this.labelOf[slot] as number;
      if (label !== FREE) this.insert(slot, label);
    }
  }

  private takeSlot(): number {
    if (this.nextSlot === this.values.length) {
      const size = this.values.length * 2;
      this.values = grownTo(this.values, size);
      this.updatedMs = grownTo(this.updatedMs, size);
      this.labelOf = grownTo(this.labelOf, size, FREE);
    }
    return this.nextSlot++;
  }
}

/** The smallest index (as a power of two) that holds `series` at most half full. */
function indexBitsFor(series: number): number {
  let bits = INITIAL_INDEX_BITS;
  while (1 << bits < series * 2) bits += 1;
  return bits;
}
