// Which topics are traced: all but the ignore list (exact names or regular expressions).
export type TopicFilter = (topic: string) => boolean;

export function topicFilter(ignore: readonly (string | RegExp)[]): TopicFilter {
  if (ignore.length === 0) return () => true;
  const exact = new Set(ignore.filter((m): m is string => typeof m === 'string'));
  const patterns = ignore.filter((m): m is RegExp => m instanceof RegExp);
  return (topic) => !exact.has(topic) && !patterns.some((pattern) => pattern.test(topic));
}
