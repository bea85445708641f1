// Saved dashboards: clones get their own ids, templates stay read-only, files are checked and bounded.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DashboardStore } from '../../src/agent/web/dashboards/store';
import { BadRequest } from '../../src/agent/web/http';
import { projectRoot } from '../support/processes';

test('clone a template, edit the copy, delete it; templates cannot change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kinstrument-dashboards-'));
  try {
    const store = new DashboardStore(join(dir, 'dashboards'), join(projectRoot, 'dashboards'));
    const template = await store.get('kafka-overview');
    assert.equal(template?.kind, 'template');
    const copy = await store.create({ ...template!.dashboard, title: 'Kafka (team copy)' });
    assert.match(copy.id, /^kafka-team-copy-[0-9a-f]{6}$/);
    assert.ok(existsSync(join(dir, 'dashboards', `${copy.id}.json`)));
    const edited = await store.update(copy.id, { ...copy, title: 'Renamed', id: 'ignored' });
    assert.equal(edited.id, copy.id);
    assert.equal(
      JSON.parse(readFileSync(join(dir, 'dashboards', `${copy.id}.json`), 'utf8')).title,
      'Renamed',
    );
    assert.deepEqual(
      (await store.list()).map((d) => [d.id === copy.id ? 'copy' : d.id, d.kind]),
      [
        ['kafka-overview', 'template'],
        ['copy', 'saved'],
      ],
    );
    const status = async (work: Promise<unknown>) =>
      work.then(
        () => 0,
        (error: unknown) => (error instanceof BadRequest ? error.status : -1),
      );
    assert.equal(await status(store.update('kafka-overview', template!.dashboard)), 409);
    assert.equal(await status(store.delete('kafka-overview')), 409);
    assert.equal(await status(store.update('missing', template!.dashboard)), 404);
    assert.equal(
      await status(
        store.create({
          title: 'no rows',
          rows: [{ title: 'r', widgets: [{ title: 'w', type: 'timeseries', queries: [] }] }],
        }),
      ),
      400,
    );
    await store.delete(copy.id);
    assert.equal(await store.get(copy.id), undefined);
    assert.equal(await store.get('../../etc/passwd'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
