// Datadog shows trace and span ids as unsigned 64-bit decimals. A W3C trace id is 128 bits: Datadog's
// 64-bit id is its lower half (the upper half travels as `_dd.p.tid`), so logs carry the lower 64 bits.

/** 16 or 32 hex digits → decimal of the lower 64 bits; undefined for anything else or all zeros. */
export function datadogId(hex: string): string | undefined {
  if (!/^(?:[0-9a-f]{16}|[0-9a-f]{32})$/i.test(hex)) return undefined;
  const value = BigInt(`0x${hex.slice(-16)}`);
  return value === 0n ? undefined : value.toString();
}
