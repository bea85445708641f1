// A growable protobuf wire-format writer for the app's span export: written for the hot path (one span
// encoded as it ends), so nested messages reserve their length prefix in place and move their content only
// when the length outgrows the reservation, and short ASCII strings are stored by a loop, not a native call.
// The agent has a writer of its own (src/agent/intake/otlp/protobuf/writer.ts), built for clarity on
// its much colder paths; the SDK must not load agent code.

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

const TWO_POW_32 = 0x1_0000_0000;
/** Longest string stored by the JavaScript loop; longer ones go through Buffer.write. */
const SHORT_STRING = 64;

export class ProtoWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialCapacity = 4096) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  reset(): void {
    this.pos = 0;
  }

  /** The bytes written, as a view of this writer's buffer: valid until the next write or reset. */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  ensure(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  tag(field: number, wireType: number): void {
    this.varint32((field << 3) | wireType);
  }

  /** An unsigned value below 2^32. */
  varint32(value: number): void {
    this.ensure(5);
    this.pos = this.putVarint32(this.pos, value);
  }

  /** Writes `value` as a varint at `at` (room already ensured); returns the position after it. */
  private putVarint32(at: number, value: number): number {
    let v = value >>> 0;
    while (v > 0x7f) {
      this.buf[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[at] = v;
    return at + 1;
  }

  /** An integer in int64's range, negative ones in two's complement (ten bytes), as int64 fields want. */
  varint64(value: number): void {
    if (value >= 0 && value < TWO_POW_32) {
      this.varint32(value);
      return;
    }
    this.ensure(10);
    const magnitude = Math.abs(value);
    let low = magnitude >>> 0;
    let high = Math.floor(magnitude / TWO_POW_32) >>> 0;
    if (value < 0) {
      low = ~low >>> 0;
      high = ~high >>> 0;
      low = (low + 1) >>> 0;
      if (low === 0) high = (high + 1) >>> 0;
    }
    while (high > 0 || low > 0x7f) {
      this.buf[this.pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    this.buf[this.pos++] = low;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  fixed64(low: number, high: number): void {
    this.ensure(8);
    this.buf.writeUInt32LE(low >>> 0, this.pos);
    this.buf.writeUInt32LE(high >>> 0, this.pos + 4);
    this.pos += 8;
  }

  double(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  /** OpenTelemetry's [seconds, nanoseconds] as fixed64 nanoseconds since the epoch, without BigInt. */
  hrTime(time: readonly [number, number]): void {
    const seconds = time[0];
    // seconds × 1e9 exceeds 2^53: split the seconds so every product stays exact.
    const fromLow = (seconds & 0xffff) * 1e9;
    const fromHigh = Math.floor(seconds / 0x10000) * 1e9;
    const low = (fromLow >>> 0) + (fromHigh & 0xffff) * 0x10000 + time[1];
    const high =
      Math.floor(fromLow / TWO_POW_32) + Math.floor(fromHigh / 0x10000) + Math.floor(low / TWO_POW_32);
    this.fixed64(low >>> 0, high >>> 0);
  }

  /** A length-delimited string (the tag is the caller's). */
  string(value: string): void {
    const length = value.length;
    if (length < SHORT_STRING) {
      this.ensure(1 + length);
      const start = this.pos;
      let at = start + 1;
      let i = 0;
      for (; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code > 0x7f) break;
        this.buf[at++] = code;
      }
      if (i === length) {
        this.buf[start] = length;
        this.pos = at;
        return;
      }
    }
    const bytes = Buffer.byteLength(value);
    this.varint32(bytes);
    this.ensure(bytes);
    this.pos += this.buf.write(value, this.pos);
  }

  /** Length-delimited bytes (the tag is the caller's). */
  bytes(value: Uint8Array): void {
    this.varint32(value.length);
    this.raw(value);
  }

  /** Bytes copied as they are: an already encoded piece of a message. */
  raw(value: Uint8Array): void {
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** A trace or span id given in lower- or upper-case hex, as length-delimited bytes. */
  hexId(hex: string): void {
    const length = hex.length >>> 1;
    this.ensure(1 + length);
    this.buf[this.pos++] = length;
    for (let i = 0; i < length; i++) {
      this.buf[this.pos++] = (nibble(hex.charCodeAt(2 * i)) << 4) | nibble(hex.charCodeAt(2 * i + 1));
    }
  }

  /** Starts an embedded message: reserves one byte for its length (most are shorter than 128 bytes). */
  begin(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** Ends the message begun at `start`, moving its content when the length needs more than one byte. */
  end(start: number): void {
    const length = this.pos - start - 1;
    if (length < 0x80) {
      this.buf[start] = length;
      return;
    }
    const extra = varintSize(length) - 1;
    this.ensure(extra);
    this.buf.copyWithin(start + 1 + extra, start + 1, this.pos);
    this.pos += extra;
    this.putVarint32(start, length);
  }
}

export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x20_0000) return 3;
  if (value < 0x1000_0000) return 4;
  return 5;
}

/** A hex digit's value; anything else reads as 0 (span contexts were validated by the API). */
function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return 0;
}
