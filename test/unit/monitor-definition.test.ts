// Monitor documents (monitors.yaml and the API): defaults, durations, and problems that name the field.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  loadMonitorsFile,
  MonitorDefinitionError,
  parseDuration,
  parseMonitor,
  toDocument,
} from '../../src/agent/monitors';

test('durations: seconds, or s/m/h/d suffixes', () => {
  assert.equal(parseDuration(90), 90);
  assert.equal(parseDuration('30s'), 30);
  assert.equal(parseDuration('5m'), 300);
  assert.equal(parseDuration('1.5h'), 5400);
  assert.equal(parseDuration('2d'), 172_800);
  assert.equal(parseDuration('0'), undefined);
  assert.equal(parseDuration('soon'), undefined);
});

test('an outlier monitor with defaults (DBSCAN, tolerance 3, pct 20) round-trips through its document', () => {
  const monitor = parseMonitor(
    {
      id: 'send-latency',
      name: 'Send latency',
      type: 'outlier',
      query: { metric: 'kafka.client.producer.send.duration.avg', group_by: ['client_id'] },
    },
    { where: 'test', source: 'api' },
  );
  assert.deepEqual(monitor.outlier, { algorithm: 'dbscan', tolerance: 3, pct: 20 });
  assert.equal(monitor.windowSeconds, 300);
  assert.equal(monitor.everySeconds, 60);
  assert.deepEqual(monitor.notify, { log: true, webhooks: [] });
  assert.deepEqual(parseMonitor(toDocument(monitor), { where: 'again', source: 'api' }), monitor);
});

test('every problem is listed with its path', () => {
  assert.throws(
    () =>
      parseMonitor(
        {
          name: 'x',
          type: 'outlier',
          query: { metric: 'm' },
          window: 'ages',
          outlier: { algorithm: 'kmeans', tolerance: -1 },
          notify: { webhooks: ['ftp://example.com/hook'] },
          colour: 'red',
        },
        { where: 'monitors.yaml: monitors[0]', source: 'file' },
      ),
    (error: unknown) => {
      assert.ok(error instanceof MonitorDefinitionError);
      const text = error.problems.join('\n');
      for (const expected of [
        'monitors.yaml: monitors[0].colour: is not a known key',
        'monitors.yaml: monitors[0].id: is required',
        '.window: must be a duration like 30s, 5m, 1h (got "ages")',
        '.query.group_by: an outlier monitor compares groups',
        '.outlier.algorithm: must be one of dbscan, mad',
        '.outlier.tolerance: must be ≥ 0.01',
        '.notify.webhooks[0]: must be an http:// or https:// URL',
      ])
        assert.ok(text.includes(expected), `${expected}\nin\n${text}`);
      return true;
    },
  );
  assert.throws(
    () =>
      parseMonitor(
        {
          id: 'a',
          name: 'a',
          query: { metric: 'm' },
          threshold: { comparator: 'above', critical: 1, warning: 5 },
        },
        { where: 'w', source: 'api' },
      ),
    /warning \(5\) must be at most critical \(1\)/,
  );
});

test('monitors.yaml under run_path: a broken monitor is reported, the others load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kinstrument-monitors-'));
  try {
    writeFileSync(
      join(dir, 'monitors.yaml'),
      [
        'monitors:',
        '  - id: lag',
        '    name: Lag is high',
        '    query: { metric: kafka.consumer_lag, group_by: [consumer_group] }',
        '    threshold: { comparator: above, critical: 1000 }',
        '  - id: broken',
        '    name: Broken',
        '    query: { metric: m }',
        '    threshold: { comparator: sideways, critical: 1 }',
        '',
      ].join('\n'),
    );
    const loaded = loadMonitorsFile(dir);
    assert.deepEqual(
      loaded.monitors.map((m) => [m.id, m.source]),
      [['lag', 'file']],
    );
    assert.equal(loaded.problems.length, 1);
    assert.match(
      loaded.problems[0]!,
      /monitors\.yaml: monitors\[1\]\.threshold\.comparator: must be one of above/,
    );
    assert.deepEqual(loadMonitorsFile(join(dir, 'missing')), { monitors: [], problems: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
