// Rollups made from raw points a minute at a time: a query's answer is the same before the minute is
// rolled up, after it, and when points arrive for a minute already rolled up; a database whose rollups
// were kept point by point (schema 1) is not counted twice, and its raw points survive the table's rewrite
// (schema 3).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { MetricSample } from '../../src/agent/model';
import { migrate, MIGRATIONS, Store, type MigrationEvent } from '../../src/agent/store';
import { migrationMessage } from '../../src/agent/runtime/telemetry-store';
import { openDatabase } from '../../src/agent/store/sqlite';
import { ROLLUP_GRACE_SECONDS } from '../../src/agent/store/writer/rollups';

const ROLLUPS = ['avg', 'sum', 'min', 'max', 'count'] as const;

function sample(type: 'gauge' | 'count', value: number, timestamp: number, topic: string): MetricSample {
  return {
    name: 'kafka.m',
    type,
    value,
    timestamp,
    tags: [`topic:${topic}`],
    host: 'h1',
    intervalSeconds: 10,
  };
}

/** Every rollup function at the raw, 1 m and 1 h resolutions over one hour from `hour`. */
function answers(store: Store, hour: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const rollup of ROLLUPS) {
    for (const [resolution, step] of [
      ['raw', 3600],
      ['1m', 3600],
      ['1h', 3600],
      ['1m', 60],
    ] as const) {
      const result = store.query.metrics({
        metric: 'kafka.m',
        from: hour,
        to: hour + 3600,
        step,
        rollup,
        resolution,
        groupBy: ['topic'],
        aggregation: 'sum',
      });
      out[`${rollup} ${resolution} ${step}`] = result.series.map((s) => [s.group.topic, s.points]);
    }
  }
  return out;
}

function assertTablesAgree(store: Store, hour: number): Record<string, unknown> {
  const all = answers(store, hour);
  for (const rollup of ROLLUPS) {
    const raw = all[`${rollup} raw 3600`];
    assert.deepEqual(all[`${rollup} 1m 3600`], raw, `${rollup}: 1m = raw`);
    assert.deepEqual(all[`${rollup} 1h 3600`], raw, `${rollup}: 1h = raw`);
  }
  return all;
}

function rolledThrough(path: string): number {
  const db = openDatabase(path);
  try {
    return Number(db.prepare('SELECT rolled_through FROM metric_rollup_state').get()?.rolled_through);
  } finally {
    db.close();
  }
}

function rowCount(path: string, table: string): number {
  const db = openDatabase(path);
  try {
    return Number(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()?.n);
  } finally {
    db.close();
  }
}

test('the last minutes are answered from raw points until rolled up, and the answers do not change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kinstrument-rollups-'));
  try {
    const path = join(dir, 'kinstrument.db');
    let clockShift = 0;
    const store = new Store({ path, clock: () => Date.now() + clockShift });
    const now = Math.floor(Date.now() / 1000);
    // Points 10 s apart in the first minute not yet due (all in one minute, so in one hour), and in minutes
    // long passed (due at once).
    const minute = Math.floor((now - ROLLUP_GRACE_SECONDS) / 60) * 60 + 60;
    const hour = minute - (minute % 3600);
    const recent = [minute, minute + 10, minute + 20, minute + 30];
    const old = [hour - 7200 + 5, hour - 7200 + 15, hour - 7200 + 70];
    store.offerMetrics([
      ...recent.flatMap((ts, i) => [sample('gauge', i + 1, ts, 'a'), sample('count', 10 * (i + 1), ts, 'b')]),
      ...old.map((ts, i) => sample('gauge', 100 + i, ts, 'a')),
    ]);
    await store.flush();
    const before = assertTablesAgree(store, hour);
    assert.deepEqual(before['sum raw 3600'], [
      ['a', [[hour, 10]]],
      ['b', [[hour, 100]]],
    ]);
    assert.equal(rowCount(path, 'metric_rollup_1m') > 0, true, 'the old minutes were rolled up at once');
    const through = rolledThrough(path);
    assert.ok(through < minute && through > hour - 7200 + 70, `rolled through ${through}`);
    assert.deepEqual(assertTablesAgree(store, hour - 7200)['count 1h 3600'], [
      ['a', [[hour - 7200, 3]]],
      ['b', []],
    ]);

    // Three minutes later (the store's clock), retention's pass rolls the recent minute up too.
    clockShift = 3 * 60_000;
    await store.runRetention();
    assert.ok(rolledThrough(path) > minute + 30, 'the recent points are rolled up');
    assert.deepEqual(assertTablesAgree(store, hour), before, 'same answers once rolled up');

    // A point for a second already rolled up is added to the rollups as it is written.
    const late = store.stats().metrics.rollupLatePoints;
    store.offerMetrics([sample('count', 5, minute + 5, 'b'), sample('gauge', 50, minute + 15, 'a')]);
    await store.flush();
    assert.equal(store.stats().metrics.rollupLatePoints, late + 2);
    const after = assertTablesAgree(store, hour);
    assert.deepEqual(after['sum raw 3600'], [
      ['a', [[hour, 60]]],
      ['b', [[hour, 105]]],
    ]);
    assert.deepEqual(after['count 1h 3600'], [
      ['a', [[hour, 5]]],
      ['b', [[hour, 5]]],
    ]);
    const stats = store.stats().metrics;
    assert.ok(stats.rollupRuns >= 2, `runs ${stats.rollupRuns}`);
    assert.equal(stats.rollupFailures, 0);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('points written in time order with old timestamps (a backfill) stay ahead of the rollups', async () => {
  const store = new Store({ path: ':memory:' });
  const T = 1_700_002_800;
  // Ten minutes, one point every 10 s, one batch a minute: each minute is rolled up once the next arrives.
  for (let minute = 0; minute < 10; minute += 1) {
    store.offerMetrics(
      Array.from({ length: 6 }, (_, i) => sample('gauge', minute * 6 + i, T + minute * 60 + i * 10, 'a')),
    );
    await store.flush();
  }
  const stats = store.stats().metrics;
  assert.equal(stats.rollupLatePoints, 0, 'no point arrived for a minute already rolled up');
  assert.ok(stats.rollupRuns >= 1);
  const all = assertTablesAgree(store, T);
  assert.deepEqual(all['count 1h 3600'], [['a', [[T, 60]]]]);
  assert.deepEqual(all['sum 1h 3600'], [['a', [[T, (59 * 60) / 2]]]]);
  await store.close();
});

test('retention rolls up raw points before it deletes them, newest minute included', async () => {
  const store = new Store({ path: ':memory:', retention: { metricsRawSeconds: 60 } });
  const now = Math.floor(Date.now() / 1000);
  const minute = now - (now % 60) - 600;
  store.offerMetrics([sample('gauge', 2, minute, 'a'), sample('gauge', 4, minute + 30, 'a')]);
  await store.flush();
  assert.equal(store.stats().metrics.rollupRuns, 0, 'the newest minute waits for a newer point');
  const report = await store.runRetention();
  assert.equal(report.expired.metric_points, 2);
  const query = { metric: 'kafka.m', from: minute, to: minute + 60, step: 60 } as const;
  assert.deepEqual(store.query.metrics({ ...query, rollup: 'sum' }).series[0]?.points, [[minute, 6]]);
  assert.deepEqual(store.query.metrics({ ...query, step: 3600, rollup: 'max' }).series[0]?.points, [
    [minute - (minute % 3600), 4],
  ]);
  assert.deepEqual(store.query.metrics({ ...query, step: 30 }).series[0]?.points, [], 'raw points are gone');
  await store.close();
});

test('a schema-1 database (rollups kept point by point) is rolled up from where it ended, not again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kinstrument-rollups-'));
  try {
    const path = join(dir, 'kinstrument.db');
    const T = 1_700_002_800;
    const db = openDatabase(path);
    migrate(db, MIGRATIONS.slice(0, 1));
    db.exec(`INSERT INTO metric_series (id, name, type, host, tags, tag_hash, first_seen, last_seen)
      VALUES (1, 'kafka.m', 'gauge', 'h1', '["topic:a"]', 'x', ${T}, ${T + 10})`);
    db.exec(`INSERT INTO metric_series_tags VALUES ('topic', 'a', 1), ('host', 'h1', 1)`);
    db.exec(`INSERT INTO metric_points VALUES (1, ${T}, 1), (1, ${T + 10}, 2)`);
    db.exec(`INSERT INTO metric_rollup_1m VALUES (1, ${T}, 2, 3, 1, 2)`);
    db.exec(`INSERT INTO metric_rollup_1h VALUES (1, ${T}, 2, 3, 1, 2)`);
    db.close();

    const events: MigrationEvent[] = [];
    const store = new Store({ path, onMigration: (event) => events.push(event) });
    assert.deepEqual(
      events.map((e) => `${e.phase} ${e.version}`),
      MIGRATIONS.slice(1).flatMap((m) => [`starting ${m.version}`, `done ${m.version}`]),
      'each migration applied to the existing file is told, before and after',
    );
    const rewrite = events[2];
    assert.ok(rewrite?.phase === 'starting');
    assert.equal(rewrite.rowsToRewrite, 2, 'the table rewrite says how many rows it copies');
    assert.equal(events[0]?.phase === 'starting' ? events[0].rowsToRewrite : 'n/a', undefined);
    const message = migrationMessage(path, rewrite);
    assert.match(
      message,
      /to store schema 3 \(raw metric points keyed by time first\): rewriting 2 rows, about 1 s/,
    );
    assert.match(migrationMessage(path, events[3]!), /store schema 3 .* applied in \d+\.\d s$/);
    assert.equal(rolledThrough(path), T + 11, 'everything written by schema 1 is in its rollups');
    store.offerMetrics([sample('gauge', 4, T + 20, 'a')]);
    await store.flush();
    assert.equal(store.stats().metrics.rollupLatePoints, 0, 'T + 20 is past where schema 1 ended');
    const all = assertTablesAgree(store, T);
    assert.deepEqual(all['sum 1h 3600'], [['a', [[T, 7]]]]);
    assert.deepEqual(all['count 1m 60'], [['a', [[T, 3]]]]);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
