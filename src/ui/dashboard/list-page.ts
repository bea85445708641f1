// All dashboards: the shipped templates (read-only) and saved copies.
import { api } from '../api/client.js';
import { badge, errorBox, h, link } from '../dom.js';
import { formatTimestamp } from '../format.js';
import { hashFor } from '../hash.js';
import type { RouteContext } from '../router.js';

export function renderDashboardList({ root }: RouteContext): void {
  root.appendChild(h('div', { class: 'toolbar' }, [h('h1', { text: 'Dashboards' })]));
  const body = h('div', { class: 'panel' }, [h('p', { class: 'muted', text: 'Loading…' })]);
  root.appendChild(body);
  void api
    .dashboards()
    .then(({ dashboards, problems }) => {
      body.replaceChildren(
        h('table', { class: 'data' }, [
          h('thead', {}, [
            h('tr', {}, [
              h('th', { text: 'Dashboard' }),
              h('th', { text: 'Kind' }),
              h('th', { text: 'Saved' }),
            ]),
          ]),
          h(
            'tbody',
            {},
            dashboards.map((d) =>
              h('tr', {}, [
                h('td', {}, [
                  link(d.title, hashFor(`/dashboards/${d.id}`)),
                  d.description ? h('div', { class: 'muted', text: d.description }) : null,
                ]),
                h('td', {}, [
                  badge(d.kind === 'template' ? 'template' : 'saved', d.kind === 'template' ? 'info' : 'OK'),
                ]),
                h('td', { text: d.updatedAt ? formatTimestamp(d.updatedAt, false) : '—' }),
              ]),
            ),
          ),
        ]),
        ...problems.map((p) => errorBox(p)),
      );
    })
    .catch((error: Error) => body.replaceChildren(errorBox(error.message)));
}
