// A time-series chart on uPlot (loaded by the page as a global from /ui/vendor). Series are lined up on the
// union of their timestamps (gaps stay gaps); a click on the plot reports the time and the series nearest
// the pointer, for pivots.
import type uPlot from 'uplot';
import { h } from '../dom.js';
import { formatAxisValue, formatTimestamp, formatValue } from '../format.js';
import { alignSeries, type ChartSeries } from './align.js';

export type { ChartSeries } from './align.js';

export const PALETTE = [
  '#3b5bdb',
  '#e8590c',
  '#2f9e44',
  '#ae3ec9',
  '#1098ad',
  '#f08c00',
  '#c2255c',
  '#5c940d',
  '#364fc7',
  '#868e96',
];

export interface ChartOptions {
  unit?: string;
  height?: number;
  /** Horizontal lines (warning / critical levels). */
  thresholds?: { value: number; color: string }[];
  onPointClick?: (timeSeconds: number, seriesIndex: number, anchor: { x: number; y: number }) => void;
}

function uPlotConstructor(): typeof uPlot {
  const global = (window as unknown as { uPlot?: typeof uPlot }).uPlot;
  if (global === undefined) throw new Error('uPlot did not load (/ui/vendor/uPlot.iife.min.js)');
  return global;
}

export class Chart {
  private plot: uPlot | undefined;
  private readonly observer: ResizeObserver;
  private data: uPlot.AlignedData = [[]];
  /** The x range shown (seconds): the query's range, so a series with few points is not stretched. */
  private range: [number, number] | undefined;
  /** Few points: draw them as dots, since a line needs two neighbours to be visible. */
  private sparse = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: ChartOptions = {},
  ) {
    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(container);
  }

  update(series: readonly ChartSeries[], range?: { from: number; to: number }): void {
    this.data = alignSeries(series) as uPlot.AlignedData;
    this.range = range === undefined ? undefined : [range.from / 1000, range.to / 1000];
    this.sparse = this.data[0].length < 40;
    const labels = series.map((s) => s.label);
    // Same series → new data only (keeps zoom and legend); otherwise a new plot.
    const current = this.plot?.series.slice(1).map((s) => String(s.label ?? ''));
    if (this.plot && current && current.join('\u0000') === labels.join('\u0000')) {
      this.plot.setData(this.data);
      return;
    }
    this.plot?.destroy();
    const UPlot = uPlotConstructor();
    const unit = this.options.unit;
    const width = Math.max(200, this.container.clientWidth || 400);
    const plot = new UPlot(
      {
        width,
        height: this.options.height ?? 180,
        cursor: { drag: { x: true, y: false } },
        legend: { show: true, live: true },
        scales: {
          x: {
            time: true,
            range: (_u: uPlot, min: number, max: number): [number, number] => this.range ?? [min, max],
          },
        },
        axes: [
          { stroke: '#667085', grid: { stroke: '#eef0f3' } },
          {
            stroke: '#667085',
            grid: { stroke: '#eef0f3' },
            size: 70,
            values: (_u: uPlot, splits: number[]) => splits.map((v) => formatAxisValue(v, unit)),
          },
        ],
        series: [
          { value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatTimestamp(v * 1000, false)) },
          ...labels.map((label, i): uPlot.Series => ({
            label,
            stroke: PALETTE[i % PALETTE.length],
            width: 1.5,
            spanGaps: false,
            points: { show: () => this.sparse, size: 5 },
            value: (_u: uPlot, v: number | null) => formatValue(v, unit),
          })),
        ],
        hooks: { draw: [(u: uPlot) => this.drawThresholds(u)] },
      },
      this.data,
      this.container,
    );
    this.plot = plot;
    if (this.options.onPointClick) {
      plot.over.addEventListener('click', (event) => this.click(plot, event));
    }
  }

  destroy(): void {
    this.observer.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  private resize(): void {
    if (!this.plot) return;
    const width = Math.max(200, this.container.clientWidth || 400);
    if (Math.abs(width - this.plot.width) > 2) this.plot.setSize({ width, height: this.plot.height });
  }

  private drawThresholds(u: uPlot): void {
    for (const threshold of this.options.thresholds ?? []) {
      const y = u.valToPos(threshold.value, 'y', true);
      if (!Number.isFinite(y) || y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = threshold.color;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(u.bbox.left, y);
      ctx.lineTo(u.bbox.left + u.bbox.width, y);
      ctx.stroke();
      ctx.restore();
    }
  }

  private click(plot: uPlot, event: MouseEvent): void {
    const index = plot.cursor.idx;
    if (index === null || index === undefined) return;
    const time = this.data[0][index];
    if (time === undefined) return;
    // The series whose value at that time is closest to the pointer.
    const pointer = plot.posToVal(plot.cursor.top ?? 0, 'y');
    let best = 0;
    let bestDistance = Infinity;
    for (let s = 1; s < this.data.length; s += 1) {
      const value = this.data[s]?.[index];
      if (value === null || value === undefined) continue;
      const distance = Math.abs(value - pointer);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = s - 1;
      }
    }
    this.options.onPointClick?.(time, best, { x: event.clientX, y: event.clientY });
  }
}

/** A placeholder while a chart has nothing to draw. */
export function emptyChart(message: string): HTMLElement {
  return h('div', { class: 'empty', text: message });
}
