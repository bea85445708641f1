// Widget views: a time-series chart, a single value, or a table (e.g. consumer lag by group and topic).
// Each fetches its own queries for the dashboard's range and variables.
import { api } from '../api/client.js';
import type { Dashboard, MetricSeries, Widget } from '../api/types.js';
import { Chart, emptyChart } from '../components/chart.js';
import { showPivotMenu } from '../components/pivot-menu.js';
import { badge, clear, errorBox, h } from '../dom.js';
import { formatValue } from '../format.js';
import { pointPivots } from '../pivot.js';
import {
  joinTable,
  lagStatusName,
  latest,
  pivotTargetFor,
  queryFilters,
  seriesLabel,
  thresholdClass,
  type VariableValues,
} from './model.js';

export interface WidgetContext {
  dashboard: Dashboard;
  values: VariableValues;
  range: { from: number; to: number };
  signal: AbortSignal;
}

interface QueryResult {
  series: MetricSeries[];
  step: number;
}

async function runQueries(widget: Widget, context: WidgetContext, maxGroups: number): Promise<QueryResult[]> {
  return Promise.all(
    widget.queries.map(async (query) => {
      const result = await api.metrics(
        {
          metric: query.metric,
          from: context.range.from,
          to: context.range.to,
          filter: queryFilters(context.dashboard, widget, query, context.values),
          group_by: query.groupBy,
          rollup: query.rollup,
          aggregation: query.aggregation,
          max_groups: maxGroups,
        },
        context.signal,
      );
      return { series: result.series, step: result.step };
    }),
  );
}

function header(widget: Widget): HTMLElement {
  return h('h3', { title: widget.description }, [
    widget.title,
    widget.unit ? h('span', { class: 'unit', text: widget.unit }) : null,
  ]);
}

export abstract class WidgetView {
  readonly element: HTMLElement;
  protected readonly body: HTMLElement;

  constructor(readonly widget: Widget) {
    this.body = h('div', { class: 'body' });
    this.element = h('section', { class: `widget ${widget.type}`, attrs: { 'data-widget': widget.title } }, [
      header(widget),
      this.body,
    ]);
  }

  async refresh(context: WidgetContext): Promise<void> {
    try {
      await this.render(context);
      this.element.dataset.state = 'loaded';
    } catch (error) {
      if ((error as Error).name === 'AbortError') return;
      clear(this.body);
      this.body.appendChild(errorBox((error as Error).message));
      this.element.dataset.state = 'error';
    }
  }

  destroy(): void {}

  protected abstract render(context: WidgetContext): Promise<void>;
}

class TimeseriesView extends WidgetView {
  private chart: Chart | undefined;
  private chartBox = h('div', { class: 'chart' });
  private lastSeries: { label: string; series: MetricSeries }[] = [];
  private step = 60;
  private context: WidgetContext | undefined;

  protected async render(context: WidgetContext): Promise<void> {
    this.context = context;
    const results = await runQueries(this.widget, context, 20);
    this.step = results[0]?.step ?? 60;
    this.lastSeries = results.flatMap((result, i) =>
      result.series
        .filter((s) => s.points.length > 0)
        .map((series) => ({ label: seriesLabel(this.widget.queries[i]!, series, results.length), series })),
    );
    if (this.lastSeries.length === 0) {
      this.chart?.destroy();
      this.chart = undefined;
      clear(this.body);
      this.body.appendChild(emptyChart('No data in this range'));
      this.element.dataset.points = '0';
      return;
    }
    if (this.chart === undefined) {
      clear(this.body);
      this.body.appendChild(this.chartBox);
      const thresholds = [
        this.widget.thresholds?.warning !== undefined
          ? { value: this.widget.thresholds.warning, color: '#f08c00' }
          : null,
        this.widget.thresholds?.critical !== undefined
          ? { value: this.widget.thresholds.critical, color: '#e03131' }
          : null,
      ].filter((t): t is { value: number; color: string } => t !== null);
      this.chart = new Chart(this.chartBox, {
        unit: this.widget.unit,
        thresholds,
        onPointClick: (time, index, anchor) => this.pivot(time, index, anchor),
      });
    }
    this.chart.update(
      this.lastSeries.map((s) => ({ label: s.label, points: s.series.points })),
      context.range,
    );
    this.element.dataset.points = String(this.lastSeries.reduce((n, s) => n + s.series.points.length, 0));
  }

  private pivot(time: number, index: number, anchor: { x: number; y: number }): void {
    const chosen = this.lastSeries[index];
    const target = pivotTargetFor(this.widget, chosen?.series, this.context?.values ?? {});
    const links = pointPivots(time, this.step, target);
    const who = target.service ?? target.source ?? 'all services';
    showPivotMenu(anchor, chosen?.label ?? this.widget.title, time, [
      { label: `Logs of ${who} around this time`, href: links.logs },
      { label: `Traces of ${target.service ?? 'all services'} around this time`, href: links.traces },
    ]);
  }

  override destroy(): void {
    this.chart?.destroy();
  }
}

class ValueView extends WidgetView {
  protected async render(context: WidgetContext): Promise<void> {
    const results = await runQueries(this.widget, context, 20);
    clear(this.body);
    results.forEach((result, i) => {
      const query = this.widget.queries[i]!;
      const series = result.series.filter((s) => s.points.length > 0);
      if (series.length === 0) {
        this.body.appendChild(h('div', { class: 'big', text: '—', title: 'no data in this range' }));
        return;
      }
      for (const one of series) {
        const value = latest(one);
        const text =
          this.widget.unit === 'lag_status' ? lagStatusName(value) : formatValue(value, this.widget.unit);
        const label =
          results.length > 1 || series.length > 1 ? seriesLabel(query, one, results.length) : undefined;
        this.body.appendChild(
          h('div', {}, [
            label ? h('div', { class: 'muted', text: label }) : null,
            h('div', { class: `big ${thresholdClass(value, this.widget.thresholds)}`, text }),
          ]),
        );
      }
    });
  }
}

class TableView extends WidgetView {
  protected async render(context: WidgetContext): Promise<void> {
    const results = await runQueries(this.widget, context, 100);
    const rows = joinTable(results.map((r) => r.series));
    clear(this.body);
    if (rows.length === 0) {
      this.body.appendChild(emptyChart('No data in this range'));
      return;
    }
    const keys = this.widget.queries[0]?.groupBy ?? [];
    const table = h('table', { class: 'data' }, [
      h('thead', {}, [
        h('tr', {}, [
          ...keys.map((key) => h('th', { text: key })),
          ...this.widget.queries.map((q) => h('th', { class: 'num', text: q.label ?? q.metric })),
        ]),
      ]),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h('tr', {}, [
            ...keys.map((key) => h('td', { text: row.group[key] ?? '—' })),
            ...row.cells.map((value, i) => {
              const query = this.widget.queries[i]!;
              const unit = query.unit ?? this.widget.unit;
              if (unit === 'lag_status') return h('td', { class: 'num' }, [badge(lagStatusName(value))]);
              return h('td', { class: 'num', text: formatValue(value, unit) });
            }),
          ]),
        ),
      ),
    ]);
    this.body.appendChild(table);
  }
}

export function widgetView(widget: Widget): WidgetView {
  switch (widget.type) {
    case 'value':
      return new ValueView(widget);
    case 'table':
      return new TableView(widget);
    case 'timeseries':
      return new TimeseriesView(widget);
  }
}
