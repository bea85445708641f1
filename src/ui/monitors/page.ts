// Monitors: the list with their states, one monitor with its groups, history and metric, and a JSON
// editor to create or change API-defined monitors (monitors.yaml ones are read-only here).
import { api } from '../api/client.js';
import type { MonitorDetail, MonitorView } from '../api/types.js';
import { Chart } from '../components/chart.js';
import { badge, errorBox, h, link } from '../dom.js';
import { formatAgo, formatTimestamp, formatValue } from '../format.js';
import { hashFor } from '../hash.js';
import type { RouteContext } from '../router.js';
import { MONITOR_TEMPLATES } from './templates.js';

const REFRESH_MS = 5_000;

function jsonEditor(
  initial: unknown,
  onSubmit: (value: unknown) => Promise<void>,
  submitLabel: string,
): HTMLElement {
  const area = h('textarea', {
    attrs: { spellcheck: 'false', 'data-testid': 'monitor-json', 'aria-label': 'Monitor definition (JSON)' },
  });
  area.style.minHeight = '320px';
  area.value = JSON.stringify(initial, null, 2);
  const messages = h('div');
  const submit = async () => {
    messages.replaceChildren();
    let value: unknown;
    try {
      value = JSON.parse(area.value);
    } catch (error) {
      messages.appendChild(errorBox(`Not valid JSON: ${(error as Error).message}`));
      return;
    }
    await onSubmit(value).catch((error: Error) => messages.appendChild(errorBox(error.message)));
  };
  return h('div', { class: 'panel' }, [
    messages,
    area,
    h('button', { class: 'primary', text: submitLabel, on: { click: () => void submit() } }),
  ]);
}

function monitorRow(monitor: MonitorView, now: number): HTMLElement {
  const alerting = monitor.groups.filter((g) => g.state === 'ALERT' || g.state === 'WARN').length;
  return h('tr', { attrs: { 'data-monitor-id': monitor.id, 'data-state': monitor.state } }, [
    h('td', {}, [badge(monitor.state, monitor.state.replace(' ', ''))]),
    h('td', {}, [link(monitor.name, hashFor(`/monitors/${monitor.id}`))]),
    h('td', { text: monitor.type }),
    h('td', { text: `${alerting} of ${monitor.groups.length}` }),
    h('td', { text: monitor.lastEvaluated ? formatAgo(monitor.lastEvaluated, now) : 'not yet' }),
    h('td', { text: monitor.source === 'file' ? 'monitors.yaml' : 'API' }),
    h('td', {}, [monitor.lastError ? h('span', { class: 'error', text: monitor.lastError }) : null]),
  ]);
}

export function renderMonitorsPage({ root }: RouteContext): () => void {
  const tbody = h('tbody');
  const problems = h('div');
  const creator = h('div');
  const showCreator = (kind: 'threshold' | 'outlier') =>
    creator.replaceChildren(
      jsonEditor(
        MONITOR_TEMPLATES[kind],
        async (value) => {
          const { monitor } = await api.createMonitor(value);
          window.location.hash = hashFor(`/monitors/${monitor.id}`);
        },
        'Create monitor',
      ),
    );
  root.append(
    h('div', { class: 'toolbar' }, [
      h('h1', { text: 'Monitors' }),
      h('button', { text: 'New threshold monitor', on: { click: () => showCreator('threshold') } }),
      h('button', { text: 'New outlier monitor', on: { click: () => showCreator('outlier') } }),
    ]),
    creator,
    problems,
    h('div', { class: 'panel' }, [
      h('table', { class: 'data', attrs: { 'data-testid': 'monitor-list' } }, [
        h('thead', {}, [
          h(
            'tr',
            {},
            ['State', 'Monitor', 'Type', 'Triggered groups', 'Evaluated', 'Defined in', ''].map((t) =>
              h('th', { text: t }),
            ),
          ),
        ]),
        tbody,
      ]),
    ]),
  );
  const load = () =>
    api
      .monitors()
      .then(({ monitors, problems: list }) => {
        const now = Date.now();
        tbody.replaceChildren(...monitors.map((m) => monitorRow(m, now)));
        if (monitors.length === 0)
          tbody.appendChild(
            h('tr', {}, [h('td', { attrs: { colspan: '7' }, class: 'muted', text: 'No monitors yet.' })]),
          );
        problems.replaceChildren(...list.map((p) => errorBox(p)));
      })
      .catch((error: Error) => problems.replaceChildren(errorBox(error.message)));
  void load();
  const timer = window.setInterval(() => void load(), REFRESH_MS);
  return () => window.clearInterval(timer);
}

function groupsTable(monitor: MonitorDetail, now: number): HTMLElement {
  return h('table', { class: 'data', attrs: { 'data-testid': 'monitor-groups' } }, [
    h('thead', {}, [
      h(
        'tr',
        {},
        ['State', 'Group', 'Value', 'Why', 'Since'].map((t) => h('th', { text: t })),
      ),
    ]),
    h(
      'tbody',
      {},
      monitor.groups.map((g) =>
        h('tr', { attrs: { 'data-group': g.group, 'data-state': g.state } }, [
          h('td', {}, [badge(g.state, g.state.replace(' ', ''))]),
          h('td', { class: 'mono', text: g.group }),
          h('td', { class: 'num', text: g.value === undefined ? '—' : formatValue(g.value) }),
          h('td', { text: g.detail }),
          h('td', { text: formatAgo(g.since, now) }),
        ]),
      ),
    ),
  ]);
}

function historyTable(monitor: MonitorDetail): HTMLElement {
  return h('table', { class: 'data', attrs: { 'data-testid': 'monitor-history' } }, [
    h('thead', {}, [
      h(
        'tr',
        {},
        ['Time', 'Group', 'Change', 'Why', 'Notified'].map((t) => h('th', { text: t })),
      ),
    ]),
    h(
      'tbody',
      {},
      monitor.history.map((t) =>
        h('tr', {}, [
          h('td', { class: 'mono', text: formatTimestamp(t.time, false) }),
          h('td', { class: 'mono', text: t.group }),
          h('td', {}, [badge(t.from, t.from.replace(' ', '')), ' → ', badge(t.to, t.to.replace(' ', ''))]),
          h('td', { text: t.detail }),
          h('td', { text: t.notified ? 'yes' : 'no' }),
        ]),
      ),
    ),
  ]);
}

function historyBox(monitor: MonitorDetail): HTMLElement {
  return h('div', { attrs: { 'data-testid': 'monitor-history-box' } }, [
    monitor.history.length === 0
      ? h('p', { class: 'muted', text: 'No state changes yet.' })
      : historyTable(monitor),
  ]);
}

export function renderMonitorPage({ params, root }: RouteContext): () => void {
  const id = params.id as string;
  const header = h('div', { class: 'toolbar' });
  const body = h('div');
  const chartBox = h('div', { class: 'widget' });
  let chart: Chart | undefined;
  root.append(header, chartBox, body);

  const drawChart = async (monitor: MonitorDetail) => {
    const query = monitor.definition.query as {
      metric: string;
      filters: string[];
      group_by: string[];
      rollup: string;
      aggregation: string;
    };
    const now = Date.now();
    const result = await api.metrics({
      metric: query.metric,
      from: now - 900_000,
      to: now,
      filter: query.filters,
      group_by: query.group_by,
      rollup: query.rollup,
      aggregation: query.aggregation,
      max_groups: 20,
    });
    chart ??= new Chart(chartBox, {});
    chart.update(
      result.series
        .filter((s) => s.points.length > 0)
        .map((s) => ({ label: s.groupTags.join(', ') || query.metric, points: s.points })),
      { from: now - 900_000, to: now },
    );
  };

  const show = (monitor: MonitorDetail) => {
    const now = Date.now();
    header.replaceChildren(
      h('h1', { text: monitor.name }),
      badge(monitor.state, monitor.state.replace(' ', '')),
      h('button', {
        text: 'Evaluate now',
        on: { click: () => void api.evaluateMonitor(id).then(({ monitor: m }) => show(m)) },
      }),
      monitor.source === 'api'
        ? h('button', {
            text: 'Delete',
            on: {
              click: () => {
                if (window.confirm('Delete this monitor?'))
                  void api.deleteMonitor(id).then(() => (window.location.hash = hashFor('/monitors')));
              },
            },
          })
        : h('span', { class: 'muted', text: 'defined in monitors.yaml' }),
      link('All monitors', hashFor('/monitors')),
    );
    body.replaceChildren(
      monitor.lastError ? errorBox(monitor.lastError) : '',
      h('h2', { text: 'Groups' }),
      groupsTable(monitor, now),
      h('h2', { text: 'History' }),
      historyBox(monitor),
      h('h2', { text: 'Definition' }),
      monitor.source === 'api'
        ? jsonEditor(
            monitor.definition,
            async (value) => show((await api.updateMonitor(id, value)).monitor),
            'Save changes',
          )
        : h('pre', { class: 'details', text: JSON.stringify(monitor.definition, null, 2) }),
    );
    void drawChart(monitor).catch(() => undefined);
  };

  const load = () =>
    api
      .monitor(id)
      .then(({ monitor }) => {
        // Do not replace an editor the user may be typing in: only the first load renders the definition.
        if (body.childElementCount === 0) show(monitor);
        else {
          header.querySelector('.badge')?.replaceWith(badge(monitor.state, monitor.state.replace(' ', '')));
          body.querySelector('[data-testid="monitor-groups"]')?.replaceWith(groupsTable(monitor, Date.now()));
          body.querySelector('[data-testid="monitor-history-box"]')?.replaceWith(historyBox(monitor));
        }
      })
      .catch((error: Error) => body.replaceChildren(errorBox(error.message)));
  void load();
  const timer = window.setInterval(() => void load(), REFRESH_MS);
  return () => {
    window.clearInterval(timer);
    chart?.destroy();
  };
}
