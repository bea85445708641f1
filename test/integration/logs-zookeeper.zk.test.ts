// The rig ZooKeeper's own log (zookeeper.log, written in Kafka's layout by the rig's log4j configuration), tailed
// and parsed: every record's level, time and logger equal a plain regular-expression read of the same file.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  collector,
  readLog4jRecords,
  RecordingConsumer,
  rigLogsDir,
  temporaryDir,
  waitUntil,
} from '../support/logs';

const logsDir = rigLogsDir();
const file = logsDir && join(logsDir, 'zookeeper.log');
const skip = !file
  ? 'no rig (KINSTRUMENT_TEST_RIG_MODE or KINSTRUMENT_TEST_RIG_LOGS)'
  : !existsSync(file) && `no ${file}`;

test(
  'rig zookeeper.log: levels, times and loggers as a direct read of the file says',
  { skip },
  async (t) => {
    const run = temporaryDir('logs-zk');
    const consumer = new RecordingConsumer();
    const logs = collector(
      [{ path: file!, source: 'zookeeper', start_position: 'beginning' }],
      run.path,
      consumer,
    );
    await logs.start();
    try {
      await waitUntil(
        () => logs.stats().filesTailed === 1,
        5000,
        () => 'zookeeper.log tailed',
      );
      const expected = readLog4jRecords(readFileSync(file!, 'utf8'));
      assert.ok(expected.length > 0, 'zookeeper.log has records');
      await waitUntil(
        () => consumer.records.length >= expected.length,
        20_000,
        () => `${expected.length} records, got ${consumer.records.length}`,
      );
      if (logs.stats().rotations > 0) return t.skip('zookeeper.log was rolled over by log4j during the test');
      const got = consumer.records.slice(0, expected.length);
      assert.deepEqual(
        got.map((r) => [r.level, r.timestamp, r.logger]),
        expected.map((e) => [e.level, e.timestamp, e.logger]),
      );
      assert.ok(got.some((r) => r.logger?.startsWith('org.apache.zookeeper.')));
      assert.ok(got.every((r) => r.source === 'zookeeper' && r.service === 'zookeeper'));
      assert.equal(logs.stats().parseFailures, 0);
    } finally {
      await logs.stop();
      run.remove();
    }
  },
);
