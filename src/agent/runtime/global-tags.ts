// The main config's `tags` go on everything the agent outputs (Datadog's host tags), added once here
// in front of each output rather than in every producer of data.
//
// Merged tags are made once per input tags array and kept while that array lives: the aggregator shares
// one frozen array per tag set across its samples and flushes, and outputs cache by that identity (the
// Prometheus exporter's rendered labels, the store's series keys). A new array per sample would defeat
// them. The merged arrays are frozen for the same reason.
import { takesChunks, type ChunkedFlushSink } from '../aggregator/sink-fanout';
import { memoizeByFrozenArray } from '../frozen-memo';
import type { Flush, FlushSink } from '../model';

export function withGlobalTags(sink: FlushSink, globalTags: readonly string[]): FlushSink {
  if (globalTags.length === 0) return sink;
  const merge = memoizeByFrozenArray((tags) => Object.freeze([...new Set([...tags, ...globalTags])].sort()));
  const write = (flush: Flush) =>
    sink.write({
      metrics: flush.metrics.map((m) => ({ ...m, tags: merge(m.tags) })),
      serviceChecks: flush.serviceChecks.map((c) => ({ ...c, tags: merge(c.tags) })),
      events: flush.events.map((e) => ({ ...e, tags: merge(e.tags) })),
    });
  // The wrapper is as synchronous as the sink, so it may take the chunks the sink takes.
  if (!takesChunks(sink)) return { name: sink.name, write };
  const chunked: ChunkedFlushSink = { name: sink.name, acceptsChunkedFlushes: true, write };
  return chunked;
}
