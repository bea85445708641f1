// Datadog tags → Prometheus labels.
//
//   key:value   → key="value"            (split at the first colon; the value may contain colons)
//   bare tag    → tag="true"              (a bare tag is a flag: present or absent)
//   host        → host="<host>"           (unless a tag already produced a `host` label)
//   key:a,key:b → key="a,b"               (Datadog allows several values per key, Prometheus one)
// Keys are sanitised like metric names; labels come out sorted by name, so equal tag sets always
// render to the same text, which is also the series' identity.
import { escapeLabelValue, sanitizeLabelName } from './names';

/** The `{…}` part of a sample line (empty string when there are no labels). */
export function renderLabels(tags: readonly string[], host: string | undefined): string {
  const labels = new Map<string, string[]>();
  const add = (name: string, value: string): void => {
    const values = labels.get(name);
    if (values === undefined) labels.set(name, [value]);
    else if (!values.includes(value)) values.push(value);
  };
  for (const tag of tags) {
    const colon = tag.indexOf(':');
    if (colon === -1) add(sanitizeLabelName(tag), 'true');
    else add(sanitizeLabelName(tag.slice(0, colon)), tag.slice(colon + 1));
  }
  if (host !== undefined && host !== '' && !labels.has('host')) add('host', host);
  if (labels.size === 0) return '';
  const names = [...labels.keys()].sort();
  const parts = names.map(
    (name) => `${name}="${escapeLabelValue((labels.get(name) ?? []).sort().join(','))}"`,
  );
  return `{${parts.join(',')}}`;
}
