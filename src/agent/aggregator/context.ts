// Contexts: what makes two samples "the same series". As in Datadog: metric name, the sorted and
// de-duplicated tag set, and the host.

const HOST_TAG = 'host:';
// Tags clients use to talk to the Agent itself (origin detection, cardinality, JMX check name); they
// describe the sender, not the series, and Datadog strips them before building the context.
const AGENT_INTERNAL_TAG = 'dd.internal.';

export interface ResolvedTags {
  /** Sorted, de-duplicated, without `host:` and `dd.internal.*` tags. */
  tags: string[];
  /** From a `host:` tag (the last one wins), else the default; an empty `host:` means no host. */
  host: string | undefined;
}

/** Applies Datadog's tag conventions to a sample's raw tags. `raw` is not modified. */
export function resolveTags(raw: readonly string[], defaultHost: string | undefined): ResolvedTags {
  let host = defaultHost;
  const tags: string[] = [];
  for (const tag of raw) {
    if (tag.startsWith(HOST_TAG)) {
      host = tag.length > HOST_TAG.length ? tag.slice(HOST_TAG.length) : undefined;
    } else if (!tag.startsWith(AGENT_INTERNAL_TAG)) {
      tags.push(tag);
    }
  }
  if (tags.length > 1) {
    tags.sort();
    let kept = 1;
    for (let index = 1; index < tags.length; index += 1) {
      if (tags[index] !== tags[kept - 1]) tags[kept++] = tags[index] as string;
    }
    tags.length = kept;
  }
  return { tags, host };
}
