// Telling, without extracting, that a message carries exactly the headers of one seen just before.
//
// Why: a producer call writes one context into every message it sends, so consecutive messages of a
// partition mostly carry identical propagation headers. Extracting them allocates contexts, span contexts
// and decoded strings; comparing the headers allocates nothing. In time the two are closer than a
// micro-benchmark says (~0.8 vs ~0.1 µs a message): in an eachBatch profile the Buffer comparisons of six
// headers cost about what extracting them did (BENCHMARKS.md, item 25). Every header is compared, not only the propagators' fields: a header spelled in another case is
// read by the getter too, and what the propagators make of the headers is then certainly the same.
import type { HeaderValue, MessageHeaders } from '../../../instrumentation/kafkajs/shapes';

const has = Object.prototype.hasOwnProperty;

function sameValue(a: HeaderValue, b: HeaderValue): boolean {
  if (a === b) return true;
  return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
}

/** True when both hold the same header names with equal values (Buffers by content, strings by value). */
export function sameHeaders(a: MessageHeaders, b: MessageHeaders): boolean {
  let names = 0;
  for (const name in a) {
    if (!has.call(a, name)) continue;
    names += 1;
    if (!has.call(b, name) || !sameValue(a[name], b[name])) return false;
  }
  for (const name in b) if (has.call(b, name)) names -= 1;
  return names === 0;
}

/**
 * The headers of the message last extracted, copied (names and value references), so that an app changing
 * that message's headers object afterwards cannot make a later message look like it.
 */
export class LastHeaders<T> {
  private headers: MessageHeaders = {};
  private result: T | undefined;

  /** What was remembered with headers equal to these, if the last ones were. */
  match(headers: MessageHeaders): T | undefined {
    return this.result !== undefined && sameHeaders(headers, this.headers) ? this.result : undefined;
  }

  remember(headers: MessageHeaders, result: T): void {
    this.headers = Object.assign({}, headers);
    this.result = result;
  }
}
