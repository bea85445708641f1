// The UI's entry: the header, the routes, and the first render.
import { api } from './api/client.js';
import type { UiConfig } from './api/types.js';
import { renderDashboardEditor } from './dashboard/editor-page.js';
import { renderDashboardList } from './dashboard/list-page.js';
import { renderDashboardPage } from './dashboard/page.js';
import { h } from './dom.js';
import { renderLogsPage } from './logs/page.js';
import { renderMonitorPage, renderMonitorsPage } from './monitors/page.js';
import { Router, type Route } from './router.js';
import { renderTracePage } from './traces/trace-page.js';
import { renderTraceSearch } from './traces/search-page.js';

const DEFAULT_DASHBOARD = 'kafka-overview';

const NAV = [
  { label: 'Kafka', path: `/dashboards/${DEFAULT_DASHBOARD}`, section: '/dashboards' },
  { label: 'Logs', path: '/logs', section: '/logs' },
  { label: 'Traces', path: '/traces', section: '/traces' },
  { label: 'Monitors', path: '/monitors', section: '/monitors' },
];

function header(config: UiConfig | undefined): { element: HTMLElement; markActive: (path: string) => void } {
  const links = NAV.map((item) => ({
    item,
    element: h('a', { text: item.label, attrs: { href: `#${item.path}` } }),
  }));
  const signOut = h('form', { attrs: { method: 'post', action: '/ui/logout' } }, [
    h('button', { text: 'Sign out', attrs: { type: 'submit' } }),
  ]);
  const element = h('header', { class: 'top' }, [
    h('span', { class: 'brand', text: 'kinstrument' }),
    h(
      'nav',
      {},
      links.map((l) => l.element),
    ),
    h('span', { class: 'spacer' }),
    config ? h('span', { class: 'muted', text: `${config.hostname} · agent ${config.version}` }) : null,
    config?.authRequired ? signOut : null,
  ]);
  const markActive = (path: string) => {
    for (const { item, element: a } of links) a.classList.toggle('active', path.startsWith(item.section));
  };
  return { element, markActive };
}

const routes: Route[] = [
  { pattern: '/', render: () => void (window.location.hash = `#/dashboards/${DEFAULT_DASHBOARD}`) },
  { pattern: '/dashboards', render: renderDashboardList },
  { pattern: '/dashboards/:id', render: renderDashboardPage },
  { pattern: '/dashboards/:id/edit', render: renderDashboardEditor },
  { pattern: '/logs', render: renderLogsPage },
  { pattern: '/traces', render: renderTraceSearch },
  { pattern: '/traces/:id', render: renderTracePage },
  { pattern: '/monitors', render: renderMonitorsPage },
  { pattern: '/monitors/:id', render: renderMonitorPage },
];

async function boot(): Promise<void> {
  const app = document.getElementById('app') as HTMLElement;
  const config = await api.config().catch(() => undefined);
  const top = header(config);
  const page = h('main', { class: 'page' });
  const notice =
    config && !config.storeEnabled
      ? h('p', {
          class: 'error',
          text: 'The agent runs without its store: there are no metrics, logs or traces to show.',
        })
      : null;
  app.replaceChildren(top.element, ...(notice ? [notice] : []), page);
  new Router(routes, page, top.markActive).start();
}

void boot();
