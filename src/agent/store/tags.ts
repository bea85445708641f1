// Datadog-style tags as the store keeps them: `key:value` split at the first colon, bare tags with value ''.
import { createHash } from 'node:crypto';

export interface TagPair {
  key: string;
  value: string;
}

export function splitTag(tag: string): TagPair {
  const colon = tag.indexOf(':');
  return colon === -1 ? { key: tag, value: '' } : { key: tag.slice(0, colon), value: tag.slice(colon + 1) };
}

/** Sorted, de-duplicated copy (samples normally arrive so already; this makes identity independent of it). */
export function canonicalTags(tags: readonly string[]): string[] {
  let sorted = true;
  for (let index = 1; index < tags.length; index += 1) {
    if ((tags[index - 1] as string) >= (tags[index] as string)) {
      sorted = false;
      break;
    }
  }
  return sorted ? [...tags] : [...new Set(tags)].sort();
}

export function tagHash(tagsJson: string): string {
  return createHash('sha1').update(tagsJson).digest('hex');
}

/** The pairs stored for a series: its tags plus `host` (unless a tag already names the host). */
export function seriesTagPairs(tags: readonly string[], host: string): TagPair[] {
  const pairs = tags.map(splitTag);
  if (host !== '' && !pairs.some((pair) => pair.key === 'host')) pairs.push({ key: 'host', value: host });
  return pairs;
}
