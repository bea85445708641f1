// Trace search: service, operation, duration bounds, errors, time range; one row per trace, newest first.
import { api, type TraceSearchParams } from '../api/client.js';
import type { TraceSummary } from '../api/types.js';
import { rangePicker } from '../components/range-picker.js';
import { badge, clear, errorBox, h, select } from '../dom.js';
import { formatDurationMs, formatTimestamp } from '../format.js';
import { hashFor } from '../hash.js';
import { traceLink } from '../pivot.js';
import type { RouteContext } from '../router.js';
import { readSelection, resolveRange, selectionParams, type TimeSelection } from '../time/range.js';

interface SearchState {
  service?: string;
  operation?: string;
  minMs?: string;
  maxMs?: string;
  errors: boolean;
  selection: TimeSelection;
}

function readState(query: URLSearchParams): SearchState {
  return {
    service: query.get('service') ?? undefined,
    operation: query.get('operation') ?? undefined,
    minMs: query.get('min_duration_ms') ?? undefined,
    maxMs: query.get('max_duration_ms') ?? undefined,
    errors: query.get('error') === 'true',
    selection: readSelection(query, '1h'),
  };
}

function stateHash(state: SearchState): string {
  return hashFor('/traces', {
    service: state.service,
    operation: state.operation,
    min_duration_ms: state.minMs,
    max_duration_ms: state.maxMs,
    error: state.errors ? 'true' : undefined,
    ...selectionParams(state.selection),
  });
}

function resultRow(trace: TraceSummary): HTMLElement {
  const row = h('tr', { class: 'clickable', attrs: { 'data-trace-id': trace.traceId } }, [
    h('td', { class: 'mono', text: formatTimestamp(trace.startMs) }),
    h('td', { text: trace.root ? `${trace.root.service}: ${trace.root.name}` : '—' }),
    h('td', { text: trace.services.join(', ') }),
    h('td', { class: 'num', text: trace.spanCount }),
    h('td', { class: 'num', text: formatDurationMs(trace.durationMs) }),
    h('td', {}, [
      trace.error ? badge(`${trace.errorCount} error${trace.errorCount > 1 ? 's' : ''}`, 'error') : null,
    ]),
  ]);
  row.addEventListener('click', () => (window.location.hash = traceLink(trace.traceId)));
  return row;
}

export function renderTraceSearch({ query, root }: RouteContext): void {
  const state = readState(query);
  const go = (next: SearchState) => (window.location.hash = stateHash(next));
  const service = select(
    [{ value: '', label: 'any service' }],
    state.service ?? '',
    (value) => go({ ...state, service: value || undefined, operation: undefined }),
    {
      'data-testid': 'trace-service',
    },
  );
  const operation = select(
    [{ value: '', label: 'any operation' }],
    state.operation ?? '',
    (value) => go({ ...state, operation: value || undefined }),
    {
      'data-testid': 'trace-operation',
    },
  );
  const min = h('input', {
    attrs: {
      type: 'number',
      min: '0',
      step: 'any',
      size: '6',
      placeholder: 'ms',
      'aria-label': 'Minimum duration (ms)',
    },
  });
  const max = h('input', {
    attrs: {
      type: 'number',
      min: '0',
      step: 'any',
      size: '6',
      placeholder: 'ms',
      'aria-label': 'Maximum duration (ms)',
    },
  });
  min.value = state.minMs ?? '';
  max.value = state.maxMs ?? '';
  const errors = h('input', { attrs: { type: 'checkbox' } });
  errors.checked = state.errors;
  const tbody = h('tbody');
  const status = h('p', { class: 'muted', attrs: { 'data-testid': 'trace-status' } });
  const more = h('button', { text: 'Older traces', class: 'hidden' });
  const search = () =>
    go({ ...state, minMs: min.value || undefined, maxMs: max.value || undefined, errors: errors.checked });

  root.append(
    h('div', { class: 'toolbar' }, [
      h('h1', { text: 'Traces' }),
      h('label', {}, ['Service', service]),
      h('label', {}, ['Operation', operation]),
      h('label', {}, ['Duration ≥', min]),
      h('label', {}, ['≤', max]),
      h('label', {}, [errors, 'Errors only']),
      rangePicker(state.selection, (selection) => go({ ...state, selection })),
      h('button', { class: 'primary', text: 'Search', on: { click: search } }),
    ]),
    h('div', { class: 'panel' }, [
      status,
      h('table', { class: 'data', attrs: { 'data-testid': 'trace-results' } }, [
        h('thead', {}, [
          h(
            'tr',
            {},
            ['Start', 'Root span', 'Services', 'Spans', 'Duration', ''].map((t) => h('th', { text: t })),
          ),
        ]),
        tbody,
      ]),
      more,
    ]),
  );

  void api.services().then(({ services }) => {
    for (const name of services) service.appendChild(h('option', { text: name, attrs: { value: name } }));
    service.value = state.service ?? '';
  });
  void api.operations(state.service).then(({ operations }) => {
    for (const name of [...new Set(operations.map((o) => o.name))])
      operation.appendChild(h('option', { text: name, attrs: { value: name } }));
    operation.value = state.operation ?? '';
  });

  const range = resolveRange(state.selection, Date.now());
  const params: TraceSearchParams = {
    service: state.service,
    operation: state.operation,
    min_duration_ms: state.minMs ? Number(state.minMs) : undefined,
    max_duration_ms: state.maxMs ? Number(state.maxMs) : undefined,
    error: state.errors ? true : undefined,
    from: range.from,
    to: range.to,
    limit: 50,
  };
  let count = 0;
  const load = async (cursor?: string) => {
    try {
      const page = await api.traces({ ...params, cursor });
      if (cursor === undefined) clear(tbody);
      for (const trace of page.traces) tbody.appendChild(resultRow(trace));
      count += page.traces.length;
      status.textContent = count === 0 ? 'No traces match.' : `${count} trace${count === 1 ? '' : 's'}`;
      more.classList.toggle('hidden', page.nextCursor === undefined);
      more.onclick = () => void load(page.nextCursor);
    } catch (error) {
      status.replaceChildren(errorBox((error as Error).message));
    }
  };
  void load();
}
