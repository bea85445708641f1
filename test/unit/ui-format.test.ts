// Formatting, time ranges, hash routes and pivot links of the UI (modules without DOM).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignSeries } from '../../src/ui/components/align';
import { formatAxisValue, formatDurationMs, formatValue } from '../../src/ui/format';
import { hashFor, matchRoute, parseHash } from '../../src/ui/hash';
import { mergeNewest, readLogState, logStateParams } from '../../src/ui/logs/state';
import { pointPivots, traceLogsLink } from '../../src/ui/pivot';
import { readSelection, resolveRange, selectionParams } from '../../src/ui/time/range';

test('values in units', () => {
  assert.equal(formatValue(1536, 'byte/s'), '1.5 KiB/s');
  assert.equal(formatValue(0.25, 'fraction'), '25 %');
  assert.equal(formatValue(12.345, 'ms'), '12.3 ms');
  assert.equal(formatValue(90, 's'), '1.5 min');
  assert.equal(formatValue(2500, 'messages/s'), '2.5k messages/s');
  assert.equal(formatValue(undefined, 'ms'), '—');
  assert.equal(formatAxisValue(2500, 'messages/s'), '2.5k');
  assert.equal(formatAxisValue(2048, 'byte'), '2 KiB');
  assert.equal(formatDurationMs(0.5), '500 µs');
});

test('time selections: relative ranges follow now, fixed ones stay', () => {
  const relative = readSelection(new URLSearchParams('range=15m'), '1h');
  assert.deepEqual(resolveRange(relative, 1_000_000), { from: 100_000, to: 1_000_000 });
  assert.deepEqual(readSelection(new URLSearchParams('range=bogus'), '1h'), { kind: 'relative', name: '1h' });
  const fixed = readSelection(new URLSearchParams('from=10&to=20&range=1h'), '1h');
  assert.deepEqual(fixed, { kind: 'absolute', from: 10, to: 20 });
  assert.deepEqual(selectionParams(fixed), { from: '10', to: '20', range: undefined });
});

test('hash routes: parse, match, build', () => {
  assert.deepEqual(matchRoute('/traces/:id', '/traces/abc'), { id: 'abc' });
  assert.equal(matchRoute('/traces/:id', '/traces'), undefined);
  const parsed = parseHash('#/logs?service=a&service=b');
  assert.equal(parsed.path, '/logs');
  assert.deepEqual(parsed.query.getAll('service'), ['a', 'b']);
  assert.equal(
    hashFor('/logs', { service: ['a', 'b'], query: '', trace_id: undefined }),
    '#/logs?service=a&service=b',
  );
});

test('pivots: a chart point opens logs and traces of its service five minutes either side', () => {
  const links = pointPivots(1_000, 10, { service: 'signup_processor' });
  assert.equal(links.logs, '#/logs?service=signup_processor&from=700000&to=1300000');
  assert.equal(links.traces, '#/traces?service=signup_processor&from=700000&to=1300000');
  // A coarse step widens the window to one step either side.
  assert.equal(
    pointPivots(10_000, 3600, { source: 'kafka' }).logs,
    '#/logs?source=kafka&from=6400000&to=13600000',
  );
  assert.equal(
    traceLogsLink('ab'.repeat(16), 100_000, 100_500),
    `#/logs?trace_id=${'ab'.repeat(16)}&from=40000&to=160500`,
  );
});

test('log explorer state round-trips through its URL; live tail merges without repeats and stays bounded', () => {
  const state = readLogState(new URLSearchParams('query=timeout&level=error&level=warn&range=1h&live=1'));
  assert.deepEqual(state.facets.level, ['error', 'warn']);
  assert.equal(state.live, true);
  assert.equal(
    hashFor('/logs', logStateParams(state)),
    '#/logs?query=timeout&level=error&level=warn&range=1h&live=1',
  );
  const merged = mergeNewest(
    [
      { id: 2, timestamp: 20 },
      { id: 1, timestamp: 10 },
    ],
    [
      { id: 3, timestamp: 30 },
      { id: 2, timestamp: 20 },
    ],
    2,
  );
  assert.deepEqual(
    merged.map((r) => r.id),
    [3, 2],
  );
});

test('chart series are aligned on the union of their times, gaps as null', () => {
  assert.deepEqual(
    alignSeries([
      {
        label: 'a',
        points: [
          [10, 1],
          [20, 2],
        ],
      },
      {
        label: 'b',
        points: [
          [20, 5],
          [30, 6],
        ],
      },
    ]),
    [
      [10, 20, 30],
      [1, 2, null],
      [null, 5, 6],
    ],
  );
});
