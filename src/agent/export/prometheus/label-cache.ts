// The label text of a sample, rendered once per tag set instead of once per sample and flush.
//
// The aggregator hands every sample of a tag set the same frozen tags array, flush after flush, so the
// array's identity says "same labels". Frozen arrays only: an array someone may still modify could go stale
// in a cache keyed by identity. Other samples (check output) are rendered each time, as before.
import { renderLabels } from './labels';

interface CachedLabels {
  host: string | undefined;
  text: string;
}

export class LabelCache {
  // Weak: a tag set the aggregator forgets takes its entry with it.
  private readonly byTags = new WeakMap<readonly string[], CachedLabels>();

  labels(tags: readonly string[], host: string | undefined): string {
    const cached = this.byTags.get(tags);
    if (cached !== undefined && cached.host === host) return cached.text;
    const text = renderLabels(tags, host);
    if (Object.isFrozen(tags)) this.byTags.set(tags, { host, text });
    return text;
  }
}
