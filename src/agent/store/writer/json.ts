// JSON columns with a size bound: one oversized attribute map must not bloat the database.

export const TRUNCATED_MARKER = '{"kinstrument.truncated":true}';

export function boundedJson(value: unknown, maxChars: number): { text: string; truncated: boolean } {
  let text: string;
  try {
    text = JSON.stringify(value) ?? 'null';
  } catch {
    return { text: TRUNCATED_MARKER, truncated: true };
  }
  return text.length > maxChars ? { text: TRUNCATED_MARKER, truncated: true } : { text, truncated: false };
}
