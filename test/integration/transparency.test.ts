// The same workload with and without `-r kinstrument/register` must look the same to the app: messages,
// keys, headers (ours aside), partitions, offsets, order per partition, errors, retries of a failing
// handler, and the caller's message objects untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTopics, testKafka } from '../support/kafka';
import { OtlpReceiver } from '../support/otlp-receiver';
import { fixture, startApp } from '../support/processes';
import { brokers, uniqueName } from '../support/rig-env';
import { REGISTER_CJS } from '../support/tracing';

interface WorkloadResult {
  sends: unknown[];
  errors: unknown[];
  callerObjectsUnchanged: boolean;
  invocations: Record<string, unknown[]>;
}

async function runWorkload(preload: boolean, endpoint: string): Promise<WorkloadResult> {
  const topic = uniqueName(preload ? 'workload-instrumented' : 'workload-bare');
  await createTopics(testKafka('transparency'), [topic], 3);
  const app = startApp([...(preload ? ['-r', REGISTER_CJS] : []), fixture('tracing', 'workload.js')], {
    KAFKA_BROKERS: brokers().join(','),
    TOPIC: topic,
    GROUP_ID: uniqueName('workload-group'),
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
  });
  const line = await app.waitForLine(/^RESULT /, 90_000);
  const exit = await app.exit();
  assert.equal(exit.code, 0, `workload exits normally (${preload ? 'with' : 'without'} kinstrument)`);
  return JSON.parse(line.slice('RESULT '.length)) as WorkloadResult;
}

test('an instrumented app sees exactly what a bare one sees', async () => {
  const receiver = new OtlpReceiver();
  const endpoint = await receiver.start();
  try {
    const [bare, instrumented] = await Promise.all([
      runWorkload(false, endpoint),
      runWorkload(true, endpoint),
    ]);
    assert.equal(bare.callerObjectsUnchanged, true);
    assert.equal(instrumented.callerObjectsUnchanged, true);
    // kafkajs lists a sendBatch's acknowledgements in the order responses arrive: compare them sorted.
    const comparable = (sends: unknown[]) =>
      (
        JSON.parse(JSON.stringify(sends).replace(/workload-[a-z]+-[a-z0-9]+-[0-9a-f]+/g, 'T')) as {
          partition: number;
        }[][]
      ).map((acks) => [...acks].sort((a, b) => a.partition - b.partition));
    assert.deepEqual(comparable(instrumented.sends), comparable(bare.sends));
    assert.deepEqual(instrumented.errors, bare.errors);
    assert.equal(bare.errors.length, 2);
    assert.deepEqual(instrumented.invocations, bare.invocations);
    const retried = Object.values(bare.invocations)
      .flat()
      .filter((i) => (i as { value: string }).value === 'boom');
    assert.equal(retried.length, 2, 'the failing message was retried once in both runs');
    assert.ok(
      receiver.spans.some((s) => s.name.startsWith('process workload-instrumented')),
      'the instrumented run was traced',
    );
    const failed = receiver.spans.find((s) => s.status.code === 2 && s.name.startsWith('process '));
    assert.ok(failed, 'the failing handler left an ERROR span');
    assert.equal(failed.attributes['error.type'], 'Error');
    assert.ok(
      failed.events.some(
        (e) => e.name === 'exception' && e.attributes['exception.message'] === 'handler failure',
      ),
    );
  } finally {
    await receiver.stop();
  }
});
