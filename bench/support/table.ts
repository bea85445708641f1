// Renders rows as a Markdown table with aligned columns, so the same text reads well in a terminal and
// pastes into BENCHMARKS.md unchanged.

export interface Column {
  title: string;
  /** Numbers read better right-aligned. */
  align?: 'left' | 'right';
}

export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, index) =>
    Math.max(column.title.length, 3, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const cell = (text: string, index: number) => {
    const width = widths[index] ?? 0;
    return columns[index]?.align === 'right' ? text.padStart(width) : text.padEnd(width);
  };
  const line = (cells: readonly string[]) =>
    `| ${columns.map((_, i) => cell(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `| ${columns
    .map((column, i) => {
      const dashes = '-'.repeat(widths[i] ?? 3);
      return column.align === 'right' ? `${dashes.slice(1)}:` : dashes;
    })
    .join(' | ')} |`;
  return [line(columns.map((c) => c.title)), rule, ...rows.map(line)].join('\n');
}
