// The time range control: relative ranges, or the fixed range a pivot opened (with a way back to "live").
import { h, select } from '../dom.js';
import { formatTimestamp } from '../format.js';
import { RANGE_NAMES, type TimeSelection } from '../time/range.js';

export function rangePicker(
  selection: TimeSelection,
  onChange: (selection: TimeSelection) => void,
): HTMLElement {
  const options: { value: string; label: string }[] = RANGE_NAMES.map((name) => ({
    value: name,
    label: `Last ${name}`,
  }));
  if (selection.kind === 'absolute') {
    const label = `${formatTimestamp(selection.from, false)} → ${formatTimestamp(selection.to, false)}`;
    options.unshift({ value: 'fixed', label });
  }
  return h('label', {}, [
    'Time',
    select(
      options,
      selection.kind === 'absolute' ? 'fixed' : selection.name,
      (value) => {
        const name = RANGE_NAMES.find((n) => n === value);
        if (name !== undefined) onChange({ kind: 'relative', name });
      },
      { 'data-testid': 'range-picker' },
    ),
  ]);
}
