// 100,000 numbered lines written while the file is rotated by rename and by copytruncate, with the collector
// stopped and restarted (same run path) twice: once across a copytruncate, once across a rename. Every line must
// arrive exactly once.
import assert from 'node:assert/strict';
import { closeSync, copyFileSync, ftruncateSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LogCollector, LogRecord } from '../../src/agent/logs';
import { collector, sleep, temporaryDir, waitUntil } from '../support/logs';

const TOTAL = 100_000;
const BLOCK = 500;
const ROTATE_EVERY = 10_000;
/** The collector is stopped at the first number and started again at the second. */
const DOWNTIMES: [number, number][] = [
  [35_000, 45_000], // a copytruncate happens at 40,000 while it is down
  [65_000, 75_000], // a rename at 70,000
];

test(
  '100k lines through renames, copytruncates and two restarts: each delivered exactly once',
  { timeout: 60_000 },
  async () => {
    const dir = temporaryDir('logs-rotation');
    const file = join(dir.path, 'app.log');
    const runPath = join(dir.path, 'run');
    const counts = new Uint8Array(TOTAL);
    let received = 0;
    let batches = 0;
    let highest = -1;
    const consumer = {
      async onRecords(records: LogRecord[]): Promise<void> {
        // Now and then the consumer is slow, so reading falls behind the writer and rotations hit unread data.
        if (++batches % 7 === 0) await sleep(2);
        for (const record of records) {
          const match = /^seq=(\d+) /.exec(record.message);
          assert.ok(match, `unexpected record ${JSON.stringify(record.message)}`);
          const seq = Number(match[1]);
          if (counts[seq]! === 0) received++;
          counts[seq]!++;
          highest = Math.max(highest, seq);
        }
      },
    };
    const logs = [{ path: file, source: 'app', start_position: 'beginning' }];
    const settings = { readChunkBytes: 16 * 1024, maxBatchRecords: 200 };
    let running: LogCollector | undefined = collector(logs, runPath, consumer, settings);
    const stats: ReturnType<LogCollector['stats']>[] = [];
    await running.start();
    try {
      let fd = openSync(file, 'a');
      let rotations = 0;
      /** The first number written to the file (or content) at the path now. */
      let currentStart = 0;
      // A file must have been seen before it is rotated away: one created and rotated while unseen (written faster
      // than a scan, or while the collector is down) is unknown to any tailer. Reading may lag behind, though.
      const seenCurrentFile = () =>
        waitUntil(
          () => !running || highest >= currentStart,
          10_000,
          () => `a line from ${currentStart} on`,
        );
      const padding = 'x'.repeat(24);
      for (let seq = 0; seq < TOTAL;) {
        let block = '';
        for (let i = 0; i < BLOCK; i++, seq++) block += `seq=${seq} ${padding}\n`;
        writeSync(fd, block);
        if (seq % ROTATE_EVERY === 0 && seq < TOTAL) {
          await seenCurrentFile();
          currentStart = seq;
          rotations++;
          if (rotations % 2 === 1) {
            closeSync(fd);
            renameSync(file, `${file}.${rotations}`);
            fd = openSync(file, 'a');
          } else {
            // copytruncate: the writer keeps its (O_APPEND) descriptor and goes on at the new end.
            copyFileSync(file, `${file}.${rotations}`);
            ftruncateSync(fd, 0);
          }
        }
        for (const [stopAt, startAt] of DOWNTIMES) {
          if (seq === stopAt && running) {
            await seenCurrentFile();
            await running.stop();
            stats.push(running.stats());
            running = undefined;
          }
          if (seq === startAt && !running) {
            running = collector(logs, runPath, consumer, settings);
            await running.start();
          }
        }
        await sleep(1);
      }
      closeSync(fd);
      await waitUntil(
        () => received === TOTAL,
        30_000,
        () => `all lines (got ${received} of ${TOTAL})`,
      );
      await sleep(500); // a duplicate would arrive now
      stats.push(running!.stats());
    } finally {
      await running?.stop();
      dir.remove();
    }
    const duplicated = counts.reduce((n, count) => n + (count > 1 ? 1 : 0), 0);
    assert.equal(duplicated, 0, `${duplicated} lines delivered more than once`);
    assert.equal(received, TOTAL);
    const total = (key: 'rotations' | 'truncations' | 'copiesRecovered' | 'recordsSent') =>
      stats.reduce((sum, s) => sum + s[key], 0);
    assert.equal(total('recordsSent'), TOTAL);
    assert.ok(total('rotations') >= 3, `renames seen while running: ${total('rotations')}`);
    assert.ok(
      total('truncations') >= 3,
      `copytruncates seen (running, or at restart): ${total('truncations')}`,
    );
    // Reading lagged behind at least once when a copytruncate came: the unread end was read from the copy.
    assert.ok(total('copiesRecovered') >= 1, `copies recovered: ${total('copiesRecovered')}`);
    assert.deepEqual(
      stats.map((s) => s.parseFailures + s.droppedRecords + s.deliveryFailures),
      stats.map(() => 0),
    );
  },
);
