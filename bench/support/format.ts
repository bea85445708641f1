// Number formatting for tables: fixed decimals, thousands separators, and a dash for "not measured".

export function fixed(value: number | undefined, decimals: number): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(decimals);
}

export function signed(value: number | undefined, decimals: number): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const text = value.toFixed(decimals);
  return value > 0 && Number(text) !== 0 ? `+${text}` : text;
}

export function thousands(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return Math.round(value).toLocaleString('en-US');
}

export function megabytes(bytes: number | undefined, decimals = 1): string {
  return fixed(bytes === undefined ? undefined : bytes / (1024 * 1024), decimals);
}
