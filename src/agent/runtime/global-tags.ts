// The main config's `tags` go on everything the agent outputs (Datadog's host tags), added once here
// in front of each output rather than in every producer of data.
import type { Flush, FlushSink } from '../model';

export function withGlobalTags(sink: FlushSink, globalTags: readonly string[]): FlushSink {
  if (globalTags.length === 0) return sink;
  const merge = (tags: readonly string[]) => [...new Set([...tags, ...globalTags])].sort();
  return {
    name: sink.name,
    write: (flush: Flush) =>
      sink.write({
        metrics: flush.metrics.map((m) => ({ ...m, tags: merge(m.tags) })),
        serviceChecks: flush.serviceChecks.map((c) => ({ ...c, tags: merge(c.tags) })),
        events: flush.events.map((e) => ({ ...e, tags: merge(e.tags) })),
      }),
  };
}
