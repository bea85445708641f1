// A DDSketch for one context and one window, answering exactly what @datadog/sketches-js'
// LogCollapsingLowestDenseDDSketch answers (same logarithmic mapping, same rank rule, same collapsing of
// the lowest bins past the bin limit), but storing only the bins that hold values.
//
// Why not the library's sketch: its dense stores allocate 128-bin arrays on the first value and grow
// from there, about 1–2 KB per context and window. A DogStatsD window usually holds a handful of values per
// context, so at tens of thousands of distribution contexts the dense bins were most of the agent's heap
// and of its garbage. Here a window with n distinct bins costs two arrays of n numbers, reused from window to window.
// A unit test checks the results against the library on random data. One deliberate difference: when the
// lowest bins collapse (keys spanning more than `binLimit` bins, a max/min ratio beyond ~10^17 at 1 %),
// the library adds the bin receiving the fold twice (its range sum includes that bin); here it is once.

// KeyMapping's bounds: values within ±MIN_SAFE_FLOAT × gamma count as zero.
const MIN_SAFE_FLOAT = 2 ** -1023;
// A store that grew past this many bins in one window gives its arrays back at reset rather than keeping them.
const KEPT_CAPACITY = 64;

/** The LogarithmicMapping of sketches-js (offset 0), computed once per relative accuracy. */
export class LogMapping {
  readonly gamma: number;
  readonly minPossible: number;
  private readonly multiplier: number;
  private readonly valueFactor: number;

  constructor(relativeAccuracy: number) {
    const gammaMantissa = (2 * relativeAccuracy) / (1 - relativeAccuracy);
    this.gamma = 1 + gammaMantissa;
    // Same operations in the same order as the library, so keys and values match bit for bit.
    this.multiplier = (1 / Math.log1p(gammaMantissa)) * Math.log(2);
    this.minPossible = MIN_SAFE_FLOAT * this.gamma;
    this.valueFactor = 2 / (1 + this.gamma);
  }

  key(value: number): number {
    return Math.ceil(Math.log2(value) * this.multiplier);
  }

  value(key: number): number {
    return Math.pow(2, key / this.multiplier) * this.valueFactor;
  }
}

/**
 * Bins by key, sorted ascending, in plain arrays (small windows are the rule: a handful of bins). Past
 * `binLimit` spanned keys the lowest ones collapse into one, as in the library's collapsing-lowest store.
 */
class SparseStore {
  private keys: number[] = [];
  private counts: number[] = [];
  count = 0;
  private collapsed = false;

  constructor(private readonly binLimit: number) {}

  add(key: number, weight: number): void {
    const keys = this.keys;
    const size = keys.length;
    if (size > 0) {
      const minKey = keys[0] as number;
      const maxKey = keys[size - 1] as number;
      // The dense store spans minKey…maxKey with at most binLimit bins: past that, keys below the span's
      // new low end fold into it (and, once collapsed, lower keys land in the lowest bin).
      if (key < minKey && this.collapsed) key = minKey;
      else if (key > maxKey && key - minKey + 1 > this.binLimit) this.collapseBelow(key - this.binLimit + 1);
      else if (key < minKey && maxKey - key + 1 > this.binLimit) {
        this.collapsed = true;
        key = maxKey - this.binLimit + 1;
      }
    }
    const index = this.find(key);
    if (index < keys.length && keys[index] === key)
      this.counts[index] = (this.counts[index] as number) + weight;
    else if (index === keys.length) {
      keys.push(key);
      this.counts.push(weight);
    } else {
      keys.splice(index, 0, key);
      this.counts.splice(index, 0, weight);
    }
    this.count += weight;
  }

  /** The library's DenseStore.keyAtRank: `lower` finds the first key whose running count exceeds rank. */
  keyAtRank(rank: number, lower: boolean): number {
    const keys = this.keys;
    const counts = this.counts;
    let running = 0;
    for (let index = 0; index < keys.length; index += 1) {
      running += counts[index] as number;
      if ((lower && running > rank) || (!lower && running >= rank + 1)) return keys[index] as number;
    }
    return keys[keys.length - 1] ?? 0;
  }

  reset(): void {
    if (this.keys.length > KEPT_CAPACITY) {
      this.keys = [];
      this.counts = [];
    } else {
      this.keys.length = 0;
      this.counts.length = 0;
    }
    this.count = 0;
    this.collapsed = false;
  }

  /** First index whose key is ≥ `key`. */
  private find(key: number): number {
    const keys = this.keys;
    let low = 0;
    let high = keys.length;
    // Values usually arrive in few bins and often in order: check the top first.
    if (high > 0 && (keys[high - 1] as number) < key) return high;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((keys[middle] as number) < key) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Folds every bin below `newMinKey` into the bin of `newMinKey`. */
  private collapseBelow(newMinKey: number): void {
    const keys = this.keys;
    const counts = this.counts;
    this.collapsed = true;
    let below = 0;
    let folded = 0;
    while (below < keys.length && (keys[below] as number) < newMinKey) {
      folded += counts[below] as number;
      below += 1;
    }
    if (below === 0) return;
    if (below < keys.length && keys[below] === newMinKey) {
      counts[below] = (counts[below] as number) + folded;
      keys.splice(0, below);
      counts.splice(0, below);
    } else {
      keys.splice(0, below, newMinKey);
      counts.splice(0, below, folded);
    }
  }
}

export class SparseSketch {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private zeroCount = 0;
  private readonly positive: SparseStore;
  // Negative values are rare in metrics: their store is made on the first one.
  private negative: SparseStore | undefined;

  constructor(
    private readonly mapping: LogMapping,
    private readonly binLimit: number,
  ) {
    this.positive = new SparseStore(binLimit);
  }

  accept(value: number, weight: number): void {
    if (weight <= 0) throw new Error('Weight must be a positive number');
    if (value > this.mapping.minPossible) this.positive.add(this.mapping.key(value), weight);
    else if (value < -this.mapping.minPossible) {
      this.negative ??= new SparseStore(this.binLimit);
      this.negative.add(this.mapping.key(-value), weight);
    } else this.zeroCount += weight;
    this.count += weight;
    this.sum += value * weight;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  getValueAtQuantile(quantile: number): number {
    if (quantile < 0 || quantile > 1 || this.count === 0) return Number.NaN;
    const rank = quantile * (this.count - 1);
    const negative = this.negative;
    const negatives = negative === undefined ? 0 : negative.count;
    if (negative !== undefined && rank < negatives) {
      return -this.mapping.value(negative.keyAtRank(negatives - rank - 1, false));
    }
    if (rank < this.zeroCount + negatives) return 0;
    return this.mapping.value(this.positive.keyAtRank(rank - this.zeroCount - negatives, true));
  }

  /** Empties the sketch for the next window, keeping its (small) arrays. */
  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.zeroCount = 0;
    this.positive.reset();
    this.negative?.reset();
  }
}
