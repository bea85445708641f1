// Lining several series up for uPlot, which wants one shared x array: no DOM here, so tests run it in Node.

export interface ChartSeries {
  label: string;
  points: readonly (readonly [number, number])[];
}

/** x values (seconds) and one y array per series, null where a series has no point. */
export function alignSeries(series: readonly ChartSeries[]): [number[], ...(number | null)[][]] {
  const times = [...new Set(series.flatMap((s) => s.points.map(([t]) => t)))].sort((a, b) => a - b);
  const columns = series.map((s) => {
    const byTime = new Map(s.points.map(([t, v]) => [t, v] as const));
    return times.map((t) => byTime.get(t) ?? null);
  });
  return [times, ...columns];
}
