// The part of better-sqlite3 the store uses, typed here (the package ships no types and we add no
// @types dependency for a handful of methods). Loaded lazily so the SDK's import graph never reaches it.
import { createRequire } from 'node:module';

export type SqlValue = number | string | bigint | Buffer | null;
export type SqlParams = readonly SqlValue[] | [Record<string, SqlValue>];
export type Row = Record<string, unknown>;

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement {
  run(...params: SqlValue[] | [Record<string, SqlValue>]): RunResult;
  get(...params: SqlValue[] | [Record<string, SqlValue>]): Row | undefined;
  all(...params: SqlValue[] | [Record<string, SqlValue>]): Row[];
  iterate(...params: SqlValue[] | [Record<string, SqlValue>]): IterableIterator<Row>;
}

export interface Database {
  readonly open: boolean;
  readonly inTransaction: boolean;
  readonly name: string;
  readonly memory: boolean;
  prepare(sql: string): Statement;
  exec(sql: string): this;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  close(): this;
}

interface DatabaseConstructor {
  new (filename: string, options?: { timeout?: number; fileMustExist?: boolean }): Database;
}

let constructorCache: DatabaseConstructor | undefined;

export function openDatabase(path: string, options: { timeout?: number } = {}): Database {
  constructorCache ??= createRequire(__filename)('better-sqlite3') as DatabaseConstructor;
  return new constructorCache(path, options);
}

/** A pragma's single value (`PRAGMA page_count` → 1234). */
export function pragmaNumber(db: Database, name: string): number {
  return Number(db.pragma(name, { simple: true }));
}
