// Unix-nanosecond timestamps travel as decimal text; these turn them into what the rest of the agent uses.

const NS_PER_MS = 1_000_000n;

/** Decimal text of a non-negative integer, or undefined. */
export function nanosText(value: unknown): string | undefined {
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return value.replace(/^0+(?=\d)/, '');
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
    return BigInt(Math.trunc(value)).toString();
  return undefined;
}

/** Milliseconds since the epoch (integer), from Unix nanoseconds text. */
export function nanosToMillis(nanos: string): number {
  return Number(BigInt(nanos) / NS_PER_MS);
}

export function millisToNanos(millis: number): string {
  return (BigInt(Math.trunc(millis)) * NS_PER_MS).toString();
}

/** end − start in nanoseconds, 0 when end precedes start. */
export function durationNanos(start: string, end: string): number {
  const difference = BigInt(end) - BigInt(start);
  return difference > 0n ? Number(difference) : 0;
}
