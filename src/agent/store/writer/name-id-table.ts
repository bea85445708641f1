// Series ids of one tag set and host, by the index of their metric name: (name index, id) pairs sorted by
// name index in one Uint32Array.
//
// Why not a Map: the writer holds one of these per tag set and host, and a Map entry cost ~31 bytes a
// series (5.8 MB of the writer thread's 10.7 MB heap at 50,000 contexts, 188,000 series,
// bench/FINDINGS.md, item 30). A pair here costs 8 bytes plus the array's spare room. Lookups are a
// binary search over the few hundred names a tag set usually carries; a name seen for the first time gets
// the highest index, so inserting it is an append. An insert elsewhere moves the pairs after it: at worst
// (a tag set carrying 100,000 names, met in reverse order) ~40 µs an insert, once per series, on the writer
// thread.

import { grownTo } from '../../typed-array-growth';

const INITIAL_PAIRS = 4;
/** Ids are SQLite rowids; one past what a Uint32Array holds is not cached (it is looked up in SQLite). */
const MAX_ID = 0xffff_ffff;

export class NameIdTable {
  private pairs = new Uint32Array(INITIAL_PAIRS * 2);
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(nameIndex: number): number | undefined {
    const at = this.find(nameIndex);
    return at < this.count && this.pairs[at * 2] === nameIndex ? this.pairs[at * 2 + 1] : undefined;
  }

  /** Returns whether the name is new to this table. */
  set(nameIndex: number, id: number): boolean {
    if (!Number.isInteger(id) || id < 0 || id > MAX_ID) return false;
    const at = this.find(nameIndex);
    if (at < this.count && this.pairs[at * 2] === nameIndex) {
      this.pairs[at * 2 + 1] = id;
      return false;
    }
    if (this.count * 2 === this.pairs.length) this.pairs = grownTo(this.pairs, this.pairs.length * 2);
    if (at < this.count) this.pairs.copyWithin((at + 1) * 2, at * 2, this.count * 2);
    this.pairs[at * 2] = nameIndex;
    this.pairs[at * 2 + 1] = id;
    this.count += 1;
    return true;
  }

  /** The first pair whose name index is ≥ `nameIndex`. */
  private find(nameIndex: number): number {
    const pairs = this.pairs;
    let low = 0;
    let high = this.count;
    // New names come with the highest index: check the end first.
    if (high > 0 && (pairs[(high - 1) * 2] as number) < nameIndex) return high;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((pairs[middle * 2] as number) < nameIndex) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
