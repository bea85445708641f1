// The details of one log record: every field, its attributes and tags, and links to its trace.
import type { StoredLog } from '../api/types.js';
import { h, link } from '../dom.js';
import { formatTimestamp } from '../format.js';
import { traceLink } from '../pivot.js';
import { hashFor } from '../hash.js';
import { selectionParams } from '../time/range.js';

function row(label: string, value: string | number | boolean | null | undefined): HTMLElement[] {
  return [h('dt', { text: label }), h('dd', { text: value === undefined ? '—' : String(value) })];
}

export function recordDetails(record: StoredLog): HTMLElement {
  const traceLinks = record.traceId
    ? h('p', {}, [
        link('Open trace', traceLink(record.traceId, record.spanId), {
          attrs: { 'data-testid': 'log-trace-link' },
        }),
        ' · ',
        link(
          'All logs of this trace',
          hashFor('/logs', {
            trace_id: record.traceId,
            ...selectionParams({
              kind: 'absolute',
              from: record.timestamp - 3_600_000,
              to: record.timestamp + 3_600_000,
            }),
          }),
        ),
      ])
    : null;
  return h('div', { class: 'details', attrs: { 'data-testid': 'log-details' } }, [
    traceLinks,
    h('dl', {}, [
      ...row('time', formatTimestamp(record.timestamp)),
      ...row('level', record.level),
      ...row('service', record.service),
      ...row('source', record.source),
      ...row('host', record.host),
      ...row('logger', record.logger),
      ...row('file', record.file),
      ...row('trace id', record.traceId),
      ...row('span id', record.spanId),
      ...row('tags', record.tags.join(' ')),
      ...Object.entries(record.attributes).flatMap(([key, value]) => row(`@${key}`, value)),
      ...row('message', record.message),
    ]),
  ]);
}
