// Keeps the 1-minute and 1-hour rollups. Points are written raw only; once a minute has passed (plus a
// grace period for the flushes still on their way) and a later minute has points (see rollUp), its raw
// points are rolled up in one transaction, and `metric_rollup_state.rolled_through` moves past them.
// Upserting both rollups for every point cost two B-tree upserts per point, two thirds of the writer's
// metric time; rolled up by the minute they cost one upsert per series per minute in each table.
//
// The invariant readers rely on (query/metrics.ts): a raw point with ts < rolled_through is counted in
// both rollups, one with ts ≥ rolled_through in neither. A point that arrives for a second already rolled
// up (a DogStatsD timestamp from the past, a writer far behind) is added to both rollups as it is written.
import type { Database, Statement } from '../sqlite';

/** Seconds after a minute ends before its points are rolled up. */
export const ROLLUP_GRACE_SECONDS = 60;
/** A call goes on to the next due minute only while it has run less than this. */
const ROLLUP_SLICE_BUDGET_MS = 100;
// How a row being upserted into a rollup adds to the one already there.
const MERGE_INTO_ROLLUP = `ON CONFLICT (series_id, ts) DO UPDATE SET count = count + excluded.count,
  sum = sum + excluded.sum, min = MIN(min, excluded.min), max = MAX(max, excluded.max)`;

export interface RollupStats {
  /** Calls that rolled up at least one minute with points. */
  rollupRuns: number;
  /** The last such call's duration. */
  rollupLastMs: number;
  /** Points that arrived for seconds already rolled up, added to the rollups one by one. */
  rollupLatePoints: number;
  /** Roll-ups that failed (rolled back; their minutes are rolled up by the next). */
  rollupFailures: number;
}

export class Rollups {
  readonly stats: RollupStats = {
    rollupRuns: 0,
    rollupLastMs: 0,
    rollupLatePoints: 0,
    rollupFailures: 0,
  };
  private through: number;
  private readonly readThrough: Statement;
  private readonly nextPoint: Statement;
  private readonly rollSlice: (from: number, to: number, bucket: number) => void;
  private readonly advance: Statement;
  private readonly late1m: Statement;
  private readonly late1h: Statement;
  /** The newest second written (points arrive in time order, near enough). */
  private newest: number;

  constructor(db: Database) {
    this.readThrough = db.prepare('SELECT rolled_through FROM metric_rollup_state WHERE id = 1');
    this.through = Number(this.readThrough.get()?.rolled_through ?? 0);
    this.newest = Number(db.prepare('SELECT MAX(ts) AS ts FROM metric_points').get()?.ts ?? 0);
    this.nextPoint = db.prepare('SELECT MIN(ts) AS ts FROM metric_points WHERE ts >= ? AND ts < ?');
    // One minute's count/sum/min/max per series go to a temporary table first, so the raw points are read
    // once for both rollups.
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS rollup_minute (
      series_id INTEGER NOT NULL, count INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL)`);
    // The minute's points are one contiguous run of the raw table's key (ts, series); grouped by series in a
    // temporary B-tree: ~1.7 s for 155,000 series × 30 points.
    const minute = db.prepare(
      `INSERT INTO temp.rollup_minute
       SELECT series_id, COUNT(*), SUM(value), MIN(value), MAX(value)
       FROM metric_points WHERE ts >= ? AND ts < ? GROUP BY series_id`,
    );
    const upsertInto = (table: string): Statement =>
      db.prepare(
        `INSERT INTO ${table} (series_id, ts, count, sum, min, max)
         SELECT series_id, ?, count, sum, min, max FROM temp.rollup_minute WHERE true ${MERGE_INTO_ROLLUP}`,
      );
    const into1m = upsertInto('metric_rollup_1m');
    const into1h = upsertInto('metric_rollup_1h');
    const clear = db.prepare('DELETE FROM temp.rollup_minute');
    this.advance = db.prepare('UPDATE metric_rollup_state SET rolled_through = ? WHERE id = 1');
    this.rollSlice = db.transaction((from: number, to: number, bucket: number) => {
      minute.run(from, to);
      into1m.run(bucket);
      into1h.run(bucket - (bucket % 3600));
      clear.run();
      this.advance.run(to);
    });
    const late = (table: string, bucket: number): Statement =>
      db.prepare(
        `INSERT INTO ${table} (series_id, ts, count, sum, min, max) VALUES (?, ? - (? % ${bucket}), 1, ?, ?, ?)
         ${MERGE_INTO_ROLLUP}`,
      );
    this.late1m = late('metric_rollup_1m', 60);
    this.late1h = late('metric_rollup_1h', 3600);
  }

  /** Call inside the transaction that writes the point at `ts` (whole seconds). */
  pointWritten(seriesId: number, ts: number, value: number): void {
    if (ts > this.newest) this.newest = ts;
    if (ts >= this.through) return;
    this.late1m.run(seriesId, ts, ts, value, value, value);
    this.late1h.run(seriesId, ts, ts, value, value, value);
    this.stats.rollupLatePoints += 1;
  }

  /**
   * After a write: rolls up the minutes that ended at least the grace period before `nowSeconds` and before
   * the newest point's minute, one transaction each, until ROLLUP_SLICE_BUDGET_MS have passed (a backlog of
   * large minutes is spread over several calls). Points written in time order with old timestamps (a
   * backfill) so stay ahead of the rollups instead of each arriving for a minute already rolled up.
   *
   * With `floorSeconds` (retention, every minute or so): every minute past the grace period, whether or not
   * newer points came (so an idle store's last minutes are rolled up too), and every point before the
   * floor (retention is about to delete raw points older than that).
   * Call outside any other transaction.
   */
  rollUp(nowSeconds: number, floorSeconds?: number): void {
    const due = Math.floor((nowSeconds - ROLLUP_GRACE_SECONDS) / 60) * 60;
    const target =
      floorSeconds === undefined
        ? Math.min(due, this.newest - (this.newest % 60))
        : Math.max(due, Math.floor(floorSeconds));
    const started = performance.now();
    let rolled = false;
    while (target > this.through) {
      const first = this.nextPoint.get(this.through, target)?.ts;
      if (first === null || first === undefined) {
        this.advance.run(target); // no points in between: nothing to roll up
        this.through = target;
        break;
      }
      const bucket = Number(first) - (Number(first) % 60);
      const to = Math.min(bucket + 60, target);
      this.rollSlice(this.through, to, bucket);
      this.through = to;
      rolled = true;
      if (floorSeconds === undefined && performance.now() - started > ROLLUP_SLICE_BUDGET_MS) break;
    }
    if (!rolled) return;
    this.stats.rollupRuns += 1;
    this.stats.rollupLastMs = performance.now() - started;
  }

  /** After a roll-up's transaction failed (and was rolled back). */
  failed(): void {
    this.stats.rollupFailures += 1;
    this.reload();
  }

  /** After a failed transaction, in case it was this one: the database holds the truth. */
  reload(): void {
    this.through = Number(this.readThrough.get()?.rolled_through ?? 0);
  }
}
