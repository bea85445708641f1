// ZooKeeper answers four-letter words on its client port and serves its MBeans through Jolokia.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMntr, sendFourLetterWord } from '../../src/agent/checks/zk/four-letter-words';
import { jolokiaBulk } from '../support/jolokia';
import { zookeeperAddress, zookeeperJolokiaUrl } from '../support/rig-env';

const zk = zookeeperAddress();
const jolokia = zookeeperJolokiaUrl();

test(
  'ZooKeeper ruok → imok',
  { skip: !zk && 'no ZooKeeper given (KINSTRUMENT_TEST_ZOOKEEPER)' },
  async () => {
    assert.equal(await sendFourLetterWord('ruok', { host: zk!.host, port: zk!.port }), 'imok');
  },
);

test(
  'ZooKeeper mntr parses into metrics',
  { skip: !zk && 'no ZooKeeper given (KINSTRUMENT_TEST_ZOOKEEPER)' },
  async () => {
    const parsed = parseMntr(await sendFourLetterWord('mntr', { host: zk!.host, port: zk!.port }));
    assert.equal(parsed.malformedLines, 0);
    assert.equal(parsed.text.get('zk_server_state'), 'standalone');
    assert.match(parsed.text.get('zk_version') ?? '', /^3\.\d+\.\d+/);
    // The broker holds a session, so at least one live connection and a handful of znodes.
    assert.ok((parsed.metrics.get('zk_num_alive_connections') ?? 0) >= 1);
    assert.ok((parsed.metrics.get('zk_znode_count') ?? 0) > 5);
    assert.ok(parsed.metrics.has('zk_avg_latency'));
  },
);

test('ZooKeeper rejects what is not a four-letter word before connecting', async () => {
  await assert.rejects(
    sendFourLetterWord('ruok\n', { host: '127.0.0.1', port: 1 }),
    /not a ZooKeeper four-letter word/,
  );
});

test(
  'a Jolokia bulk read of ZooKeeper MBeans',
  { skip: !jolokia && 'no ZooKeeper Jolokia URL (KINSTRUMENT_TEST_ZK_JOLOKIA)' },
  async () => {
    const port = zk?.port ?? 2181;
    const [server, tree] = await jolokiaBulk(jolokia ?? '', [
      {
        type: 'read',
        mbean: `org.apache.ZooKeeperService:name0=StandaloneServer_port${port}`,
        attribute: ['Version', 'NumAliveConnections'],
      },
      {
        type: 'read',
        mbean: `org.apache.ZooKeeperService:name0=StandaloneServer_port${port},name1=InMemoryDataTree`,
        attribute: 'NodeCount',
      },
    ]);
    assert.equal(server?.status, 200);
    const value = server?.value as { Version: string; NumAliveConnections: number };
    assert.match(value.Version, /^3\.\d+\.\d+/);
    assert.ok(value.NumAliveConnections >= 1);
    assert.equal(tree?.status, 200);
    assert.ok((tree?.value as number) > 5);
  },
);
