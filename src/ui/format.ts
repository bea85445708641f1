// Numbers, units, times and durations as the UI prints them.

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

function trim(value: number, digits = 3): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1000 || Number.isInteger(value)) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(digits)).toString();
}

function scaled(value: number, base: number, units: readonly string[], separator = ' '): string {
  let index = 0;
  let v = value;
  while (Math.abs(v) >= base && index < units.length - 1) {
    v /= base;
    index += 1;
  }
  return `${trim(v)}${separator}${units[index]}`;
}

const SI = ['', 'k', 'M', 'G', 'T'];

/** Milliseconds as `850 µs`, `12.3 ms`, `4.2 s`, `3 min`. */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1) return `${trim(ms * 1000)} µs`;
  if (ms < 1000) return `${trim(ms)} ms`;
  if (ms < 60_000) return `${trim(ms / 1000)} s`;
  if (ms < 3_600_000) return `${trim(ms / 60_000)} min`;
  return `${trim(ms / 3_600_000)} h`;
}

/** A value in a widget's unit: byte, byte/s, ms, s, fraction, percent, or any word appended as is. */
export function formatValue(value: number | null | undefined, unit?: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'byte':
    case 'bytes':
      return scaled(value, 1024, BYTE_UNITS);
    case 'byte/s':
    case 'bytes/s':
      return `${scaled(value, 1024, BYTE_UNITS)}/s`;
    case 'ms':
    case 'millisecond':
      return formatDurationMs(value);
    case 's':
    case 'second':
      return formatDurationMs(value * 1000);
    case 'fraction':
      return `${trim(value * 100)} %`;
    case 'percent':
      return `${trim(value)} %`;
    case undefined:
    case '':
      return scaled(value, 1000, SI, '');
    default:
      return `${scaled(value, 1000, SI, '')} ${unit}`;
  }
}

/** `2026-11-25 06:22:38.123` in the browser's time zone. */
export function formatTimestamp(ms: number, withMillis = true): string {
  const date = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const text = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(
    date.getMinutes(),
  )}:${pad(date.getSeconds())}`;
  return withMillis ? `${text}.${pad(date.getMilliseconds(), 3)}` : text;
}

/** How long ago, roughly: `just now`, `42 s ago`, `5 min ago`. */
export function formatAgo(ms: number, now: number): string {
  const seconds = Math.round((now - ms) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** Axis tick labels: short, with the unit only where it is a symbol (the widget title shows the rest). */
export function formatAxisValue(value: number, unit?: string): string {
  const symbolic = [
    'byte',
    'bytes',
    'byte/s',
    'bytes/s',
    'ms',
    'millisecond',
    's',
    'second',
    'fraction',
    'percent',
  ];
  return formatValue(value, unit !== undefined && symbolic.includes(unit) ? unit : '');
}
