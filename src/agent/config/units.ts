// Human-friendly sizes and durations in the agent config: `20MiB`, `1GiB`, `512` (bytes); `7d`, `90s`, `60`
// (seconds). Returns undefined for what it cannot read, so the caller reports the key.

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};
const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

function parseWithUnits(value: unknown, units: Record<string, number>, bareUnit: number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * bareUnit : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  if (!match) return undefined;
  const factor = match[2] === '' ? bareUnit : units[match[2]!.toLowerCase()];
  return factor === undefined ? undefined : Number(match[1]) * factor;
}

export function parseSize(value: unknown): number | undefined {
  const bytes = parseWithUnits(value, SIZE_UNITS, 1);
  return bytes === undefined ? undefined : Math.round(bytes);
}

export function parseDurationSeconds(value: unknown): number | undefined {
  return parseWithUnits(value, DURATION_UNITS, 1);
}
