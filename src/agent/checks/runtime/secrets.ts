// Secrets (passwords) from instance configs must never reach status output, error messages or logs: every
// text that leaves the runner passes through `redact` with the instance's secret values.

export const REDACTED = '********';

/** Secret values of one instance: the string values of its secret keys. */
export function secretValues(instance: Record<string, unknown>, secretKeys: readonly string[]): string[] {
  const values: string[] = [];
  for (const key of secretKeys) {
    const value = instance[key];
    if ((typeof value === 'string' && value !== '') || typeof value === 'number') {
      values.push(String(value));
      // URL-encoded forms show up in connection strings and HTTP errors.
      const encoded = encodeURIComponent(String(value));
      if (encoded !== String(value)) values.push(encoded);
    }
  }
  // Longest first, so a secret containing another is replaced whole.
  return values.sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length > 0) result = result.split(secret).join(REDACTED);
  }
  return result;
}
