// Trace and span ids in the forms logs carry them: W3C/OpenTelemetry hex (32 and 16 digits) and Datadog decimal
// (`dd.trace_id`, the low 64 bits, or 128-bit when the tracer logs it so). All become lowercase hex, so a log finds
// its trace whichever library wrote it; a 64-bit Datadog id maps to a W3C id whose high 64 bits are zero.

const MAX_TRACE_ID = (1n << 128n) - 1n;
const MAX_SPAN_ID = (1n << 64n) - 1n;

export function normaliseTraceId(value: unknown): string | undefined {
  return normalise(value, 32, MAX_TRACE_ID);
}

export function normaliseSpanId(value: unknown): string | undefined {
  return normalise(value, 16, MAX_SPAN_ID);
}

function normalise(value: unknown, hexDigits: number, max: bigint): string | undefined {
  let number: bigint | undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) number = BigInt(value);
  else if (typeof value === 'string') {
    const text = value.trim();
    if (new RegExp(`^[0-9a-fA-F]{${hexDigits}}$`).test(text)) number = BigInt(`0x${text}`);
    else if (/^\d{1,39}$/.test(text)) number = BigInt(text);
    else if (hexDigits === 32 && /^[0-9a-fA-F]{16}$/.test(text)) number = BigInt(`0x${text}`);
  }
  if (number === undefined || number === 0n || number > max) return undefined;
  return number.toString(16).padStart(hexDigits, '0');
}
