// Prometheus text format 0.0.4 spelling rules: metric and label names, escaping, number formatting.

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isNameCharacter(code: number): boolean {
  return isAsciiLetter(code) || (code >= 48 && code <= 57) || code === 95;
}

function replaceInvalid(name: string): string {
  let result = '';
  for (let index = 0; index < name.length; index += 1) {
    const code = name.charCodeAt(index);
    result += isNameCharacter(code) ? name[index] : '_';
  }
  const first = result.charCodeAt(0);
  // Names may not start with a digit (and may not be empty).
  return result.length === 0 || (first >= 48 && first <= 57) ? `_${result}` : result;
}

/**
 * `kafka.net.bytes_in.rate` → `kafka_net_bytes_in_rate`. Every character outside `[a-zA-Z0-9_]`
 * becomes `_`, colons included: Prometheus reserves them for recording rules.
 */
export function sanitizeMetricName(name: string): string {
  return replaceInvalid(name);
}

/** Tag keys to label names. `__`-prefixed names are reserved by Prometheus, so those get a `tag` prefix. */
export function sanitizeLabelName(name: string): string {
  const sanitized = replaceInvalid(name);
  return sanitized.startsWith('__') ? `tag${sanitized}` : sanitized;
}

/** Label values escape backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  if (!/[\\"\n]/.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed (quotes are fine there). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
