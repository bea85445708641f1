// One trace: its flame graph across processes, the waterfall, the linked traces (batch consumers link to
// their producers' traces), and the details of the selected span.
import { api } from '../api/client.js';
import type { StoredSpan, TraceDetail } from '../api/types.js';
import { errorBox, h, link } from '../dom.js';
import { formatDurationMs, formatTimestamp } from '../format.js';
import { replaceQuery } from '../router.js';
import { traceLink, traceLogsLink } from '../pivot.js';
import type { RouteContext } from '../router.js';
import { flameGraph } from './flame-graph.js';
import { spanDetails } from './span-details.js';
import { waterfall } from './waterfall.js';

export function renderTracePage({ params, query, root }: RouteContext): void {
  const traceId = params.id as string;
  root.appendChild(h('p', { class: 'muted', text: `Loading trace ${traceId}…` }));
  void api
    .trace(traceId)
    .then((trace) => show(trace, query.get('span') ?? undefined, root))
    .catch((error: Error) => root.replaceChildren(errorBox(`Trace ${traceId}: ${error.message}`)));
}

function show(trace: TraceDetail, initialSpan: string | undefined, root: HTMLElement): void {
  const spans = trace.spans;
  const startMs = Math.min(...spans.map((s) => s.startMs));
  const endMs = Math.max(...spans.map((s) => s.startMs + s.durationMs));
  const services = [...new Set(spans.map((s) => s.service))];
  const spanIds = new Set(spans.map((s) => s.spanId));
  const detailBox = h('div');

  const select = (span: StoredSpan | undefined) => {
    flame.select(span?.spanId);
    detailBox.replaceChildren(
      span === undefined
        ? h('p', { class: 'muted', text: 'Click a span to see its attributes.' })
        : spanDetails(span, { startMs, endMs, spanIds }, selectId),
    );
    replaceQuery(`/traces/${trace.traceId}`, { span: span?.spanId });
  };
  const selectId = (spanId: string) => select(spans.find((s) => s.spanId === spanId));
  const flame = flameGraph(spans, select);

  root.replaceChildren(
    h('div', { class: 'toolbar' }, [
      h('h1', {}, ['Trace ', h('code', { text: trace.traceId })]),
      h('span', {
        class: 'muted',
        text: `${formatTimestamp(startMs)} · ${formatDurationMs(endMs - startMs)} · ${spans.length} spans · ${services.join(', ')}`,
      }),
      link('Logs of this trace', traceLogsLink(trace.traceId, startMs, endMs)),
    ]),
    trace.linkedTraceIds.length > 0
      ? h('div', { class: 'panel' }, [
          h('strong', { text: `Linked traces (${trace.linkedTraceIds.length})` }),
          h('span', { class: 'muted', text: ' — producers of the messages a batch span processed' }),
          h(
            'ul',
            { class: 'links', attrs: { 'data-testid': 'linked-traces' } },
            trace.linkedTraceIds.map((id) => h('li', {}, [link(id, traceLink(id))])),
          ),
        ])
      : '',
    flame.element,
    detailBox,
    h('h2', { text: 'Waterfall' }),
    waterfall(spans, select),
  );
  select(initialSpan === undefined ? undefined : spans.find((s) => s.spanId === initialSpan));
}
