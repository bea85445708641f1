// Every bound of the log collector, pushed past: line length, open files, tailed files, records in flight, and a
// consumer that fails.
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LogRecord } from '../../src/agent/logs';
import { collector, RecordingConsumer, sleep, temporaryDir, waitUntil } from '../support/logs';

test('a line longer than maxLineBytes arrives in pieces, each marked truncated and counted; nothing is lost', async () => {
  const dir = temporaryDir('logs-long');
  const file = join(dir.path, 'app.log');
  const long = 'abcdefghij'.repeat(250); // 2,500 bytes
  writeFileSync(file, `${long}\nnext\n`);
  const consumer = new RecordingConsumer();
  const logs = collector([{ path: file, start_position: 'beginning' }], join(dir.path, 'run'), consumer, {
    maxLineBytes: 1000,
    readChunkBytes: 700,
  });
  await logs.start();
  try {
    await waitUntil(
      () => consumer.records.length === 4,
      5000,
      () => JSON.stringify(consumer.records.length),
    );
    const pieces = consumer.records.slice(0, 3);
    assert.deepEqual(
      pieces.map((r) => r.message.length),
      [1000, 1000, 500],
    );
    assert.ok(pieces.every((r) => r.truncated === true));
    assert.equal(pieces.map((r) => r.message).join(''), long);
    assert.equal(consumer.records[3]!.message, 'next');
    assert.equal(consumer.records[3]!.truncated, undefined);
    assert.equal(logs.stats().truncatedLines, 3);
  } finally {
    await logs.stop();
    dir.remove();
  }
});

test('a multi-line record longer than maxRecordBytes is cut; exclude_truncated drops the pieces', async () => {
  const dir = temporaryDir('logs-long-record');
  const file = join(dir.path, 'server.log');
  const frames = Array.from({ length: 40 }, (_, i) => `\tat a.b.C.m${i}(C.java:${i})`);
  writeFileSync(
    file,
    `[2026-11-25 06:22:38,640] WARN boom (x.Y)\njava.lang.IllegalStateException: boom\n${frames.join('\n')}\n`,
  );
  const consumer = new RecordingConsumer();
  const logs = collector(
    [
      {
        path: file,
        source: 'kafka',
        start_position: 'beginning',
        log_processing_rules: [{ type: 'exclude_truncated', name: 'whole_records_only' }],
      },
    ],
    join(dir.path, 'run'),
    consumer,
    { maxRecordBytes: 400 },
  );
  await logs.start();
  try {
    // 1,060 bytes in records of at most 400: three pieces, all dropped.
    await waitUntil(
      () => logs.stats().excludedRecords === 3,
      5000,
      () => JSON.stringify(logs.stats()),
    );
    await sleep(300);
    assert.equal(consumer.records.length, 0);
    assert.equal(logs.stats().linesRead, 42);
    assert.equal(logs.stats().truncatedLines, 2, 'two cuts');
  } finally {
    await logs.stop();
    dir.remove();
  }
});

test('more files than maxOpenFiles: all are read, never more handles open than allowed', async () => {
  const dir = temporaryDir('logs-open-files');
  const consumer = new RecordingConsumer();
  const logs = collector(
    [{ path: join(dir.path, '*.log'), start_position: 'beginning' }],
    join(dir.path, 'run'),
    consumer,
    {
      maxOpenFiles: 3,
    },
  );
  let mostOpen = 0;
  const watch = setInterval(() => (mostOpen = Math.max(mostOpen, logs.stats().openFiles)), 1);
  for (let f = 0; f < 10; f++) writeFileSync(join(dir.path, `f${f}.log`), `f${f} line 0\n`);
  await logs.start();
  try {
    for (let round = 1; round <= 3; round++) {
      await sleep(50);
      for (let f = 0; f < 10; f++) appendFileSync(join(dir.path, `f${f}.log`), `f${f} line ${round}\n`);
    }
    await waitUntil(
      () => consumer.records.length === 40,
      10_000,
      () => `40 records, got ${consumer.records.length}`,
    );
    await sleep(100);
    const stats = logs.stats();
    assert.equal(stats.filesTailed, 10);
    assert.ok(mostOpen <= 3 && stats.openFiles <= 3, `open files: at most ${mostOpen}`);
    for (let f = 0; f < 10; f++) {
      assert.deepEqual(
        consumer.messages(join(dir.path, `f${f}.log`)),
        [0, 1, 2, 3].map((n) => `f${f} line ${n}`),
      );
    }
  } finally {
    clearInterval(watch);
    await logs.stop();
    dir.remove();
  }
});

test('more files than maxFiles: the rest are skipped and counted', async () => {
  const dir = temporaryDir('logs-max-files');
  for (let f = 0; f < 4; f++) writeFileSync(join(dir.path, `f${f}.log`), 'x\n');
  const consumer = new RecordingConsumer();
  const logs = collector(
    [{ path: join(dir.path, '*.log'), start_position: 'beginning' }],
    join(dir.path, 'run'),
    consumer,
    {
      maxFiles: 2,
    },
  );
  await logs.start();
  try {
    await waitUntil(
      () => consumer.records.length === 2,
      5000,
      () => 'two files read',
    );
    await sleep(250); // a couple of rescans: the skipped files are counted once each
    assert.equal(logs.stats().filesTailed, 2);
    assert.equal(logs.stats().filesSkipped, 2);
    assert.match(logs.stats().problems.join('\n'), /not tailed, 2 files already are \(maxFiles\)/);
  } finally {
    await logs.stop();
    dir.remove();
  }
});

test('backpressure: one batch in flight, at most maxBatchRecords records, and reading waits for it', async () => {
  const dir = temporaryDir('logs-inflight');
  const file = join(dir.path, 'app.log');
  const lines = Array.from({ length: 300 }, (_, i) => `line-${String(i).padStart(4, '0')}`);
  writeFileSync(file, `${lines.join('\n')}\n`); // 10 bytes per line
  let readAhead = 0;
  const consumer = new RecordingConsumer();
  consumer.delayMs = 2;
  const logs = collector(
    [{ path: file, start_position: 'beginning' }],
    join(dir.path, 'run'),
    {
      onRecords: async (records: LogRecord[]) => {
        const stats = logs.stats();
        // Lines read but not yet acknowledged: this batch and the rest of its read chunk, never more.
        readAhead = Math.max(readAhead, stats.linesRead - stats.recordsSent);
        await consumer.onRecords(records);
      },
    },
    { maxBatchRecords: 7, readChunkBytes: 100 },
  );
  await logs.start();
  try {
    await waitUntil(
      () => consumer.records.length === 300,
      10_000,
      () => `300 records, got ${consumer.records.length}`,
    );
    assert.deepEqual(consumer.messages(), lines);
    assert.equal(consumer.maxInFlight, 1);
    assert.ok(Math.max(...consumer.batchSizes) <= 7, `batch sizes ${consumer.batchSizes.join(',')}`);
    assert.ok(readAhead <= 10, `lines read ahead of acknowledgements: ${readAhead}`);
  } finally {
    await logs.stop();
    dir.remove();
  }
});

test('a failing consumer: batches are retried, then dropped and counted after maxDeliveryAttempts', async () => {
  const dir = temporaryDir('logs-failing');
  const file = join(dir.path, 'app.log');
  writeFileSync(file, 'first\n');
  let failures = 2;
  const delivered: string[] = [];
  const logs = collector(
    [{ path: file, start_position: 'beginning' }],
    join(dir.path, 'run'),
    {
      onRecords: async (records: LogRecord[]) => {
        if (failures > 0) {
          failures--;
          throw new Error('store is busy');
        }
        delivered.push(...records.map((r) => r.message));
      },
    },
    { maxDeliveryAttempts: 3 },
  );
  await logs.start();
  try {
    await waitUntil(
      () => delivered.length === 1,
      5000,
      () => 'first, after two failures',
    );
    assert.equal(logs.stats().deliveryFailures, 2);
    failures = 3;
    appendFileSync(file, 'doomed\n');
    await waitUntil(
      () => logs.stats().droppedRecords === 1,
      5000,
      () => 'the dropped record',
    );
    appendFileSync(file, 'after\n');
    await waitUntil(
      () => delivered.length === 2,
      5000,
      () => 'after',
    );
    assert.deepEqual(delivered, ['first', 'after']);
    assert.match(logs.stats().problems.at(-1) ?? '', /delivering 1 records failed \(store is busy\)/);
  } finally {
    await logs.stop();
    dir.remove();
  }
});
