// A value derived from a tags array, kept for as long as that array lives, when it is frozen.
//
// The aggregator gives every sample of a tag set one shared frozen array, flush after flush, so outputs can
// derive things from a tag set once (merged global tags, the store's tag-set key) instead of per sample.
// Only a frozen array is sure to hold the same tags next time; other arrays are computed each call.
export function memoizeByFrozenArray<T>(
  compute: (tags: readonly string[]) => T,
): (tags: readonly string[]) => T {
  // Weak: a tag set the aggregator forgets takes its entry with it.
  const known = new WeakMap<readonly string[], T>();
  return (tags) => {
    if (!Object.isFrozen(tags)) return compute(tags);
    let value = known.get(tags);
    if (value === undefined) {
      value = compute(tags);
      known.set(tags, value);
    }
    return value;
  };
}
