// The rig broker's own logs, tailed and parsed: server.log and controller.log (Kafka's layout, a stack trace now
// and then). Every record's level, time and logger equal a plain regular-expression read of the same file.
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
const skip = !logsDir
  ? 'no rig (KINSTRUMENT_TEST_RIG_MODE or KINSTRUMENT_TEST_RIG_LOGS)'
  : !existsSync(join(logsDir, 'server.log')) && `no server.log in ${logsDir}`;

for (const name of ['server.log', 'controller.log']) {
  test(`rig ${name}: levels, times and loggers as a direct read of the file says`, { skip }, async (t) => {
    const file = join(logsDir!, name);
    const run = temporaryDir('logs-rig');
    const consumer = new RecordingConsumer();
    const logs = collector(
      [{ path: file, source: 'kafka', service: 'kafka-broker', start_position: 'beginning' }],
      run.path,
      consumer,
    );
    await logs.start();
    try {
      await waitUntil(
        () => logs.stats().filesTailed === 1,
        5000,
        () => `${name} tailed`,
      );
      const expected = readLog4jRecords(readFileSync(file, 'utf8'));
      assert.ok(expected.length > 0, `${name} has records`);
      await waitUntil(
        () => consumer.records.length >= expected.length,
        20_000,
        () => `${expected.length} records, got ${consumer.records.length}`,
      );
      if (logs.stats().rotations > 0) return t.skip(`${name} was rolled over by log4j during the test`);
      const got = consumer.records.slice(0, expected.length);
      assert.deepEqual(
        got.map((r) => [r.level, r.timestamp, r.logger]),
        expected.map((e) => [e.level, e.timestamp, e.logger]),
      );
      for (const [i, record] of got.entries()) {
        assert.ok(
          expected[i]!.firstLine.includes(record.message.split('\n')[0]!),
          `${record.message} in ${expected[i]!.firstLine}`,
        );
      }
      assert.equal(logs.stats().parseFailures, 0);
      assert.ok(got.every((r) => r.service === 'kafka-broker' && r.source === 'kafka' && r.file === file));
      const withTrace = got.find((r) => r.attributes['error.kind'] !== undefined);
      if (withTrace) assert.match(String(withTrace.attributes['error.stack']), /\n\tat /);
    } finally {
      await logs.stop();
      run.remove();
    }
  });
}
