// The `#tag1:v,tag2` field shared by metrics, events and service checks.
import type { ParserLimits, TagDropReason } from './types';

/** Counts tags dropped by the limits; the line itself is kept. */
export type TagDropCounter = (reason: TagDropReason, count: number) => void;

/**
 * Splits a tag field (without its `#`) into tags. Empty tags are skipped silently (clients emit
 * `#a,,b` when a tag value is missing); tags over the length limit and tags past the count limit are
 * dropped and counted, so one noisy client cannot blow up context keys.
 */
export function parseTagField(
  field: string,
  limits: Pick<ParserLimits, 'maxTagsPerLine' | 'maxTagLength'>,
  onDrop: TagDropCounter,
  into: string[] = [],
): string[] {
  let start = 0;
  let tooMany = 0;
  let tooLong = 0;
  const length = field.length;
  while (start <= length) {
    let end = field.indexOf(',', start);
    if (end === -1) end = length;
    const size = end - start;
    if (size > 0) {
      if (size > limits.maxTagLength) tooLong += 1;
      else if (into.length >= limits.maxTagsPerLine) tooMany += 1;
      else into.push(field.slice(start, end));
    }
    start = end + 1;
  }
  if (tooLong > 0) onDrop('tag_too_long', tooLong);
  if (tooMany > 0) onDrop('too_many_tags', tooMany);
  return into;
}
