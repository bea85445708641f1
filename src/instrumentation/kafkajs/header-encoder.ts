// kafkajs' record-header encoder, replaced by one that writes the same bytes into an exactly sized, pooled
// buffer.
//
// Why: kafkajs encodes each header of each record with `new Encoder()`, a 512-byte zero-filled Buffer that
// is not taken from Node's pool — ~3 µs a header here, more than the rest of the record's encoding with a
// 1 KiB value. The propagation headers tracing adds (W3C + Datadog, five per message, six with the metrics
// produce-time header) made that most of kinstrument's cost per produced message (bench/FINDINGS.md, item 13).
// The bytes are kafkajs' own format (Header => Key varint-string, Value varint-bytes), checked against the
// original module of every kafkajs version we support (test/unit/header-encoder.test.ts); the app's own
// headers go through it too, unchanged on the wire. Anything but a string key with a Buffer or string value
// (null values, other types, kafkajs' own errors for them) is handed to the original encoder. The headers
// kinstrument adds share one value Buffer across the messages of a call: their bytes are made once per
// call (shared-header-values.ts).
import { rememberSharedEncoding, sharedEncoding } from './shared-header-values';

/** kafkajs' header encoder: `({ key, value }) => Encoder`. */
export type KafkajsHeaderEncoder = (header: { key: unknown; value: unknown }) => unknown;

/** What kafkajs' record encoder reads of an Encoder it is given: `buf` (checked) and `buffer`. */
interface EncodedHeader {
  buf: Buffer;
  buffer: Buffer;
}

const replaced = new WeakSet<KafkajsHeaderEncoder>();

export function isReplacedHeaderEncoder(encoder: unknown): boolean {
  return typeof encoder === 'function' && replaced.has(encoder as KafkajsHeaderEncoder);
}

export function fastHeaderEncoder(original: KafkajsHeaderEncoder): KafkajsHeaderEncoder {
  if (isReplacedHeaderEncoder(original)) return original;
  const encode: KafkajsHeaderEncoder = (header) => {
    const { key, value } = header;
    const shared = Buffer.isBuffer(value) && typeof key === 'string';
    if (shared) {
      const known = sharedEncoding(value, key);
      if (known !== undefined) return known;
    }
    const encoded = encodeHeader(header);
    if (encoded === undefined) return original(header);
    if (shared) rememberSharedEncoding(value, key, encoded);
    return encoded;
  };
  replaced.add(encode);
  return encode;
}

/** The header's bytes, or undefined where the original encoder must decide. */
export function encodeHeader(header: { key: unknown; value: unknown }): EncodedHeader | undefined {
  try {
    const { key, value } = header;
    if (typeof key !== 'string') return undefined;
    let valueBytes: number;
    if (Buffer.isBuffer(value)) valueBytes = value.length;
    else if (typeof value === 'string') valueBytes = Buffer.byteLength(value, 'utf8');
    else return undefined;
    const keyBytes = Buffer.byteLength(key, 'utf8');
    const size = zigZagVarIntSize(keyBytes) + keyBytes + zigZagVarIntSize(valueBytes) + valueBytes;
    // allocUnsafe takes small buffers from Node's shared pool; every byte is written below.
    const buf = Buffer.allocUnsafe(size);
    let at = writeZigZagVarInt(buf, 0, keyBytes);
    at += buf.write(key, at, keyBytes, 'utf8');
    at = writeZigZagVarInt(buf, at, valueBytes);
    if (Buffer.isBuffer(value)) value.copy(buf, at);
    else buf.write(value as string, at, valueBytes, 'utf8');
    return { buf, buffer: buf };
  } catch {
    return undefined;
  }
}

/** kafkajs' writeVarInt for a length: zig-zag, then 7 bits a byte, low bits first. */
function writeZigZagVarInt(out: Buffer, at: number, value: number): number {
  let rest = ((value << 1) ^ (value >> 31)) >>> 0;
  while (rest > 0x7f) {
    out[at++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  out[at++] = rest;
  return at;
}

function zigZagVarIntSize(value: number): number {
  let rest = ((value << 1) ^ (value >> 31)) >>> 0;
  let size = 1;
  while (rest > 0x7f) {
    size += 1;
    rest >>>= 7;
  }
  return size;
}
