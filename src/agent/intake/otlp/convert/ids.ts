// Trace and span ids: 16 and 8 bytes on the wire, lowercase hex in every record we make.

const HEX_TRACE_ID = /^[0-9a-f]{32}$/;
const HEX_SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/** Hex of a protobuf bytes id; undefined when it is empty. */
export function idFromBytes(bytes: Uint8Array): string | undefined {
  return bytes.length === 0
    ? undefined
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

/** OTLP/JSON ids are case-insensitive hex; undefined when absent or empty. */
export function idFromJson(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.toLowerCase() : undefined;
}

export function isValidTraceId(id: string | undefined): id is string {
  return id !== undefined && HEX_TRACE_ID.test(id) && id !== ZERO_TRACE_ID;
}

export function isValidSpanId(id: string | undefined): id is string {
  return id !== undefined && HEX_SPAN_ID.test(id) && id !== ZERO_SPAN_ID;
}
