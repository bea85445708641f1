// The log explorer: full-text search, facets (service, source, level, host), a time range, live tail by
// polling, and record details with their trace. Every log text is set with textContent.
import { api, type LogSearchParams } from '../api/client.js';
import type { FacetValue, LogFacet, StoredLog } from '../api/types.js';
import { rangePicker } from '../components/range-picker.js';
import { badge, clear, errorBox, h } from '../dom.js';
import { formatTimestamp } from '../format.js';
import { hashFor } from '../hash.js';
import type { RouteContext } from '../router.js';
import { resolveRange } from '../time/range.js';
import { FACETS, logStateParams, mergeNewest, readLogState, type LogExplorerState } from './state.js';
import { recordDetails } from './record-details.js';

export const TAIL_INTERVAL_MS = 2_000;
/** Rows kept on the page (live tail drops the oldest beyond it). */
export const MAX_ROWS = 1_000;

export function renderLogsPage({ query, root }: RouteContext): () => void {
  const state = readLogState(query);
  let records: StoredLog[] = [];
  let nextCursor: string | undefined;
  let tailTimer: number | undefined;
  let controller = new AbortController();

  const navigate = (next: LogExplorerState) => {
    window.location.hash = hashFor('/logs', logStateParams(next));
  };

  const search = h('input', {
    attrs: {
      type: 'search',
      placeholder: 'Search messages: words, "a phrase", -exclude, prefix*',
      size: '48',
      'data-testid': 'log-search',
      'aria-label': 'Search logs',
    },
  });
  search.value = state.query;
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') navigate({ ...state, query: search.value });
  });
  const live = h('input', { attrs: { type: 'checkbox', 'data-testid': 'live-tail' } });
  live.checked = state.live;
  live.addEventListener('change', () => navigate({ ...state, live: live.checked }));

  const facetBox = h('aside', { class: 'facets', attrs: { 'data-testid': 'log-facets' } });
  const tbody = h('tbody');
  const more = h('button', { text: 'Older records', on: { click: () => void loadPage(true) } });
  const status = h('p', { class: 'muted', attrs: { 'data-testid': 'log-status' } });

  root.append(
    h('div', { class: 'toolbar' }, [
      h('h1', { text: 'Logs' }),
      search,
      h('button', {
        class: 'primary',
        text: 'Search',
        on: { click: () => navigate({ ...state, query: search.value }) },
      }),
      rangePicker(state.selection, (selection) => navigate({ ...state, selection })),
      h('label', {}, [live, 'Live tail']),
      state.traceId
        ? h('span', {}, [
            'trace ',
            h('code', { text: state.traceId }),
            ' ',
            h('a', {
              text: '×',
              attrs: { href: hashFor('/logs', logStateParams({ ...state, traceId: undefined })) },
            }),
          ])
        : null,
    ]),
    h('div', { class: 'split' }, [
      facetBox,
      h('div', { class: 'panel' }, [
        status,
        h('table', { class: 'data logs' }, [
          h('thead', {}, [
            h(
              'tr',
              {},
              ['Time', 'Level', 'Service', 'Source', 'Message'].map((t) => h('th', { text: t })),
            ),
          ]),
          tbody,
        ]),
        more,
      ]),
    ]),
  );

  const params = (): LogSearchParams => {
    const range = resolveRange(state.selection, Date.now());
    return {
      query: state.query || undefined,
      ...state.facets,
      trace_id: state.traceId,
      from: range.from,
      to: range.to,
    };
  };

  const renderRows = () => {
    clear(tbody);
    for (const record of records) {
      const line = h('tr', { class: 'clickable log-line', attrs: { 'data-log-id': String(record.id) } }, [
        h('td', { class: 'mono', text: formatTimestamp(record.timestamp) }),
        h('td', {}, [badge(record.level)]),
        h('td', { text: record.service }),
        h('td', { text: record.source }),
        h('td', { class: 'message', text: record.message }),
      ]);
      line.addEventListener('click', () => {
        const next = line.nextElementSibling;
        if (next instanceof HTMLElement && next.classList.contains('detail-row')) {
          next.remove();
          return;
        }
        line.after(
          h('tr', { class: 'detail-row' }, [h('td', { attrs: { colspan: '5' } }, [recordDetails(record)])]),
        );
      });
      tbody.appendChild(line);
    }
    more.classList.toggle('hidden', nextCursor === undefined || state.live);
    status.textContent = `${records.length} record${records.length === 1 ? '' : 's'}${state.live ? ' · live' : ''}`;
  };

  const renderFacets = (facets: Record<LogFacet, FacetValue[]>) => {
    clear(facetBox);
    for (const facet of FACETS) {
      facetBox.appendChild(h('h4', { text: facet }));
      const chosen = new Set(state.facets[facet]);
      const values = [...facets[facet]];
      for (const value of chosen)
        if (!values.some((v) => v.value === value)) values.push({ value, count: 0 });
      for (const { value, count } of values) {
        const box = h('input', { attrs: { type: 'checkbox', 'data-facet': facet, 'data-value': value } });
        box.checked = chosen.has(value);
        box.addEventListener('change', () => {
          const next = box.checked ? [...chosen, value] : [...chosen].filter((v) => v !== value);
          navigate({ ...state, facets: { ...state.facets, [facet]: next } });
        });
        facetBox.appendChild(
          h('label', {}, [
            box,
            h('span', { text: value || '(none)' }),
            h('span', { class: 'count', text: count }),
          ]),
        );
      }
    }
  };

  async function loadPage(older: boolean): Promise<void> {
    try {
      const page = await api.logs(
        { ...params(), limit: 100, cursor: older ? nextCursor : undefined },
        controller.signal,
      );
      records = older ? [...records, ...page.logs].slice(0, MAX_ROWS) : page.logs;
      nextCursor = page.nextCursor;
      renderRows();
    } catch (error) {
      if ((error as Error).name !== 'AbortError') status.replaceChildren(errorBox((error as Error).message));
    }
  }

  async function tail(): Promise<void> {
    // Only what arrived since the newest record shown; the same record may come twice (same millisecond).
    const newest = records[0]?.timestamp;
    const range = params();
    const from = newest === undefined ? range.from : Math.max(range.from, newest);
    try {
      const page = await api.logs({ ...range, from, to: Date.now() + 1000, limit: 500 }, controller.signal);
      records = mergeNewest(records, page.logs, MAX_ROWS);
      renderRows();
    } catch (error) {
      if ((error as Error).name !== 'AbortError') status.replaceChildren(errorBox((error as Error).message));
    }
  }

  void loadPage(false).then(() => {
    if (state.live) tailTimer = window.setInterval(() => void tail(), TAIL_INTERVAL_MS);
  });
  void api
    .logFacets(params())
    .then(({ facets }) => renderFacets(facets))
    .catch((error: Error) => facetBox.replaceChildren(errorBox(error.message)));

  return () => {
    window.clearInterval(tailTimer);
    controller.abort();
    controller = new AbortController();
  };
}
