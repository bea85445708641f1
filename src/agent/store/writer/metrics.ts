// Writes metric samples (as a MetricBatch, see metric-batch.ts): series (ids cached per tag set) and raw
// points. The 1-minute and 1-hour rollups are made from the raw points a minute at a time (rollups.ts).
//
// Point semantics: a `count` sample adds to a point already at the same second (two flushes of deltas are
// one larger delta); gauges and rates replace it. Rollups count the stored points (a count written twice
// for one second is one point there), except for points that arrive after their minute was rolled up:
// those count as written (see rollups.ts).
import type { MetricType } from '../../model';
import type { Database, Statement } from '../sqlite';
import { seriesTagPairs, tagHash } from '../tags';
import { INDEXES_PER_SAMPLE, METRIC_TYPES, NUMBERS_PER_SAMPLE, type MetricBatch } from './metric-batch';
import { Rollups } from './rollups';
import { SeriesCache, type TagSetSeries } from './series-cache';

export interface MetricWriterStats {
  points: number;
  seriesCreated: number;
  /** Samples refused because they would have opened a series past `maxSeries`. */
  droppedSeriesLimit: number;
  /** NaN / infinite values (SQLite cannot store them). */
  droppedInvalidValue: number;
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
  private readonly cache = new SeriesCache(SERIES_CACHE_LIMIT);
  private seriesCount: number;
  private readonly findSeries: Statement;
  private readonly insertSeries: Statement;
  private readonly insertTag: Statement;
  private readonly touchSeries: Statement;
  private readonly addPoint: Statement;
  private readonly setPoint: Statement;
  readonly rollups: Rollups;

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
       ON CONFLICT (ts, series_id) DO UPDATE SET value = value + excluded.value`,
    );
    this.setPoint = db.prepare(
      `INSERT INTO metric_points (series_id, ts, value) VALUES (?, ?, ?)
       ON CONFLICT (ts, series_id) DO UPDATE SET value = excluded.value`,
    );
    this.rollups = new Rollups(db);
  }

  /** Call inside a transaction. */
  write(batch: MetricBatch): void {
    const { indexes, types, numbers } = batch;
    // Each tag set and name of the batch is looked up once.
    const tagSets = batch.tagSets.map((key) => this.cache.tagSet(key));
    const names = batch.names.map((name) => this.cache.name(name));
    // One last_seen update per series per batch, not per point: the sample index with the newest second.
    const touched = new Map<number, number>();
    for (let index = 0; index < batch.count; index += 1) {
      const value = numbers[index * NUMBERS_PER_SAMPLE] as number;
      const timestamp = numbers[index * NUMBERS_PER_SAMPLE + 1] as number;
      if (!Number.isFinite(value) || !Number.isFinite(timestamp)) {
        this.stats.droppedInvalidValue += 1;
        continue;
      }
      const ts = Math.floor(timestamp);
      const at = index * INDEXES_PER_SAMPLE;
      const type = METRIC_TYPES[types[index] as number] as MetricType;
      const id = this.seriesId(
        tagSets[indexes[at + 2] as number] as TagSetSeries,
        batch.hosts[indexes[at + 1] as number] as string,
        names[indexes[at] as number] as string,
        type,
        ts,
      );
      if (id === undefined) continue;
      (type === 'count' ? this.addPoint : this.setPoint).run(id, ts, value);
      this.rollups.pointWritten(id, ts, value);
      const seen = touched.get(id);
      if (seen === undefined || Math.floor(numbers[seen * NUMBERS_PER_SAMPLE + 1] as number) < ts)
        touched.set(id, index);
      this.stats.points += 1;
    }
    for (const [id, index] of touched) {
      const ts = Math.floor(numbers[index * NUMBERS_PER_SAMPLE + 1] as number);
      this.touchSeries.run(ts, METRIC_TYPES[types[index] as number], id);
    }
  }

  /** Forget cached ids (after retention deleted series) and recount. */
  reset(db: Database): void {
    this.cache.clear();
    this.rollups.reload();
    this.seriesCount = Number(db.prepare('SELECT COUNT(*) AS n FROM metric_series').get()?.n ?? 0);
  }

  get series(): number {
    return this.seriesCount;
  }

  private seriesId(
    set: TagSetSeries,
    host: string,
    name: string,
    type: MetricType,
    ts: number,
  ): number | undefined {
    const cached = this.cache.get(set, host, name);
    if (cached !== undefined) return cached;
    set.hash ??= tagHash(set.key);
    const found = this.findSeries.get(name, host, set.hash);
    let id: number;
    if (found !== undefined) id = Number(found.id);
    else {
      if (this.seriesCount >= this.maxSeries) {
        this.stats.droppedSeriesLimit += 1;
        return undefined;
      }
      id = Number(this.insertSeries.get(name, type, host, set.key, set.hash, ts, ts)?.id);
      for (const pair of seriesTagPairs(JSON.parse(set.key) as string[], host))
        this.insertTag.run(pair.key, pair.value, id);
      this.seriesCount += 1;
      this.stats.seriesCreated += 1;
    }
    this.cache.set(set, host, name, id);
    return id;
  }
}
