// The `zk` check against the rig's ZooKeeper: metrics equal a raw `mntr` read, service checks and metadata.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMntr, sendFourLetterWord } from '../../src/agent/checks/zk/four-letter-words';
import { findCatalogMetric } from '../../src/catalog/checks/types';
import { ZK_CATALOG } from '../../src/catalog/checks/zk';
import { ServiceCheckStatus } from '../../src/agent/model';
import { zookeeperAddress } from '../support/rig-env';
import { singleCheckRunner } from '../support/check-runner';

const zk = zookeeperAddress();
const skip = !zk && 'no ZooKeeper given (KINSTRUMENT_TEST_ZOOKEEPER)';

function setup(instance: Record<string, unknown>) {
  return singleCheckRunner('zk', instance);
}

test('zk check metrics equal a raw mntr read; ruok OK; version metadata', { skip }, async () => {
  const { host, port } = zk ?? { host: '', port: 0 };
  const { runner, id, flushes } = setup({ host, port, expected_mode: 'standalone', tags: ['team:data'] });
  const before = parseMntr(await sendFourLetterWord('mntr', { host, port }));
  const status = await runner.runOnce(id);
  const after = parseMntr(await sendFourLetterWord('mntr', { host, port }));
  await runner.stop();
  assert.equal(status.state, 'OK', JSON.stringify(status.lastError ?? status.lastWarnings));
  assert.equal(status.metadata.version, before.text.get('zk_version')?.split(',')[0]);
  const flush = flushes.at(-1);
  const metric = (name: string) => flush?.metrics.find((m) => m.name === name);
  assert.equal(
    metric('zookeeper.max_file_descriptor_count')?.value,
    before.metrics.get('zk_max_file_descriptor_count'),
  );
  // Values other tests may move between the reads lie between the reads before and after the check.
  for (const key of ['zk_znode_count', 'zk_ephemerals_count', 'zk_approximate_data_size']) {
    const value = metric(`zookeeper.${key.slice(3)}`)?.value ?? Number.NaN;
    const low = Math.min(before.metrics.get(key) ?? Infinity, after.metrics.get(key) ?? Infinity);
    const high = Math.max(before.metrics.get(key) ?? -Infinity, after.metrics.get(key) ?? -Infinity);
    assert.ok(value >= low && value <= high, `${key}: ${value} not in [${low}, ${high}]`);
  }
  const received = metric('zookeeper.bytes_received')?.value ?? -1;
  assert.ok(received >= (before.metrics.get('zk_packets_received') ?? 0), 'stat Received is a packet count');
  assert.ok(metric('zookeeper.latency.avg'));
  assert.ok(metric('zookeeper.znode_count')?.tags.includes('mode:standalone'));
  assert.ok(metric('zookeeper.znode_count')?.tags.includes('team:data'));
  assert.deepEqual(metric('zookeeper.instances')?.tags, ['mode:standalone', 'team:data']);
  assert.equal(metric('zookeeper.instances.standalone')?.value, 1);
  assert.equal(metric('zookeeper.instances.leader')?.value, 0);
  const ruok = flush?.serviceChecks.find((s) => s.name === 'zookeeper.ruok');
  assert.equal(ruok?.status, ServiceCheckStatus.OK);
  assert.deepEqual(ruok?.tags, [`host:${host}`, `port:${port}`, 'team:data']);
  assert.equal(flush?.serviceChecks.find((s) => s.name === 'zookeeper.mode')?.status, ServiceCheckStatus.OK);
  for (const sample of flushes.flatMap((f) => f.metrics)) {
    const entry = findCatalogMetric(ZK_CATALOG, sample.name);
    assert.ok(entry, `${sample.name} is in the zk catalog`);
    assert.equal(sample.type, entry.type === 'rate' ? 'gauge' : entry.type, sample.name);
  }
});

test(
  'zookeeper.mode is CRITICAL when the mode is not the expected one; rates appear on the second run',
  { skip },
  async () => {
    const { host, port } = zk ?? { host: '', port: 0 };
    const { runner, id, flushes } = setup({ host, port, expected_mode: ['leader', 'follower'] });
    await runner.runOnce(id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await runner.runOnce(id);
    await runner.stop();
    const mode = flushes.at(-1)?.serviceChecks.find((s) => s.name === 'zookeeper.mode');
    assert.equal(mode?.status, ServiceCheckStatus.CRITICAL);
    assert.equal(mode?.message, 'Server is in standalone mode but check expects leader or follower mode');
    const rate = flushes.at(-1)?.metrics.find((m) => m.name === 'zookeeper.packets_received');
    assert.ok(rate && rate.value > 0, 'each four-letter word is a packet: the rate is positive');
  },
);

test('zookeeper.ruok is CRITICAL when nothing listens; instance mode down', async () => {
  const { runner, id, flushes } = setup({ host: '127.0.0.1', port: 1, timeout: 1 });
  const status = await runner.runOnce(id);
  await runner.stop();
  assert.equal(status.state, 'ERROR');
  const flush = flushes.at(-1);
  assert.equal(
    flush?.serviceChecks.find((s) => s.name === 'zookeeper.ruok')?.status,
    ServiceCheckStatus.CRITICAL,
  );
  assert.deepEqual(flush?.metrics.find((m) => m.name === 'zookeeper.instances')?.tags, ['mode:down']);
});
