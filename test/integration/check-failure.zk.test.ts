// Failure and recovery on a private rig (own ports and state; the shared rig is never touched): with
// ZooKeeper stopped `zookeeper.ruok` goes CRITICAL while the runner carries on, with the broker stopped
// `kafka.can_connect` and `kafka_consumer.can_connect` do; both recover after a restart, and a consumer
// group's coordinator loading its offsets after the restart is not reported as a failed connection.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import type { CheckRunner } from '../../src/agent/checks';
import { ServiceCheckStatus, type Flush } from '../../src/agent/model';
import { checkRunner } from '../support/check-runner';
import { waitFor } from '../support/kafka';
import { PrivateRig } from '../support/private-rig';
import { zookeeperAddress } from '../support/rig-env';

// The private rig is a ZooKeeper-mode rig: it needs the zk jars, which ZooKeeper mode guarantees.
const skip = !zookeeperAddress() && 'runs with the ZooKeeper-mode suite only';
let rig: PrivateRig | undefined;
let runner: CheckRunner | undefined;
const flushes: Flush[] = [];
/** A group with a committed offset, so the broker has a group coordinator to load after a restart. */
const GROUP = 'check-failure-group';

before(async () => {
  if (skip) return;
  rig = await PrivateRig.start();
  // Before the ZooKeeper test stops ZooKeeper: the broker takes a while to be itself again after that.
  await commitGroupOffset(GROUP, 'check-failure-topic');
  runner = checkRunner(
    [
      {
        check: 'zk',
        instance: { host: '127.0.0.1', port: rig.ports.zookeeper, timeout: 1, min_collection_interval: 0.5 },
      },
      {
        check: 'kafka',
        instance: {
          host: '127.0.0.1',
          port: rig.ports.jolokiaKafka,
          timeout: 2,
          min_collection_interval: 0.5,
        },
      },
      {
        check: 'kafka_consumer',
        instance: {
          kafka_connect_str: rig.brokers,
          monitor_unlisted_consumer_groups: true,
          kafka_timeout: 2,
          min_collection_interval: 0.5,
        },
      },
    ],
    flushes,
  ).runner;
  runner.start();
});

after(async () => {
  await runner?.stop();
  await rig?.destroy();
});

/** Waits for a flush after `since` holding the service check with that status. */
function serviceCheck(name: string, status: ServiceCheckStatus, since: number, timeoutMs = 45_000) {
  return waitFor(
    `${name} ${ServiceCheckStatus[status]}`,
    () =>
      flushes
        .slice(since)
        .flatMap((f) => f.serviceChecks)
        .find((s) => s.name === name && s.status === status),
    timeoutMs,
  );
}

function runsOf(check: string): number {
  return runner?.status().find((s) => s.check === check)?.totalRuns ?? 0;
}

test(
  'ZooKeeper stopped: zookeeper.ruok CRITICAL, the runner keeps running, OK after restart',
  { skip },
  async () => {
    await serviceCheck('zookeeper.ruok', ServiceCheckStatus.OK, 0);
    let mark = flushes.length;
    await rig?.stop('zookeeper');
    const critical = await serviceCheck('zookeeper.ruok', ServiceCheckStatus.CRITICAL, mark);
    assert.match(critical.message ?? '', /ECONNREFUSED|ECONNRESET|did not answer|closed/);
    const zkStatus = runner?.status().find((s) => s.check === 'zk');
    assert.equal(zkStatus?.state, 'ERROR');
    const kafkaRuns = runsOf('kafka');
    await waitFor('the kafka instance keeps running', () =>
      runsOf('kafka') > kafkaRuns + 1 ? true : undefined,
    );
    mark = flushes.length;
    await rig?.restart('zookeeper');
    await serviceCheck('zookeeper.ruok', ServiceCheckStatus.OK, mark);
    await waitFor('zk recovered', () =>
      runner?.status().find((s) => s.check === 'zk')?.state === 'OK' ? true : undefined,
    );
  },
);

/** Commits an offset for `group` on the private rig (topic created, two messages produced). */
async function commitGroupOffset(group: string, topic: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'check-failure', brokers: rig!.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }] });
    await producer.disconnect();
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '1' }] });
  } finally {
    await admin.disconnect();
  }
}

test(
  'broker stopped: kafka.can_connect and kafka_consumer.can_connect CRITICAL, then recovery',
  { skip },
  async (t) => {
    await rig?.restart('zookeeper'); // no-op when running; the broker cannot restart without it
    await serviceCheck('kafka.can_connect', ServiceCheckStatus.OK, 0);
    await serviceCheck('kafka_consumer.can_connect', ServiceCheckStatus.OK, 0);
    let mark = flushes.length;
    await rig?.stop('kafka');
    const broker = await serviceCheck('kafka.can_connect', ServiceCheckStatus.CRITICAL, mark);
    assert.match(broker.message ?? '', /unreachable/);
    await serviceCheck('kafka_consumer.can_connect', ServiceCheckStatus.CRITICAL, mark);
    const zkRuns = runsOf('zk');
    await waitFor('the zk instance keeps running', () => (runsOf('zk') > zkRuns + 1 ? true : undefined));
    await rig?.restart('kafka');
    // From here the broker is up: its coordinator may still be loading the group's offsets for a moment.
    mark = flushes.length;
    await serviceCheck('kafka.can_connect', ServiceCheckStatus.OK, mark);
    await serviceCheck('kafka_consumer.can_connect', ServiceCheckStatus.OK, mark);
    await waitFor(`${GROUP} read again`, () =>
      flushes
        .slice(mark)
        .flatMap((f) => f.serviceChecks)
        .find(
          (s) =>
            s.name === 'kafka.consumer_group.status' &&
            s.tags.includes(`consumer_group:${GROUP}`) &&
            s.status === ServiceCheckStatus.OK,
        ),
    );
    const sinceRestart = flushes.slice(mark).flatMap((f) => f.serviceChecks);
    const coordinatorFailures = sinceRestart.filter(
      (s) =>
        s.name === 'kafka_consumer.can_connect' &&
        s.status !== ServiceCheckStatus.OK &&
        /coordinator|loading/i.test(s.message ?? ''),
    );
    assert.deepEqual(coordinatorFailures, [], 'a loading coordinator is not a failed connection');
    const unknown = sinceRestart.filter(
      (s) => s.name === 'kafka.consumer_group.status' && s.status === ServiceCheckStatus.UNKNOWN,
    );
    for (const each of unknown) assert.match(each.message ?? '', /no group coordinator answered/);
    t.diagnostic(`runs that met the group's coordinator not ready after the restart: ${unknown.length}`);
    const kafkaStatus = runner?.status().find((s) => s.check === 'kafka');
    assert.ok((kafkaStatus?.failedRuns ?? 0) >= 1);
    assert.ok(kafkaStatus?.lastSuccessfulExecutionAt !== undefined);
  },
);
