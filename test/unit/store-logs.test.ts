// Log storage: FTS5 search, field filters, newest-first cursor pagination, facets, the FTS index across the
// schema-4 migration.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LogRecord } from '../../src/agent/logs/record';
import { migrate, MIGRATIONS, QueryError, Store, toFtsQuery } from '../../src/agent/store';
import { openDatabase } from '../../src/agent/store/sqlite';

const T = 1_700_000_000_000;

function log(offsetMs: number, message: string, fields: Partial<LogRecord> = {}): LogRecord {
  return {
    timestamp: T + offsetMs,
    level: 'info',
    message,
    service: 'kafka',
    source: 'kafka',
    host: 'broker-1',
    tags: ['env:test'],
    attributes: {},
    file: '/var/log/kafka/server.log',
    ...fields,
  };
}

async function seeded(): Promise<Store> {
  const store = new Store({ path: ':memory:' });
  store.offerLogs([
    log(1, '[ReplicaManager broker=1] Leader not available for orders-0', {
      level: 'warn',
      logger: 'kafka.server.ReplicaManager',
    }),
    log(
      2,
      'Connection to node 2 (localhost/127.0.0.1:9093) could not be established. Broker may not be available.',
      {
        level: 'error',
      },
    ),
    log(3, 'Processing request timeout after 30000 ms', {
      level: 'error',
      service: 'signup-worker',
      source: 'json',
      host: 'app-1',
    }),
    log(4, 'Committed offsets for group signup-worker', {
      service: 'signup-worker',
      source: 'json',
      host: 'app-1',
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      attributes: { topic: 'orders', partition: 0, ok: true, note: null },
    }),
    log(5, 'ZooKeeper session expired; reconnecting', {
      service: 'zookeeper',
      source: 'zookeeper',
      level: 'warn',
      host: 'zk-1',
    }),
    log(6, 'Rebalancing group signup-worker timeout', {
      service: 'signup-worker',
      source: 'json',
      host: 'app-1',
      level: 'debug',
    }),
  ]);
  await store.flush();
  return store;
}

const messages = (store: Store, search: Parameters<Store['query']['logs']>[0]) =>
  store.query.logs(search).logs.map((l) => l.timestamp - T);

test('full-text search: words, phrases, prefixes, OR, negation; punctuation is plain text', async () => {
  const store = await seeded();
  assert.deepEqual(messages(store, { query: 'timeout' }), [6, 3]);
  assert.deepEqual(messages(store, { query: 'TIMEOUT request' }), [3], 'words are ANDed, case-insensitive');
  assert.deepEqual(messages(store, { query: '"not available"' }), [1]);
  assert.deepEqual(messages(store, { query: 'not available' }), [2, 1]);
  assert.deepEqual(messages(store, { query: '"available not"' }), []);
  assert.deepEqual(messages(store, { query: 'Rebalanc*' }), [6]);
  assert.deepEqual(messages(store, { query: 'zookeeper OR replicamanager' }), [5, 1]);
  assert.deepEqual(messages(store, { query: 'timeout -rebalancing' }), [3]);
  assert.deepEqual(messages(store, { query: '-signup -available' }), [5, 3], 'only negative terms');
  assert.deepEqual(messages(store, { query: 'orders-0' }), [1], 'a hyphenated token is a phrase');
  assert.deepEqual(messages(store, { query: '127.0.0.1:9093' }), [2]);
  for (const hostile of ['"', 'NEAR(a b)', 'a AND', '(', '*', 'col:value', '^x', '- -', 'OR OR']) {
    assert.doesNotThrow(() => store.query.logs({ query: hostile }), hostile);
  }
  assert.deepEqual(messages(store, { query: '***' }), [], 'punctuation only matches nothing');
  assert.deepEqual(toFtsQuery('a OR b c -"d e" f*'), {
    match: '("a" OR "b") AND "c" AND "f"*',
    exclude: '"d e"',
  });
  await store.close();
});

test('field filters and time range; records come back whole', async () => {
  const store = await seeded();
  assert.deepEqual(messages(store, { service: 'signup-worker' }), [6, 4, 3]);
  assert.deepEqual(messages(store, { level: ['error', 'warn'] }), [5, 3, 2, 1]);
  assert.deepEqual(messages(store, { source: 'kafka', level: 'error' }), [2]);
  assert.deepEqual(messages(store, { host: 'zk-1' }), [5]);
  assert.deepEqual(messages(store, { from: T + 2, to: T + 5 }), [4, 3, 2]);
  assert.deepEqual(messages(store, { query: 'group', service: 'signup-worker', from: T + 5 }), [6]);
  const [record] = store.query.logs({ traceId: 'A'.repeat(32) }).logs;
  assert.deepEqual(record, {
    id: 4,
    timestamp: T + 4,
    level: 'info',
    message: 'Committed offsets for group signup-worker',
    service: 'signup-worker',
    source: 'json',
    host: 'app-1',
    traceId: 'a'.repeat(32),
    spanId: 'b'.repeat(16),
    tags: ['env:test'],
    attributes: { topic: 'orders', partition: 0, ok: true, note: null },
    file: '/var/log/kafka/server.log',
  });
  assert.equal(store.query.logs({ level: 'warn' }).logs.at(-1)?.logger, 'kafka.server.ReplicaManager');
  await store.close();
});

test('pagination: newest first, ties broken by arrival, every record exactly once', async () => {
  const store = new Store({ path: ':memory:' });
  // 25 records over 5 distinct timestamps: five share each millisecond.
  store.offerLogs(Array.from({ length: 25 }, (_, i) => log(Math.floor(i / 5), `record ${i}`)));
  await store.flush();
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = store.query.logs({ limit: 10, ...(cursor ? { cursor } : {}) });
    seen.push(...page.logs.map((l) => l.message));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== undefined);
  assert.equal(pages, 3);
  assert.deepEqual(
    seen,
    Array.from({ length: 25 }, (_, i) => `record ${24 - i}`),
  );
  assert.throws(() => store.query.logs({ cursor: 'garbage' }), QueryError);
  assert.throws(() => store.query.logs({ cursor: Buffer.from('["x",1]').toString('base64url') }), QueryError);
  await store.close();
});

test('facets count by service, source, level and host; a facet ignores its own filter', async () => {
  const store = await seeded();
  const all = store.query.logFacets({});
  assert.deepEqual(all.service, [
    { value: 'signup-worker', count: 3 },
    { value: 'kafka', count: 2 },
    { value: 'zookeeper', count: 1 },
  ]);
  assert.deepEqual(all.level, [
    { value: 'error', count: 2 },
    { value: 'warn', count: 2 },
    { value: 'debug', count: 1 },
    { value: 'info', count: 1 },
  ]);
  const filtered = store.query.logFacets(
    { service: 'signup-worker', query: 'timeout OR offsets' },
    { facets: ['service', 'level'] },
  );
  assert.deepEqual(filtered.service, [{ value: 'signup-worker', count: 3 }]);
  assert.deepEqual(filtered.level, [
    { value: 'debug', count: 1 },
    { value: 'error', count: 1 },
    { value: 'info', count: 1 },
  ]);
  assert.deepEqual(filtered.host, [], 'facets not asked for stay empty');
  await store.close();
});

test('over-long messages and attribute maps are cut, and counted', async () => {
  const store = new Store({ path: ':memory:', maxMessageChars: 100, maxJsonChars: 50 });
  store.offerLogs([log(0, 'x'.repeat(500), { attributes: { big: 'y'.repeat(200) } })]);
  await store.flush();
  const [stored] = store.query.logs({}).logs;
  assert.equal(stored?.message.length, 100);
  assert.deepEqual(stored?.attributes, { 'kinstrument.truncated': true });
  assert.deepEqual({ ...store.stats().logs }, { records: 1, truncatedMessages: 1, truncatedAttributes: 1 });
  await store.close();
});

test('schema 4: a file whose FTS index a trigger filled finds every record once; deletes still clear it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kinstrument-logs-'));
  try {
    const path = join(dir, 'kinstrument.db');
    const before = openDatabase(path);
    migrate(
      before,
      MIGRATIONS.filter((m) => m.version <= 3),
    );
    before.exec(`INSERT INTO logs (ts, level, service, source, host, message, tags, attributes)
      VALUES (${T + 1}, 'warn', 'kafka', 'kafka', 'broker-1', 'Leader not available before migration', '[]', '{}')`);
    before.close();

    const store = new Store({ path });
    store.offerLogs([log(2, 'Leader not available after migration')]);
    await store.flush();
    assert.deepEqual(messages(store, { query: 'leader' }), [2, 1], 'old and new records, each once');
    assert.deepEqual(messages(store, { query: '"after migration"' }), [2]);
    await store.close();

    const db = openDatabase(path);
    const matches = (word: string) =>
      db.prepare('SELECT rowid FROM logs_fts WHERE logs_fts MATCH ?').all(word).length;
    assert.equal(matches('leader'), 2, 'one index row per record: the writer and no trigger');
    db.exec('DELETE FROM logs');
    assert.equal(matches('leader'), 0, 'the delete trigger still clears the index');
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
