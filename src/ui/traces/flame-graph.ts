// The flame graph of one trace: every span as a bar on a shared time axis, coloured by service, so a
// producer's `send` and the consumer's `process` in another process line up in one picture.
import type { StoredSpan } from '../api/types.js';
import { h } from '../dom.js';
import { formatDurationMs } from '../format.js';
import { serviceColor } from './colors.js';
import { layoutFlame, ticks } from './flame-layout.js';

const ROW_HEIGHT = 24;

export interface FlameGraph {
  element: HTMLElement;
  select(spanId: string | undefined): void;
}

export function flameGraph(spans: readonly StoredSpan[], onSelect: (span: StoredSpan) => void): FlameGraph {
  const layout = layoutFlame(spans);
  const extent = layout.endMs - layout.startMs;
  const ruler = h(
    'div',
    { class: 'ruler' },
    ticks(extent).map((t, i) => {
      const mark = h('span', { text: t === 0 ? '0' : formatDurationMs(t) });
      mark.style.left = `${extent > 0 ? (t / extent) * 100 : 0}%`;
      // The first label starts at the left edge instead of being centred on it (and cut off).
      if (i === 0) mark.style.transform = 'none';
      return mark;
    }),
  );
  const lanes = h('div', { class: 'lanes' });
  lanes.style.height = `${layout.rows * ROW_HEIGHT + 4}px`;
  const bars = new Map<string, HTMLElement>();
  for (const item of layout.placed) {
    const span = item.span;
    const bar = h('div', {
      class: `span-bar${span.error ? ' error' : ''}`,
      text: `${span.service}: ${span.name}`,
      title: `${span.service} · ${span.name} · ${span.kindName} · ${formatDurationMs(span.durationMs)}`,
      attrs: { 'data-span-id': span.spanId, 'data-service': span.service, role: 'button', tabindex: '0' },
      on: {
        click: () => onSelect(span),
        keydown: (event) => {
          if (event.key === 'Enter') onSelect(span);
        },
      },
    });
    bar.style.left = `${item.left * 100}%`;
    bar.style.width = `max(3px, ${item.width * 100}%)`;
    bar.style.top = `${item.row * ROW_HEIGHT + 2}px`;
    bar.style.background = serviceColor(layout.services, span.service);
    bars.set(span.spanId, bar);
    lanes.appendChild(bar);
  }
  const legend = h(
    'div',
    { class: 'legend' },
    layout.services.map((service) => {
      const swatch = h('span', { class: 'swatch' });
      swatch.style.background = serviceColor(layout.services, service);
      return h('span', { attrs: { 'data-legend-service': service } }, [swatch, service]);
    }),
  );
  const element = h('div', {}, [
    legend,
    h('div', { class: 'flame', attrs: { 'data-testid': 'flame-graph' } }, [ruler, lanes]),
  ]);
  let selected: HTMLElement | undefined;
  return {
    element,
    select(spanId) {
      selected?.classList.remove('selected');
      selected = spanId === undefined ? undefined : bars.get(spanId);
      selected?.classList.add('selected');
    },
  };
}
