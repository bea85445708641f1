// ZooKeeper `stat` / `mntr` parsing and Datadog name mapping, on answers recorded from the rig (3.8.4) and
// hand-written 3.5 leader answers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { findCatalogMetric } from '../../src/catalog/checks/types';
import { ZK_CATALOG } from '../../src/catalog/checks/zk';
import { parseMntr } from '../../src/agent/checks/zk/four-letter-words';
import { mntrMetricName, mntrMetrics, statMetrics } from '../../src/agent/checks/zk/metrics';
import { parseStat } from '../../src/agent/checks/zk/stat';

const fixture = (name: string) =>
  readFileSync(resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'checks', name), 'utf8');

test('stat from ZooKeeper 3.8.4 (recorded)', () => {
  const stat = parseStat(fixture('zk-3.8.4-standalone.stat.txt'));
  assert.equal(stat.version, '3.8.4-9316c2a7a97e1666d8f4593f34dd6fc36ecc436c');
  assert.equal(stat.notServing, false);
  assert.equal(stat.clients, 2);
  assert.deepEqual(stat.latency, { min: 0, avg: 1.1384, max: 14 });
  assert.equal(stat.received, 162);
  assert.equal(stat.sent, 162);
  assert.equal(stat.connections, 2);
  assert.equal(stat.outstanding, 0);
  assert.deepEqual(stat.zxid, { epoch: 0, count: 0x6c });
  assert.equal(stat.mode, 'standalone');
  assert.equal(stat.nodeCount, 47);
});

test('stat from a ZooKeeper 3.5 leader (integer latencies, proposal sizes, epoch in the zxid)', () => {
  const stat = parseStat(fixture('zk-3.5-leader.stat.txt'));
  assert.equal(stat.version, '3.5.9-83df9301aa5c2a5d284a9940177808c01bc35cef');
  assert.equal(stat.clients, 3);
  assert.deepEqual(stat.latency, { min: 0, avg: 2, max: 41 });
  assert.deepEqual(stat.zxid, { epoch: 3, count: 0xa1c });
  assert.equal(stat.mode, 'leader');
  assert.equal(stat.nodeCount, 4127);
  const names = statMetrics(stat).map((sample) => `${sample.name}:${sample.type}`);
  assert.deepEqual(names, [
    'zookeeper.latency.min:gauge',
    'zookeeper.latency.avg:gauge',
    'zookeeper.latency.max:gauge',
    'zookeeper.bytes_received:gauge',
    'zookeeper.bytes_sent:gauge',
    'zookeeper.packets.received:rate',
    'zookeeper.packets.sent:rate',
    'zookeeper.connections:gauge',
    'zookeeper.outstanding_requests:gauge',
    'zookeeper.zxid.epoch:gauge',
    'zookeeper.zxid.count:gauge',
    'zookeeper.nodes:gauge',
  ]);
});

test('stat of a server that is not serving requests', () => {
  const stat = parseStat(fixture('zk-not-serving.txt'));
  assert.equal(stat.notServing, true);
  assert.equal(stat.version, undefined);
  assert.deepEqual(statMetrics(stat), []);
});

test('mntr names: zk prefix becomes zookeeper, only the first underscore becomes a dot', () => {
  assert.equal(mntrMetricName('zk_avg_latency'), 'zookeeper.avg_latency');
  assert.equal(mntrMetricName('zk_num_alive_connections'), 'zookeeper.num_alive_connections');
  assert.equal(mntrMetricName('zk_packets_received'), 'zookeeper.packets_received');
});

test('mntr from ZooKeeper 3.8.4 (recorded): ~540 numeric keys, all in the catalog with their type', () => {
  const mntr = parseMntr(fixture('zk-3.8.4-standalone.mntr.txt'));
  assert.equal(mntr.malformedLines, 0);
  assert.equal(mntr.text.get('zk_server_state'), 'standalone');
  const samples = mntrMetrics(mntr);
  assert.ok(samples.length > 500, `${samples.length} samples`);
  const byName = new Map(samples.map((sample) => [sample.name, sample]));
  assert.equal(byName.get('zookeeper.avg_latency')?.value, 1.1384);
  assert.equal(byName.get('zookeeper.znode_count')?.value, 47);
  assert.equal(byName.get('zookeeper.packets_received')?.type, 'rate');
  assert.equal(byName.get('zookeeper.watch_count')?.type, 'gauge');
  assert.equal(byName.has('zookeeper.version'), false, 'text values are not metrics');
  for (const sample of samples) {
    const entry = findCatalogMetric(ZK_CATALOG, sample.name);
    assert.ok(entry, `${sample.name} is in the zk catalog`);
    assert.equal(entry.type, sample.type, sample.name);
  }
});

test('mntr from a ZooKeeper 3.5 leader includes the leader-only keys', () => {
  const mntr = parseMntr(fixture('zk-3.5-leader.mntr.txt'));
  const byName = new Map(mntrMetrics(mntr).map((sample) => [sample.name, sample.value]));
  assert.equal(mntr.text.get('zk_server_state'), 'leader');
  assert.equal(byName.get('zookeeper.followers'), 2);
  assert.equal(byName.get('zookeeper.synced_followers'), 2);
  assert.equal(byName.get('zookeeper.pending_syncs'), 0);
  assert.equal(byName.get('zookeeper.max_file_descriptor_count'), 1048576);
});

test('mntr labelled lines (3.6+) become tagged metrics', () => {
  const mntr = parseMntr(
    'zk_server_state\tfollower\nzk_learner_handler_qp_size{key="sid_2"}\t4\nzk_x{k="v"}\tNaN\n',
  );
  assert.deepEqual(mntr.labelled, [
    { key: 'zk_learner_handler_qp_size', label: 'key', labelValue: 'sid_2', value: 4 },
  ]);
  assert.equal(mntr.malformedLines, 1);
  assert.deepEqual(mntrMetrics(mntr), [
    { name: 'zookeeper.learner_handler_qp_size', type: 'gauge', value: 4, tags: ['key:sid_2'] },
  ]);
});
