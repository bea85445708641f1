// A protobuf wire-format reader: just what decoding OTLP requests needs. It never reads past its range
// and throws OtlpDecodeError on anything malformed, so a hostile payload costs a 400, not a crash.
import { OtlpDecodeError } from '../errors';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

const TWO_POW_32 = 4294967296;

export class WireReader {
  /** Wire type of the field last returned by `nextField`. */
  wireType = 0;
  private pos: number;

  constructor(
    private readonly buf: Buffer,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** The next field number; its wire type is in `wireType`. */
  nextField(): number {
    const key = this.varint();
    const field = Math.floor(key / 8);
    this.wireType = key % 8;
    if (field === 0) throw new OtlpDecodeError('protobuf field number 0');
    return field;
  }

  /** A varint as a number; throws past 2^53 (lengths, enums and counts never get there). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let index = 0; index < 8; index += 1) {
      const byte = this.byte();
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw new OtlpDecodeError('protobuf varint too large');
  }

  /** A full 64-bit varint, as an unsigned BigInt. */
  varintBig(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let index = 0; index < 10; index += 1) {
      const byte = this.byte();
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw new OtlpDecodeError('protobuf varint longer than 10 bytes');
  }

  fixed32(): number {
    this.need(4);
    const value = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return value;
  }

  /** An unsigned fixed64 as decimal text (Unix nanoseconds do not fit a double exactly). */
  fixed64Text(): string {
    this.need(8);
    const low = this.buf.readUInt32LE(this.pos);
    const high = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
    if (high < 0x200000) return String(high * TWO_POW_32 + low);
    return ((BigInt(high) << 32n) | BigInt(low)).toString();
  }

  double(): number {
    this.need(8);
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  /** A length-delimited field's bytes (a view, not a copy). */
  bytes(): Buffer {
    const length = this.varint();
    this.need(length);
    const view = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return view;
  }

  string(): string {
    const length = this.varint();
    this.need(length);
    const text = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return text;
  }

  /** A reader over an embedded message. */
  message(): WireReader {
    const length = this.varint();
    this.need(length);
    const reader = new WireReader(this.buf, this.pos, this.pos + length);
    this.pos += length;
    return reader;
  }

  /** Skips the field just announced by `nextField`. */
  skip(): void {
    switch (this.wireType) {
      case WIRE_VARINT:
        this.varintBig();
        return;
      case WIRE_FIXED64:
        this.need(8);
        this.pos += 8;
        return;
      case WIRE_LENGTH_DELIMITED: {
        const length = this.varint();
        this.need(length);
        this.pos += length;
        return;
      }
      case WIRE_FIXED32:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new OtlpDecodeError(`unsupported protobuf wire type ${this.wireType}`);
    }
  }

  /** Throws unless the announced field has the wire type its schema gives it. */
  expect(wireType: number, what: string): void {
    if (this.wireType !== wireType)
      throw new OtlpDecodeError(
        `protobuf field ${what} has wire type ${this.wireType}, expected ${wireType}`,
      );
  }

  private byte(): number {
    if (this.pos >= this.end) throw new OtlpDecodeError('protobuf message truncated');
    const value = this.buf[this.pos] as number;
    this.pos += 1;
    return value;
  }

  private need(length: number): void {
    if (length > this.end - this.pos) throw new OtlpDecodeError('protobuf message truncated');
  }
}
