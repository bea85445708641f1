// A protobuf wire-format writer for the OTLP messages the agent produces (responses, forwarded requests).
// Embedded messages are written by a child writer and copied in with their length: simple, and OTLP nests
// only a handful of levels deep.
import { WIRE_FIXED32, WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from './reader';

const INITIAL_CAPACITY = 256;

export class WireWriter {
  private buf = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private pos = 0;

  get length(): number {
    return this.pos;
  }

  /** The bytes written so far (a copy the caller owns). */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  /** A non-negative integer up to 2^53. */
  varint(value: number): this {
    this.ensure(10);
    let rest = value;
    while (rest >= 0x80) {
      this.buf[this.pos++] = (rest % 128) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.buf[this.pos++] = rest;
    return this;
  }

  /** Any 64-bit integer (negative values as two's complement, ten bytes). */
  varintBig(value: bigint): this {
    this.ensure(10);
    let rest = BigInt.asUintN(64, value);
    while (rest >= 0x80n) {
      this.buf[this.pos++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.buf[this.pos++] = Number(rest);
    return this;
  }

  fixed32(value: number): this {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
    return this;
  }

  /** An unsigned 64-bit value given as decimal text or a bigint. */
  fixed64(value: string | bigint): this {
    this.ensure(8);
    this.buf.writeBigUInt64LE(BigInt.asUintN(64, BigInt(value)), this.pos);
    this.pos += 8;
    return this;
  }

  double(value: number): this {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
    return this;
  }

  bytes(value: Uint8Array): this {
    this.varint(value.length);
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
    return this;
  }

  string(value: string): this {
    const length = Buffer.byteLength(value, 'utf8');
    this.varint(length);
    this.ensure(length);
    this.buf.write(value, this.pos, length, 'utf8');
    this.pos += length;
    return this;
  }

  // Field helpers: proto3 leaves default values (0, '', false) out.

  uintField(field: number, value: number | undefined): this {
    if (value === undefined || value === 0) return this;
    return this.tag(field, WIRE_VARINT).varint(value);
  }

  boolField(field: number, value: boolean | undefined): this {
    if (!value) return this;
    return this.tag(field, WIRE_VARINT).varint(1);
  }

  stringField(field: number, value: string | undefined): this {
    if (value === undefined || value === '') return this;
    return this.tag(field, WIRE_LENGTH_DELIMITED).string(value);
  }

  bytesField(field: number, value: Uint8Array | undefined): this {
    if (value === undefined || value.length === 0) return this;
    return this.tag(field, WIRE_LENGTH_DELIMITED).bytes(value);
  }

  fixed64Field(field: number, value: string | undefined): this {
    if (value === undefined || value === '0' || value === '') return this;
    return this.tag(field, WIRE_FIXED64).fixed64(value);
  }

  fixed32Field(field: number, value: number | undefined): this {
    if (value === undefined || value === 0) return this;
    return this.tag(field, WIRE_FIXED32).fixed32(value);
  }

  doubleField(field: number, value: number): this {
    return this.tag(field, WIRE_FIXED64).double(value);
  }

  /** An embedded message, written by `write` into a child writer. Written even when empty. */
  messageField(field: number, write: (child: WireWriter) => void): this {
    const child = new WireWriter();
    write(child);
    this.tag(field, WIRE_LENGTH_DELIMITED).varint(child.pos);
    this.ensure(child.pos);
    child.buf.copy(this.buf, this.pos, 0, child.pos);
    this.pos += child.pos;
    return this;
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let capacity = this.buf.length * 2;
    while (capacity < this.pos + extra) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }
}
