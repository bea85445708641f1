// The waterfall: spans as an indented tree (parent → children across processes) with a bar on the trace's
// time axis, for reading names and durations that do not fit in the flame graph.
import type { StoredSpan } from '../api/types.js';
import { badge, h } from '../dom.js';
import { formatDurationMs } from '../format.js';
import { serviceColor } from './colors.js';
import { depthFirst, layoutFlame } from './flame-layout.js';

export function waterfall(spans: readonly StoredSpan[], onSelect: (span: StoredSpan) => void): HTMLElement {
  const layout = layoutFlame(spans);
  const extent = Math.max(layout.endMs - layout.startMs, 1e-6);
  const rows = depthFirst(spans).map(({ span, depth }) => {
    const bar = h('div');
    bar.style.left = `${((span.startMs - layout.startMs) / extent) * 100}%`;
    bar.style.width = `max(2px, ${(span.durationMs / extent) * 100}%)`;
    bar.style.background = serviceColor(layout.services, span.service);
    const name = h('td', { class: 'name' }, [
      span.name,
      span.links.length > 0 ? ` ⇢ ${span.links.length} link${span.links.length > 1 ? 's' : ''}` : '',
    ]);
    name.style.paddingLeft = `${6 + depth * 16}px`;
    const row = h('tr', { class: 'clickable', attrs: { 'data-waterfall-span': span.spanId } }, [
      h('td', { text: span.service }),
      name,
      h('td', { text: span.kindName }),
      h('td', {}, [span.error ? badge('error') : null]),
      h('td', { class: 'num', text: formatDurationMs(span.durationMs) }),
      h('td', { class: 'bar-cell' }, [h('div', { class: 'bar' }, [bar])]),
    ]);
    row.addEventListener('click', () => onSelect(span));
    return row;
  });
  return h('table', { class: 'data waterfall', attrs: { 'data-testid': 'waterfall' } }, [
    h('thead', {}, [
      h(
        'tr',
        {},
        ['Service', 'Span', 'Kind', '', 'Duration', 'Timeline'].map((t) => h('th', { text: t })),
      ),
    ]),
    h('tbody', {}, rows),
  ]);
}
