// Header values kinstrument makes once per producer call and gives to every message of that call (trace
// context, the produce time). Nothing changes them afterwards, so kafkajs' encoding of such a header can
// be made once per call instead of once per message (header-encoder.ts). Only values marked here are
// taken for these: an app may reuse one Buffer for several sends and rewrite it in between.
//
// The mark is a symbol-keyed property of our own Buffer, not a WeakMap entry: adding one to a WeakMap cost
// ~1.3 µs a value in the app (~0.25 µs offline), more than encoding a header once more. It lives and dies
// with the Buffer, which lives as long as the copies of the messages of one send.

/** A marked value's encoding, once one was made: under which header name, and the encoder kafkajs reads. */
interface SharedEncoding {
  key: string;
  encoded: unknown;
}

const SHARED = Symbol('kinstrument.sharedHeaderValue');

type MarkedBuffer = Buffer & { [SHARED]?: SharedEncoding | null };

/** A header value of kinstrument's own, as bytes, marked: nothing may change it after this. */
export function sharedHeaderValue(text: string): Buffer {
  const value: MarkedBuffer = Buffer.from(text);
  value[SHARED] = null;
  return value;
}

/** The encoding remembered for this marked value under this name, if any. */
export function sharedEncoding(value: Buffer, key: string): unknown {
  const known = (value as MarkedBuffer)[SHARED];
  return known !== undefined && known !== null && known.key === key ? known.encoded : undefined;
}

/** Remembers the encoding of a marked value (values the app gave are left alone). */
export function rememberSharedEncoding(value: Buffer, key: string, encoded: unknown): void {
  const marked = value as MarkedBuffer;
  if (marked[SHARED] === null) marked[SHARED] = { key, encoded };
}
