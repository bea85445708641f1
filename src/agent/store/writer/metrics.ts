// Writes metric samples: series (cached by identity), raw points, and the 1-minute and 1-hour rollups.
//
// Point semantics: a `count` sample adds to a point already at the same second (two flushes of deltas are
// one larger delta); gauges and rates replace it. Rollups count every sample written, so a gauge written
// twice for the same second counts twice there (it does not happen with the aggregator's flushes).
import type { MetricSample } from '../../model';
import type { Database, Statement } from '../sqlite';
import { canonicalTags, seriesTagPairs, tagHash } from '../tags';

export interface MetricWriterStats {
  points: number;
  seriesCreated: number;
  /** Samples refused because they would have opened a series past `maxSeries`. */
  droppedSeriesLimit: number;
  /** NaN / infinite values (SQLite cannot store them). */
  droppedInvalidValue: number;
}

interface SeriesEntry {
  id: number;
}

// Caching every series identity costs memory; past this many the cache starts over (lookups then hit SQLite).
const SERIES_CACHE_LIMIT = 200_000;

export class MetricWriter {
  readonly stats: MetricWriterStats = {
    points: 0,
    seriesCreated: 0,
    droppedSeriesLimit: 0,
    droppedInvalidValue: 0,
  };
  private readonly cache = new Map<string, SeriesEntry>();
  private seriesCount: number;
  private readonly findSeries: Statement;
  private readonly insertSeries: Statement;
  private readonly insertTag: Statement;
  private readonly touchSeries: Statement;
  private readonly addPoint: Statement;
  private readonly setPoint: Statement;
  private readonly rollup1m: Statement;
  private readonly rollup1h: Statement;

  constructor(
    db: Database,
    private readonly maxSeries: number,
  ) {
    this.seriesCount = Number(db.prepare('SELECT COUNT(*) AS n FROM metric_series').get()?.n ?? 0);
    this.findSeries = db.prepare('SELECT id FROM metric_series WHERE name = ? AND host = ? AND tag_hash = ?');
    this.insertSeries = db.prepare(
      `INSERT INTO metric_series (name, type, host, tags, tag_hash, first_seen, last_seen)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    );
    this.insertTag = db.prepare(
      'INSERT OR IGNORE INTO metric_series_tags (key, value, series_id) VALUES (?, ?, ?)',
    );
    this.touchSeries = db.prepare(
      'UPDATE metric_series SET last_seen = MAX(last_seen, ?), type = ? WHERE id = ?',
    );
    this.addPoint = db.prepare(
      `INSERT INTO metric_points (series_id, ts, value) VALUES (?, ?, ?)
       ON CONFLICT (series_id, ts) DO UPDATE SET value = value + excluded.value`,
    );
    this.setPoint = db.prepare(
      `INSERT INTO metric_points (series_id, ts, value) VALUES (?, ?, ?)
       ON CONFLICT (series_id, ts) DO UPDATE SET value = excluded.value`,
    );
    const rollup = (table: string): Statement =>
      db.prepare(
        `INSERT INTO ${table} (series_id, ts, count, sum, min, max) VALUES (?, ?, 1, ?, ?, ?)
         ON CONFLICT (series_id, ts) DO UPDATE SET
           count = count + 1, sum = sum + excluded.sum, min = MIN(min, excluded.min), max = MAX(max, excluded.max)`,
      );
    this.rollup1m = rollup('metric_rollup_1m');
    this.rollup1h = rollup('metric_rollup_1h');
  }

  /** Call inside a transaction. */
  write(samples: readonly MetricSample[]): void {
    // One last_seen update per series per batch, not per point.
    const touched = new Map<number, { ts: number; type: string }>();
    for (const sample of samples) {
      if (!Number.isFinite(sample.value) || !Number.isFinite(sample.timestamp)) {
        this.stats.droppedInvalidValue += 1;
        continue;
      }
      const ts = Math.floor(sample.timestamp);
      const id = this.seriesId(sample, ts);
      if (id === undefined) continue;
      (sample.type === 'count' ? this.addPoint : this.setPoint).run(id, ts, sample.value);
      this.rollup1m.run(id, ts - (ts % 60), sample.value, sample.value, sample.value);
      this.rollup1h.run(id, ts - (ts % 3600), sample.value, sample.value, sample.value);
      const seen = touched.get(id);
      if (seen === undefined || seen.ts < ts) touched.set(id, { ts, type: sample.type });
      this.stats.points += 1;
    }
    for (const [id, seen] of touched) this.touchSeries.run(seen.ts, seen.type, id);
  }

  /** Forget cached ids (after retention deleted series) and recount. */
  reset(db: Database): void {
    this.cache.clear();
    this.seriesCount = Number(db.prepare('SELECT COUNT(*) AS n FROM metric_series').get()?.n ?? 0);
  }

  get series(): number {
    return this.seriesCount;
  }

  private seriesId(sample: MetricSample, ts: number): number | undefined {
    const host = sample.host ?? '';
    const tags = canonicalTags(sample.tags);
    const key = `${sample.name}\u0000${host}\u0000${tags.join('\u0001')}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached.id;
    const tagsJson = JSON.stringify(tags);
    const hash = tagHash(tagsJson);
    const found = this.findSeries.get(sample.name, host, hash);
    let id: number;
    if (found !== undefined) id = Number(found.id);
    else {
      if (this.seriesCount >= this.maxSeries) {
        this.stats.droppedSeriesLimit += 1;
        return undefined;
      }
      id = Number(this.insertSeries.get(sample.name, sample.type, host, tagsJson, hash, ts, ts)?.id);
      for (const pair of seriesTagPairs(tags, host)) this.insertTag.run(pair.key, pair.value, id);
      this.seriesCount += 1;
      this.stats.seriesCreated += 1;
    }
    if (this.cache.size >= SERIES_CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, { id });
    return id;
  }
}
