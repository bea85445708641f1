// A consumer group whose coordinator is not available, on a real broker: a private rig whose offsets topic
// asks for 3 replicas on 1 broker, so `__consumer_offsets` cannot be created and every FindCoordinator
// answers "not available" (after a broker start the same answer, or "loading", lasts a moment). The
// kafka_consumer check must say so per group (UNKNOWN, a warning) and must not call it a failed connection.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CheckRunner } from '../../src/agent/checks';
import { ServiceCheckStatus, type Flush } from '../../src/agent/model';
import { checkRunner } from '../support/check-runner';
import { waitFor } from '../support/kafka';
import { PrivateRig } from '../support/private-rig';
import { zookeeperAddress } from '../support/rig-env';

// Ports of their own: integration files run two at a time, and check-failure has a private rig too.
const PORTS = {
  kafka: 29092,
  zookeeper: 22181,
  controller: 29093,
  jolokiaKafka: 28778,
  jolokiaZookeeper: 28779,
};
const GROUP = 'group-without-coordinator';
const skip = !zookeeperAddress() && 'runs with the ZooKeeper-mode suite only';
let rig: PrivateRig | undefined;
let runner: CheckRunner | undefined;
const flushes: Flush[] = [];

before(async () => {
  if (skip) return;
  rig = await PrivateRig.start(PORTS, { kafkaProperties: { 'offsets.topic.replication.factor': '3' } });
  runner = checkRunner(
    [
      {
        check: 'kafka_consumer',
        instance: {
          kafka_connect_str: rig.brokers,
          consumer_groups: { [GROUP]: {} },
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

test(
  'no coordinator for a group: the group UNKNOWN with the reason, the connection OK, the run a WARNING',
  { skip },
  async () => {
    const groupStatus = await waitFor(
      'a status for the group',
      () =>
        flushes
          .flatMap((f) => f.serviceChecks)
          .find(
            (s) => s.name === 'kafka.consumer_group.status' && s.tags.includes(`consumer_group:${GROUP}`),
          ),
      60_000,
    ).catch((error: Error) => {
      const status = runner?.status().find((s) => s.check === 'kafka_consumer');
      throw new Error(`${error.message}; the check's status: ${JSON.stringify(status)}`);
    });
    assert.equal(groupStatus.status, ServiceCheckStatus.UNKNOWN, groupStatus.message);
    assert.match(groupStatus.message ?? '', /no group coordinator answered: .*coordinator/i);

    const flush = flushes.find((f) => f.serviceChecks.includes(groupStatus))!;
    const connect = flush.serviceChecks.find((s) => s.name === 'kafka_consumer.can_connect');
    assert.equal(connect?.status, ServiceCheckStatus.OK, connect?.message);
    // No lag status is made up for a group that could not be read.
    assert.equal(
      flush.metrics.some(
        (m) => m.name === 'kafka.consumer_lag.status' && m.tags.includes(`consumer_group:${GROUP}`),
      ),
      false,
    );

    const status = runner?.status().find((s) => s.check === 'kafka_consumer');
    assert.equal(status?.state, 'WARNING');
    assert.ok(
      status?.lastWarnings.some((w) => w.includes(GROUP) && /read again next run/.test(w)),
      JSON.stringify(status?.lastWarnings),
    );
    assert.equal(status?.failedRuns, 0);
  },
);
