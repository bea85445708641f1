// One dashboard: its toolbar (time range, tag-filter variables, clone/edit) and its rows of widgets,
// refreshed every REFRESH_MS while the range follows "now".
import { api } from '../api/client.js';
import type { Dashboard } from '../api/types.js';
import { rangePicker } from '../components/range-picker.js';
import { errorBox, h, link, select } from '../dom.js';
import { hashFor } from '../hash.js';
import type { RouteContext } from '../router.js';
import { replaceQuery } from '../router.js';
import {
  isRangeName,
  readSelection,
  resolveRange,
  selectionParams,
  type TimeSelection,
} from '../time/range.js';
import { readVariableValues, VARIABLE_PARAM_PREFIX, type VariableValues } from './model.js';
import { widgetView, type WidgetView } from './widgets.js';

export const REFRESH_MS = 15_000;

export function renderDashboardPage({ params, query, root }: RouteContext): () => void {
  const id = params.id as string;
  let timer: number | undefined;
  let controller: AbortController | undefined;
  let views: WidgetView[] = [];
  let stopped = false;

  const status = h('span', { class: 'muted', attrs: { 'data-testid': 'dashboard-status' } });
  root.appendChild(h('p', { class: 'muted', text: 'Loading dashboard…' }));

  void (async () => {
    let loaded: { dashboard: Dashboard; kind: 'template' | 'saved' };
    try {
      loaded = await api.dashboard(id);
    } catch (error) {
      root.replaceChildren(errorBox(`Cannot load dashboard ${id}: ${(error as Error).message}`));
      return;
    }
    if (stopped) return;
    const { dashboard, kind } = loaded;
    const fallback = isRangeName(dashboard.defaultRange) ? dashboard.defaultRange : '1h';
    let selection: TimeSelection = readSelection(query, fallback);
    const values: VariableValues = readVariableValues(dashboard, query);

    const urlQuery = () => {
      const vars: Record<string, string | undefined> = {};
      for (const v of dashboard.variables) vars[`${VARIABLE_PARAM_PREFIX}${v.name}`] = values[v.name];
      return { ...selectionParams(selection), ...vars };
    };
    const syncUrl = () => replaceQuery(`/dashboards/${id}`, urlQuery());

    const refresh = () => {
      controller?.abort();
      controller = new AbortController();
      const range = resolveRange(selection, Date.now());
      const context = { dashboard, values, range, signal: controller.signal };
      status.textContent = 'updating…';
      void Promise.all(views.map((view) => view.refresh(context))).then(() => {
        if (!controller?.signal.aborted) status.textContent = `updated ${new Date().toLocaleTimeString()}`;
      });
    };

    const schedule = () => {
      window.clearInterval(timer);
      if (selection.kind === 'relative') timer = window.setInterval(refresh, REFRESH_MS);
    };

    const variableControls = dashboard.variables.map((variable) => {
      const control = select(
        [{ value: '', label: 'all' }],
        values[variable.name] ?? '',
        (value) => {
          values[variable.name] = value || undefined;
          syncUrl();
          refresh();
        },
        { 'data-variable': variable.name },
      );
      // Choices: the tag's values the store knows (the chosen one kept even if it has gone quiet).
      void api
        .tagValues(variable.tag)
        .then(({ values: known }) => {
          const current = values[variable.name];
          const all = current && !known.includes(current) ? [current, ...known] : known;
          for (const value of all) control.appendChild(h('option', { text: value, attrs: { value } }));
          control.value = current ?? '';
        })
        .catch(() => undefined);
      return h('label', {}, [variable.label ?? variable.name, control]);
    });

    const clone = h('button', {
      text: kind === 'template' ? 'Clone to edit' : 'Clone',
      on: {
        // The agent gives the copy its own id.
        click: () =>
          void api
            .createDashboard({ ...dashboard, title: `${dashboard.title} (copy)` })
            .then((created) => (window.location.hash = hashFor(`/dashboards/${created.dashboard.id}/edit`)))
            .catch((error: Error) => (status.textContent = `clone failed: ${error.message}`)),
      },
    });

    const toolbar = h('div', { class: 'toolbar' }, [
      h('h1', { text: dashboard.title }),
      // A new range re-renders the page from its URL (the picker then shows it).
      rangePicker(selection, (next) => {
        selection = next;
        window.location.hash = hashFor(`/dashboards/${id}`, urlQuery());
      }),
      ...variableControls,
      h('button', { text: 'Refresh', on: { click: refresh } }),
      clone,
      kind === 'saved' ? link('Edit', hashFor(`/dashboards/${id}/edit`)) : null,
      link('All dashboards', hashFor('/dashboards')),
      status,
    ]);

    views = [];
    const rows = dashboard.rows.map((row) => {
      const rowViews = row.widgets.map(widgetView);
      views.push(...rowViews);
      return h('section', { class: 'row' }, [
        h('h2', { text: row.title }),
        h(
          'div',
          { class: 'grid' },
          rowViews.map((v) => v.element),
        ),
      ]);
    });
    root.replaceChildren(
      toolbar,
      dashboard.description ? h('p', { class: 'muted', text: dashboard.description }) : '',
      ...rows,
    );
    schedule();
    refresh();
  })();

  return () => {
    stopped = true;
    window.clearInterval(timer);
    controller?.abort();
    for (const view of views) view.destroy();
  };
}
