// The file destination for log lines: a bounded queue (lines past it are dropped and counted), and an
// unwritable path that costs the app nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileSink } from '../../src/signals/logs/file-sink';

const directory = mkdtempSync(join(tmpdir(), 'kinstrument-file-sink-'));
after(() => rmSync(directory, { recursive: true, force: true }));

test('a burst past the queue bound drops and counts lines, never grows memory', async () => {
  const path = join(directory, 'burst.log');
  const errors: unknown[] = [];
  const sink = new FileSink({ path, maxQueuedBytes: 1000, onError: (e) => errors.push(e) });
  const line = 'x'.repeat(49); // 50 bytes with its newline
  for (let i = 0; i < 100; i += 1) sink.write(`${line.slice(0, 45)}${String(i).padStart(4, '0')}`);
  const queued = sink.stats();
  assert.equal(queued.queuedBytes, 1000, 'the queue stops at its bound');
  assert.equal(queued.dropped, 80);
  await sink.flush();
  const written = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  assert.equal(written.length, 20);
  assert.ok(written[19]!.endsWith('0019'), 'the oldest lines are kept, newer ones dropped');
  // Room again once written.
  sink.write('after');
  await sink.close();
  assert.equal(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '').length,
    21,
  );
  assert.deepEqual(errors, []);
  sink.write('after close');
  assert.equal(sink.stats().dropped, 81);
});

test('a path that cannot be opened: lines are dropped and counted, the error reported, nothing thrown', async () => {
  const errors: unknown[] = [];
  const sink = new FileSink({
    path: join(directory, 'no', 'such', 'dir', 'x.log'),
    maxQueuedBytes: 10_000,
    onError: (e) => errors.push(e),
    reopenDelayMs: 60_000,
  });
  for (let i = 0; i < 5; i += 1) sink.write(`line ${i}`);
  await sink.flush();
  sink.write('again');
  await sink.flush();
  assert.equal(sink.stats().dropped, 6);
  assert.equal(errors.length, 1, 'no second open attempt within the reopen delay');
  assert.match(String((errors[0] as Error).message), /ENOENT/);
  await sink.close();
});
