// Header values kinstrument makes once per producer call and gives to every message of that call (trace
// context, the produce time). Nothing changes them afterwards, so kafkajs' encoding of such a header can
// be made once per call instead of once per message (header-encoder.ts). Only values registered here are
// taken for these: an app may reuse one Buffer for several sends and rewrite it in between.
//
// Bounded by what is alive: an entry goes with its Buffer, which lives as long as the copies of the
// messages of one send.

/** A registered value's encoding, once one was made: under which header name, and the encoder kafkajs reads. */
export interface SharedEncoding {
  key: string;
  encoded: unknown;
}

const registered = new WeakMap<Buffer, SharedEncoding | null>();

/** Marks `value` as made by kinstrument and never changed after; returns it. */
export function sharedHeaderValue(value: Buffer): Buffer {
  registered.set(value, null);
  return value;
}

/** The encoding remembered for this registered value under this name, if any. */
export function sharedEncoding(value: Buffer, key: string): unknown {
  const known = registered.get(value);
  return known !== undefined && known !== null && known.key === key ? known.encoded : undefined;
}

/** Remembers the encoding of a registered value (values the app gave are left alone). */
export function rememberSharedEncoding(value: Buffer, key: string, encoded: unknown): void {
  if (registered.get(value) === null) registered.set(value, { key, encoded });
}
