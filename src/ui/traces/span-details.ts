// One span in full: timing, status, attributes, resource, events, links (navigable: within this trace they
// select the span, otherwise they open the linked trace), and a pivot to the trace's logs.
import type { AttributeValue, Attributes, StoredSpan } from '../api/types.js';
import { badge, h, link } from '../dom.js';
import { formatDurationMs, formatTimestamp } from '../format.js';
import { traceLink, traceLogsLink } from '../pivot.js';

function show(value: AttributeValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function attributeList(title: string, attributes: Attributes): HTMLElement | null {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  return h('div', {}, [
    h('h4', { text: title }),
    h(
      'dl',
      {},
      entries.flatMap(([key, value]) => [h('dt', { text: key }), h('dd', { text: show(value) })]),
    ),
  ]);
}

export function spanDetails(
  span: StoredSpan,
  trace: { startMs: number; endMs: number; spanIds: ReadonlySet<string> },
  selectInTrace: (spanId: string) => void,
): HTMLElement {
  const links = span.links.map((l) => {
    const here = l.traceId === span.traceId && trace.spanIds.has(l.spanId);
    const target = here
      ? h('a', {
          text: `span ${l.spanId} (this trace)`,
          attrs: { href: '#' },
          on: { click: (e) => (e.preventDefault(), selectInTrace(l.spanId)) },
        })
      : link(`trace ${l.traceId} · span ${l.spanId}`, traceLink(l.traceId, l.spanId), {
          attrs: { 'data-testid': 'span-link' },
        });
    return h('li', {}, [
      target,
      Object.keys(l.attributes).length > 0
        ? h('span', { class: 'muted', text: ` ${JSON.stringify(l.attributes)}` })
        : null,
    ]);
  });
  return h(
    'div',
    { class: 'details', attrs: { 'data-testid': 'span-details', 'data-span-id': span.spanId } },
    [
      h('h3', {}, [
        `${span.service}: ${span.name} `,
        span.error ? badge('error') : badge(span.kindName, 'info'),
      ]),
      h('p', {}, [
        link('Logs of this trace', traceLogsLink(span.traceId, trace.startMs, trace.endMs), {
          attrs: { 'data-testid': 'span-logs-link' },
        }),
      ]),
      h('dl', {}, [
        h('dt', { text: 'span id' }),
        h('dd', { text: span.spanId }),
        h('dt', { text: 'parent' }),
        h('dd', { text: span.parentSpanId ?? '—' }),
        h('dt', { text: 'start' }),
        h('dd', { text: formatTimestamp(span.startMs) }),
        h('dt', { text: 'duration' }),
        h('dd', { text: formatDurationMs(span.durationMs) }),
        h('dt', { text: 'status' }),
        h('dd', {
          text: `${['unset', 'ok', 'error'][span.status.code] ?? span.status.code}${span.status.message ? `: ${span.status.message}` : ''}`,
        }),
        h('dt', { text: 'scope' }),
        h('dd', { text: `${span.scope.name}${span.scope.version ? ` ${span.scope.version}` : ''}` }),
      ]),
      attributeList('Attributes', span.attributes),
      span.links.length > 0
        ? h('div', {}, [
            h('h4', { text: `Links (${span.links.length})` }),
            h('ul', { class: 'links' }, links),
          ])
        : null,
      span.events.length > 0
        ? h('div', {}, [
            h('h4', { text: 'Events' }),
            h(
              'ul',
              {},
              span.events.map((e) =>
                h('li', {}, [
                  h('strong', { text: e.name }),
                  ' ',
                  h('span', { class: 'mono', text: JSON.stringify(e.attributes) }),
                ]),
              ),
            ),
          ])
        : null,
      attributeList('Resource', span.resource),
    ],
  );
}
