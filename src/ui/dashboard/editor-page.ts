// Editing a saved dashboard: its JSON, checked by the agent on save (every problem is listed by path).
import { api } from '../api/client.js';
import type { Dashboard } from '../api/types.js';
import { errorBox, h, link } from '../dom.js';
import { hashFor } from '../hash.js';
import type { RouteContext } from '../router.js';

export function renderDashboardEditor({ params, root }: RouteContext): void {
  const id = params.id as string;
  const messages = h('div');
  const editor = h('textarea', {
    attrs: { spellcheck: 'false', 'data-testid': 'dashboard-json', 'aria-label': 'Dashboard JSON' },
  });
  const title = h('input', { attrs: { 'aria-label': 'Title', size: '40' } });

  const save = async () => {
    messages.replaceChildren();
    let document: Dashboard;
    try {
      document = JSON.parse(editor.value) as Dashboard;
    } catch (error) {
      messages.appendChild(errorBox(`Not valid JSON: ${(error as Error).message}`));
      return;
    }
    document.title = title.value || document.title;
    try {
      await api.saveDashboard(id, document);
      window.location.hash = hashFor(`/dashboards/${id}`);
    } catch (error) {
      messages.appendChild(errorBox((error as Error).message));
    }
  };

  const remove = async () => {
    if (!window.confirm('Delete this dashboard?')) return;
    await api.deleteDashboard(id).catch((error: Error) => messages.appendChild(errorBox(error.message)));
    window.location.hash = hashFor('/dashboards');
  };

  root.append(
    h('div', { class: 'toolbar' }, [
      h('h1', { text: 'Edit dashboard' }),
      h('label', {}, ['Title', title]),
      h('button', { class: 'primary', text: 'Save', on: { click: () => void save() } }),
      link('Cancel', hashFor(`/dashboards/${id}`)),
      h('button', { text: 'Delete', on: { click: () => void remove() } }),
    ]),
    h('p', {
      class: 'muted',
      text: 'Rows hold widgets (timeseries, value, table); each widget has metric queries (metric, filters, groupBy, rollup, aggregation) and names the variables that filter it.',
    }),
    messages,
    editor,
  );

  void api
    .dashboard(id)
    .then(({ dashboard, kind }) => {
      if (kind === 'template') messages.appendChild(errorBox('Templates are read-only: clone it first.'));
      title.value = dashboard.title;
      editor.value = JSON.stringify(dashboard, null, 2);
    })
    .catch((error: Error) => messages.appendChild(errorBox(error.message)));
}
