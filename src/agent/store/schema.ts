// The store's schema, as numbered migrations. A migration is applied once, in a transaction, and recorded
// in `schema_version`; never edit one that has shipped, add the next number instead.
//
// Tables:
//   metric_series        one row per (name, host, tags); tags as a JSON array and their hash
//   metric_series_tags   (key, value) → series, for tag filters, group-by and tag-value lists; bare tags have
//                        value '', and the host is a `host` tag here so filters treat it like any tag
//   metric_points        raw points as flushed (one per series per flush interval), keyed (ts seconds,
//                        series) so that a flush appends (schema 3)
//   metric_rollup_1m/1h  count/sum/min/max per series per minute / hour, made from the raw points a minute
//                        at a time (writer/rollups.ts)
//   metric_rollup_state  one row: rolled_through, the second before which raw points are in the rollups
//   logs + logs_fts      records, and a contentless FTS5 index of their messages (rowid = logs.id), written
//                        by the log writer (schema 4) and cleared by a delete trigger
//   span_resources       resource attributes, shared by the spans of one process (saves ~half the bytes)
//   spans                one row per span; times in Unix nanoseconds; JSON attribute/event/link columns
//   span_operations      (service, span name) pairs seen, for the trace search's pickers

import type { Database } from './sqlite';

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** For a migration that rewrites a table: how many rows it will copy (told before it starts). */
  rowsToRewrite?: (db: Database) => number;
}

const ROLLUP_TABLE = (name: string): string => `
  CREATE TABLE ${name} (
    series_id INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    count INTEGER NOT NULL,
    sum REAL NOT NULL,
    min REAL NOT NULL,
    max REAL NOT NULL,
    PRIMARY KEY (series_id, ts)
  ) WITHOUT ROWID;
  CREATE INDEX ${name}_ts ON ${name} (ts);`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'metric series, points and rollups; logs with FTS5; spans',
    sql: `
      CREATE TABLE metric_series (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        host TEXT NOT NULL,
        tags TEXT NOT NULL,
        tag_hash TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        UNIQUE (name, host, tag_hash)
      );
      CREATE INDEX metric_series_last_seen ON metric_series (last_seen);
      CREATE TABLE metric_series_tags (
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        series_id INTEGER NOT NULL,
        PRIMARY KEY (key, value, series_id)
      ) WITHOUT ROWID;
      CREATE INDEX metric_series_tags_series ON metric_series_tags (series_id);
      CREATE TABLE metric_points (
        series_id INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (series_id, ts)
      ) WITHOUT ROWID;
      CREATE INDEX metric_points_ts ON metric_points (ts);
      ${ROLLUP_TABLE('metric_rollup_1m')}
      ${ROLLUP_TABLE('metric_rollup_1h')}

      CREATE TABLE logs (
        id INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        level TEXT NOT NULL,
        service TEXT NOT NULL,
        source TEXT NOT NULL,
        host TEXT NOT NULL,
        message TEXT NOT NULL,
        logger TEXT,
        trace_id TEXT,
        span_id TEXT,
        tags TEXT NOT NULL,
        attributes TEXT NOT NULL,
        file TEXT
      );
      CREATE INDEX logs_ts ON logs (ts);
      CREATE INDEX logs_service_ts ON logs (service, ts);
      CREATE INDEX logs_source_ts ON logs (source, ts);
      CREATE INDEX logs_level_ts ON logs (level, ts);
      CREATE INDEX logs_trace ON logs (trace_id) WHERE trace_id IS NOT NULL;
      CREATE VIRTUAL TABLE logs_fts USING fts5 (message, content = '', contentless_delete = 1);
      CREATE TRIGGER logs_fts_insert AFTER INSERT ON logs BEGIN
        INSERT INTO logs_fts (rowid, message) VALUES (new.id, new.message);
      END;
      CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs BEGIN
        DELETE FROM logs_fts WHERE rowid = old.id;
      END;

      CREATE TABLE span_resources (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        attributes TEXT NOT NULL
      );
      CREATE TABLE spans (
        id INTEGER PRIMARY KEY,
        trace_id TEXT NOT NULL,
        span_id TEXT NOT NULL,
        parent_span_id TEXT,
        name TEXT NOT NULL,
        kind INTEGER NOT NULL,
        service TEXT NOT NULL,
        start_ns INTEGER NOT NULL,
        end_ns INTEGER NOT NULL,
        duration_ns INTEGER NOT NULL,
        status_code INTEGER NOT NULL,
        status_message TEXT,
        error INTEGER NOT NULL,
        trace_state TEXT,
        attributes TEXT NOT NULL,
        events TEXT NOT NULL,
        links TEXT NOT NULL,
        resource_id INTEGER NOT NULL,
        scope_name TEXT NOT NULL,
        scope_version TEXT,
        UNIQUE (trace_id, span_id)
      );
      CREATE INDEX spans_start ON spans (start_ns);
      CREATE INDEX spans_service_start ON spans (service, start_ns);
      CREATE INDEX spans_service_name_start ON spans (service, name, start_ns);
      CREATE INDEX spans_errors_start ON spans (start_ns) WHERE error = 1;
      CREATE TABLE span_operations (
        service TEXT NOT NULL,
        name TEXT NOT NULL,
        last_seen_ns INTEGER NOT NULL,
        PRIMARY KEY (service, name)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'rollups made from raw points a minute at a time',
    // Until now every point was added to the rollups as it was written: all of them are in.
    sql: `
      CREATE TABLE metric_rollup_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        rolled_through INTEGER NOT NULL
      );
      INSERT INTO metric_rollup_state (id, rolled_through)
        VALUES (1, COALESCE((SELECT MAX(ts) + 1 FROM metric_points), 0));
    `,
  },
  {
    version: 3,
    description: 'raw metric points keyed by time first',
    rowsToRewrite: (db) => Number(db.prepare('SELECT COUNT(*) AS n FROM metric_points').get()?.n ?? 0),
    // Keyed (series, ts), every flush wrote one point into each series' own leaf page: once series had a
    // page of history each, a transaction dirtied a page per point (see NOTES.md). Keyed (ts, series), a
    // flush appends, and the time index is the key itself. Rewrites the table once.
    sql: `
      CREATE TABLE metric_points_by_time (
        ts INTEGER NOT NULL,
        series_id INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (ts, series_id)
      ) WITHOUT ROWID;
      INSERT INTO metric_points_by_time (ts, series_id, value)
        SELECT ts, series_id, value FROM metric_points ORDER BY ts, series_id;
      DROP TABLE metric_points;
      ALTER TABLE metric_points_by_time RENAME TO metric_points;
    `,
  },
  {
    version: 4,
    description: 'the log writer fills the FTS index itself',
    // The same row written through the AFTER INSERT trigger cost ~35–40 µs more than the writer's own
    // INSERT into logs_fts, which nearly halved log ingest (bench/FINDINGS.md, item 32). Deletes keep
    // their trigger: retention deletes by range, and the trigger follows every row it takes.
    sql: `DROP TRIGGER logs_fts_insert;`,
  },
];
