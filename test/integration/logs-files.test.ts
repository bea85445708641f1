// What log files do to a tailer, on real files: appear after start, get truncated, end in half a line, rotate,
// and outlive an agent restart.
import assert from 'node:assert/strict';
import {
  appendFileSync,
  closeSync,
  copyFileSync,
  ftruncateSync,
  openSync,
  renameSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REGISTRY_FILE } from '../../src/agent/logs';
import { collector, RecordingConsumer, sleep, temporaryDir, waitUntil } from '../support/logs';

test('start_position end: files present at start are read from their end, files that appear later from their start', async () => {
  const dir = temporaryDir('logs-later');
  writeFileSync(join(dir.path, 'old.log'), 'old 1\nold 2\n');
  const consumer = new RecordingConsumer();
  const logs = collector([{ path: join(dir.path, '*.log'), source: 'app' }], join(dir.path, 'run'), consumer);
  await logs.start();
  try {
    appendFileSync(join(dir.path, 'old.log'), 'old 3\n');
    writeFileSync(join(dir.path, 'new.log'), 'new 1\nnew 2\n');
    writeFileSync(join(dir.path, 'ignored.txt'), 'not matched\n');
    await waitUntil(
      () => consumer.records.length >= 3,
      5000,
      () => JSON.stringify(consumer.messages()),
    );
    await sleep(150);
    assert.deepEqual(consumer.messages(join(dir.path, 'old.log')), ['old 3']);
    assert.deepEqual(consumer.messages(join(dir.path, 'new.log')), ['new 1', 'new 2']);
    assert.equal(logs.stats().filesTailed, 2);
    const record = consumer.records[0]!;
    assert.equal(record.host, 'test-host');
    assert.equal(record.source, 'app');
    assert.equal(record.service, 'app', 'no service configured: the source names it');
    assert.deepEqual(record.tags, ['env:test']);
  } finally {
    await logs.stop();
    dir.remove();
  }
});

test('a restart resumes after the last acknowledged line: lines written while stopped arrive, none twice', async () => {
  const dir = temporaryDir('logs-restart');
  const file = join(dir.path, 'app.log');
  const runPath = join(dir.path, 'run');
  writeFileSync(file, 'before start\n');
  const consumer = new RecordingConsumer();
  const first = collector([{ path: file }], runPath, consumer);
  await first.start();
  appendFileSync(file, 'a1\na2\n');
  await waitUntil(
    () => consumer.records.length === 2,
    5000,
    () => 'a1, a2',
  );
  await first.stop();
  appendFileSync(file, 'b1\nb2\n');
  const second = collector([{ path: file }], runPath, consumer);
  await second.start();
  try {
    appendFileSync(file, 'c1\n');
    await waitUntil(
      () => consumer.records.length >= 5,
      5000,
      () => JSON.stringify(consumer.messages()),
    );
    await sleep(150);
    assert.deepEqual(consumer.messages(), ['a1', 'a2', 'b1', 'b2', 'c1']);
  } finally {
    await second.stop();
    dir.remove();
  }
});

test('truncation: a file that shrinks, or is refilled past the old offset, is read again from its start', async () => {
  const dir = temporaryDir('logs-truncate');
  const file = join(dir.path, 'app.log');
  writeFileSync(file, 'one\ntwo\n');
  const consumer = new RecordingConsumer();
  const logs = collector([{ path: file, start_position: 'beginning' }], join(dir.path, 'run'), consumer);
  await logs.start();
  try {
    await waitUntil(
      () => consumer.records.length === 2,
      5000,
      () => 'two lines',
    );
    truncateSync(file, 0);
    appendFileSync(file, 'x\n');
    await waitUntil(
      () => consumer.records.length === 3,
      5000,
      () => JSON.stringify(consumer.messages()),
    );
    // Refilled beyond where reading was: only the first bytes (the fingerprint) show it is other content.
    truncateSync(file, 0);
    appendFileSync(file, 'a much longer first line than before\n');
    await waitUntil(
      () => consumer.records.length === 4,
      5000,
      () => JSON.stringify(consumer.messages()),
    );
    await sleep(100);
    assert.deepEqual(consumer.messages(), ['one', 'two', 'x', 'a much longer first line than before']);
    assert.equal(logs.stats().truncations, 2);
  } finally {
    await logs.stop();
    dir.remove();
  }
});

test('copytruncate while reading lags: the unread end is read from the copy, then the file from its start', async () => {
  const dir = temporaryDir('logs-copytruncate');
  const file = join(dir.path, 'app.log');
  const consumer = new RecordingConsumer();
  consumer.delayMs = 20;
  const logs = collector([{ path: file, start_position: 'beginning' }], join(dir.path, 'run'), consumer, {
    readChunkBytes: 64,
  });
  const fd = openSync(file, 'a');
  writeSync(fd, Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join(''));
  await logs.start();
  try {
    await waitUntil(
      () => consumer.records.length >= 3,
      5000,
      () => 'some lines',
    );
    copyFileSync(file, `${file}.1`);
    ftruncateSync(fd, 0);
    writeSync(fd, 'after 0\nafter 1\n');
    consumer.delayMs = 0;
    await waitUntil(
      () => consumer.records.length >= 52,
      5000,
      () => `52 lines, got ${consumer.records.length}`,
    );
    await sleep(200);
    const expected = [...Array.from({ length: 50 }, (_, i) => `line ${i}`), 'after 0', 'after 1'];
    assert.deepEqual([...consumer.messages()].sort(), [...expected].sort());
    assert.equal(logs.stats().copiesRecovered, 1);
    assert.ok(
      consumer.records.every((record) => record.file === file),
      'lines read from the copy name the configured file',
    );
  } finally {
    closeSync(fd);
    await logs.stop();
    dir.remove();
  }
});

test('rotation by rename: the old file is read to its end (late writes too), the new one from its start', async () => {
  const dir = temporaryDir('logs-rename');
  const file = join(dir.path, 'app.log');
  const consumer = new RecordingConsumer();
  const logs = collector([{ path: file, start_position: 'beginning' }], join(dir.path, 'run'), consumer, {
    rotatedFileGraceMs: 500,
  });
  let fd = openSync(file, 'a');
  writeSync(fd, 'old 1\n');
  await logs.start();
  try {
    await waitUntil(
      () => consumer.records.length === 1,
      5000,
      () => 'old 1',
    );
    renameSync(file, `${file}.1`);
    writeSync(fd, 'old 2 written after the rename\n');
    const oldFd = fd;
    fd = openSync(file, 'a');
    writeSync(fd, 'new 1\n');
    writeSync(oldFd, 'old 3 still late\n');
    closeSync(oldFd);
    await waitUntil(
      () => consumer.records.length === 4,
      5000,
      () => JSON.stringify(consumer.messages()),
    );
    assert.deepEqual([...consumer.messages()].sort(), [
      'new 1',
      'old 1',
      'old 2 written after the rename',
      'old 3 still late',
    ]);
    assert.equal(logs.stats().rotations, 1);
    await waitUntil(
      () => logs.stats().filesTailed === 1,
      5000,
      () => 'the rotated file to be closed after the grace period',
    );
    writeSync(fd, 'new 2\n');
    await waitUntil(
      () => consumer.records.length === 5,
      5000,
      () => 'new 2',
    );
  } finally {
    closeSync(fd);
    await logs.stop();
    dir.remove();
  }
});

test('a partial last line waits for its newline; after the timeout it is sent, flagged partial', async () => {
  const dir = temporaryDir('logs-partial');
  const file = join(dir.path, 'app.log');
  const consumer = new RecordingConsumer();
  const logs = collector([{ path: file, start_position: 'beginning' }], join(dir.path, 'run'), consumer, {
    partialLineFlushMs: 600,
  });
  writeFileSync(file, 'complete\nhal');
  await logs.start();
  try {
    await waitUntil(
      () => consumer.records.length === 1,
      5000,
      () => 'complete',
    );
    await sleep(200);
    appendFileSync(file, 'f done\n');
    await waitUntil(
      () => consumer.records.length === 2,
      5000,
      () => 'half done',
    );
    assert.equal(consumer.records[1]!.message, 'half done');
    assert.equal(consumer.records[1]!.partial, undefined);
    appendFileSync(file, 'dangling');
    await sleep(300);
    assert.equal(consumer.records.length, 2, 'not before the timeout');
    await waitUntil(
      () => consumer.records.length === 3,
      5000,
      () => 'the dangling line',
    );
    assert.equal(consumer.records[2]!.message, 'dangling');
    assert.equal(consumer.records[2]!.partial, true);
    assert.equal(logs.stats().partialLinesFlushed, 1);
  } finally {
    await logs.stop();
    dir.remove();
  }
});

test('multi-line: a Java stack trace is one record; the last record of a file is sent after the flush timeout', async () => {
  const dir = temporaryDir('logs-multiline');
  const file = join(dir.path, 'server.log');
  const consumer = new RecordingConsumer();
  const logs = collector(
    [{ path: file, source: 'kafka', start_position: 'beginning' }],
    join(dir.path, 'run'),
    consumer,
  );
  writeFileSync(
    file,
    [
      '[2026-11-25 06:22:38,637] INFO [Controller id=0] Starting replica leader election (kafka.controller.KafkaController)',
      "[2026-11-25 06:22:38,640] WARN [RequestSendThread controllerId=0] Controller 0's connection to broker 127.0.0.1:9092 (id: 0 rack: null) was unsuccessful (kafka.controller.RequestSendThread)",
      'java.io.IOException: Connection to 127.0.0.1:9092 (id: 0 rack: null) failed.',
      '\tat org.apache.kafka.clients.NetworkClientUtils.awaitReady(NetworkClientUtils.java:71)',
      '\tat kafka.controller.RequestSendThread.doWork(ControllerChannelManager.scala:252)',
      '',
    ].join('\n'),
  );
  await logs.start();
  try {
    await waitUntil(
      () => consumer.records.length === 2,
      5000,
      () => 'two records',
    );
    const [info, warn] = consumer.records;
    assert.equal(info!.logger, 'kafka.controller.KafkaController');
    assert.equal(warn!.level, 'warn');
    assert.equal(warn!.attributes['error.kind'], 'java.io.IOException');
    assert.equal(warn!.message.split('\n').length, 4);
    assert.equal(logs.stats().linesRead, 5);
  } finally {
    await logs.stop();
    dir.remove();
  }
});

test('a broken state file is reported and reading starts afresh', async () => {
  const dir = temporaryDir('logs-state');
  const runPath = join(dir.path, 'run');
  const file = join(dir.path, 'app.log');
  writeFileSync(file, 'x\n');
  const consumer = new RecordingConsumer();
  const first = collector([{ path: file, start_position: 'beginning' }], runPath, consumer);
  await first.start();
  await waitUntil(
    () => consumer.records.length === 1,
    5000,
    () => 'x',
  );
  await first.stop();
  writeFileSync(join(runPath, REGISTRY_FILE), '{"version":1,"files":[');
  const second = collector([{ path: file, start_position: 'beginning' }], runPath, consumer);
  await second.start();
  try {
    await waitUntil(
      () => consumer.records.length === 2,
      5000,
      () => 'x again',
    );
    assert.match(
      second.stats().problems[0] ?? '',
      /logs-registry\.json: unreadable .*starting without saved offsets/,
    );
  } finally {
    await second.stop();
    dir.remove();
  }
});
