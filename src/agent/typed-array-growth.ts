// Typed-array columns that grow: the exporter's series columns, its label-number counts and the store
// writer's name-id pairs all double their array when it is full and keep what they held.

type GrowableArray = Float64Array | Int32Array | Uint32Array;

/** A copy of `array` in a new array of `length` (≥ its own); the cells past the old end hold `fill`. */
export function grownTo<T extends GrowableArray>(array: T, length: number, fill = 0): T {
  const grown = new (array.constructor as new (length: number) => T)(length);
  grown.set(array);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}
