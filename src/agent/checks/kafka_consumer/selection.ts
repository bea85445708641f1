// Which groups, topics and partitions an instance monitors (Datadog's consumer_groups / _regex semantics).
import type { GroupSelection } from './config';

/** Groups to look at: those listed by name, plus every listed-by-the-broker group a pattern (or "all") takes. */
export function groupsToFetch(selection: GroupSelection, brokerGroups: readonly string[]): string[] {
  const groups = new Set(selection.groups.keys());
  for (const group of brokerGroups) {
    if (selection.monitorUnlisted || selection.patterns.some((pattern) => pattern.group.test(group))) {
      groups.add(group);
    }
  }
  return [...groups].sort();
}

/** Whether the committed offset of `group` on `topic`/`partition` is monitored. */
export function isSelected(
  selection: GroupSelection,
  group: string,
  topic: string,
  partition: number,
): boolean {
  if (selection.monitorUnlisted) return true;
  const topics = selection.groups.get(group);
  if (topics) {
    if (topics.size === 0) return true;
    const partitions = topics.get(topic);
    if (partitions && (partitions.length === 0 || partitions.includes(partition))) return true;
  }
  return selection.patterns.some(
    (pattern) =>
      pattern.group.test(group) &&
      (pattern.topics.length === 0 ||
        pattern.topics.some(
          (entry) =>
            entry.topic.test(topic) &&
            (entry.partitions.length === 0 || entry.partitions.includes(partition)),
        )),
  );
}

/** Whether any broker-side listing is needed (patterns or all groups), or only the named groups. */
export function needsGroupListing(selection: GroupSelection): boolean {
  return selection.monitorUnlisted || selection.patterns.length > 0;
}
