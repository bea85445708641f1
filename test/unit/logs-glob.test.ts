// Path globs on a real directory tree: *, ?, [..], **, exclusions, symbolic links and the walk's bounds.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkGlob, expandGlob, globToRegExp } from '../../src/agent/logs/glob';

const root = mkdtempSync(join(tmpdir(), 'kinstrument-logs-glob-'));
after(() => rmSync(root, { recursive: true, force: true }));

for (const file of [
  'kafka/server.log',
  'kafka/controller.log',
  'kafka/server.log.1',
  'kafka/state-change.log',
  'apps/a/app.log',
  'apps/a/deep/er/app.log',
  'apps/b/app.log',
  'apps/b/app1.log',
  'zk/zookeeper.log',
]) {
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), 'x\n');
}
mkdirSync(join(root, 'kafka', 'dir.log'));
symlinkSync(join(root, 'apps'), join(root, 'apps', 'b', 'loop'));
symlinkSync(join(root, 'zk', 'zookeeper.log'), join(root, 'kafka', 'zk-link.log'));

const rel = (files: string[]) => files.map((file) => file.slice(root.length + 1));

test('* and ? stay within a segment; directories are not files; links to files are', async () => {
  assert.deepEqual(rel((await expandGlob(join(root, 'kafka', '*.log'))).files), [
    'kafka/controller.log',
    'kafka/server.log',
    'kafka/state-change.log',
    'kafka/zk-link.log',
  ]);
  assert.deepEqual(rel((await expandGlob(join(root, 'apps', '?', 'app.log'))).files), [
    'apps/a/app.log',
    'apps/b/app.log',
  ]);
  assert.deepEqual(rel((await expandGlob(join(root, 'apps', 'b', 'app[0-9].log'))).files), [
    'apps/b/app1.log',
  ]);
  assert.deepEqual(rel((await expandGlob(join(root, 'apps', 'b', 'app[!0-9].log'))).files), []);
  assert.deepEqual(rel((await expandGlob(join(root, 'kafka', 'server.log'))).files), ['kafka/server.log']);
  assert.deepEqual((await expandGlob(join(root, 'missing', '*.log'))).files, []);
});

test('** matches any depth, including none, and never follows linked directories', async () => {
  const result = await expandGlob(join(root, 'apps', '**', 'app.log'));
  assert.deepEqual(rel(result.files), ['apps/a/app.log', 'apps/a/deep/er/app.log', 'apps/b/app.log']);
  assert.equal(result.truncated, false);
});

test('the walk stops at its bounds and says so', async () => {
  const result = await expandGlob(join(root, '**', '*.log'), { maxEntries: 5, maxDepth: 16 });
  assert.equal(result.truncated, true);
  const shallow = await expandGlob(join(root, 'apps', '**', 'app.log'), { maxEntries: 1000, maxDepth: 1 });
  assert.equal(shallow.truncated, true);
  assert.deepEqual(rel(shallow.files), ['apps/a/app.log', 'apps/b/app.log']);
});

test('whole-path matching for exclude_paths', () => {
  assert.ok(globToRegExp('/var/log/kafka/*.log').test('/var/log/kafka/server.log'));
  assert.ok(!globToRegExp('/var/log/kafka/*.log').test('/var/log/kafka/sub/server.log'));
  assert.ok(globToRegExp('/var/log/**/x.log').test('/var/log/x.log'));
  assert.ok(globToRegExp('/var/log/**/x.log').test('/var/log/a/b/x.log'));
  assert.ok(globToRegExp('/var/log/**').test('/var/log/a/b/x.log'));
  assert.ok(!globToRegExp('/var/log/a?.log').test('/var/log/a/.log'));
  assert.ok(
    globToRegExp('/var/log/a.(1).log').test('/var/log/a.(1).log'),
    'regular-expression characters are literal',
  );
});

test('pattern checks', () => {
  assert.equal(checkGlob('/var/log/*.log'), undefined);
  assert.equal(checkGlob('var/log/*.log'), 'must be an absolute path');
  assert.equal(checkGlob('/var/log/[a-z.log'), 'unclosed "[" in "[a-z.log"');
});
