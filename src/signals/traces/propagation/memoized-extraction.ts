// Extracting trace context from message headers, reusing the last result while the headers it was made
// from are unchanged.
//
// Why: a producer call writes one context into every message it sends, so consecutive messages of a
// partition mostly carry the same propagation headers, and extracting them again allocates contexts, span
// contexts and decoded strings. Only what the propagators read is compared: the extraction is recorded
// through the getter (each header asked for and the raw value found, or that there was none), and a later
// message whose headers give the same answers to the same questions extracts to the same context, since
// the propagators decide from those answers alone. The app's own headers are never looked at, and once
// trace context is found the Datadog headers are not read either: one Buffer comparison a message where
// comparing every header took five or more (bench/FINDINGS.md, items 25 and 27).
import { ROOT_CONTEXT, type Context, type TextMapGetter, type TextMapPropagator } from '@opentelemetry/api';
import type { HeaderValue, MessageHeaders } from '../../../instrumentation/kafkajs/shapes';
import { findHeader, firstHeaderValue, headerText, kafkaHeaderGetter } from './kafka-headers';

/** Reads past this many in one extraction are not recorded, and that extraction is not reused. */
const MAX_RECORDED_READS = 16;

/** Up to this length Buffers are compared in JavaScript: a call into `equals` costs more in the app. */
const SHORT_BUFFER_BYTES = 128;

/** True when the getter reads the same text from both (compared without decoding; unsure reads as false). */
function sameText(a: HeaderValue, b: HeaderValue): boolean {
  const first = firstHeaderValue(a);
  const second = firstHeaderValue(b);
  if (first === second) return true;
  if (!Buffer.isBuffer(first) || !Buffer.isBuffer(second)) return false;
  const length = first.length;
  if (length !== second.length) return false;
  if (length > SHORT_BUFFER_BYTES) return first.equals(second);
  // From the end: trace context headers differ in their last bytes (the span id) first.
  for (let i = length - 1; i >= 0; i--) if (first[i] !== second[i]) return false;
  return true;
}

export class MemoizedExtractor {
  private readonly keys: string[] = [];
  private readonly values: HeaderValue[] = [];
  /** False while nothing reusable is recorded (none yet, a read past the bound, or the getter's keys()). */
  private reusable = false;
  private result: Context = ROOT_CONTEXT;
  private recording = false;
  /** Whether the last extract() returned the result before it. */
  reused = false;

  private readonly getter: TextMapGetter<MessageHeaders> = {
    keys: (carrier) => {
      // Which names the propagator then reads depends on all of them: nothing short of every header says
      // a later message is the same, so this extraction is not reused.
      this.recording = false;
      return kafkaHeaderGetter.keys(carrier);
    },
    get: (carrier, key) => {
      const value = findHeader(carrier, key);
      if (this.recording) {
        if (this.keys.length < MAX_RECORDED_READS) {
          this.keys.push(key);
          this.values.push(value);
        } else {
          this.recording = false;
        }
      }
      return headerText(value);
    },
  };

  constructor(private readonly propagator: TextMapPropagator) {}

  /** The context these headers carry (under the root context). */
  extract(headers: MessageHeaders): Context {
    if (this.reusable && this.answersMatch(headers)) {
      this.reused = true;
      return this.result;
    }
    this.reused = false;
    this.keys.length = 0;
    this.values.length = 0;
    this.recording = true;
    try {
      this.result = this.propagator.extract(ROOT_CONTEXT, headers, this.getter);
      this.reusable = this.recording;
    } catch (error) {
      this.reusable = false;
      throw error;
    } finally {
      this.recording = false;
    }
    return this.result;
  }

  /** Forgets the last extraction: the next extract() reads its headers in full. */
  forget(): void {
    this.reusable = false;
    this.reused = false;
  }

  private answersMatch(headers: MessageHeaders): boolean {
    for (let i = 0; i < this.keys.length; i++) {
      if (!sameText(findHeader(headers, this.keys[i]!), this.values[i])) return false;
    }
    return true;
  }
}
