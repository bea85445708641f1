// DogStatsD over real UDP sockets on loopback: hot-shots (the SDK's client) and raw datagrams in,
// aggregated values out. Needs no broker.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { StatsD } from 'hot-shots';
import { Aggregator } from '../../src/agent/aggregator';
import { DogStatsDServer, type DogStatsDServerStats } from '../../src/agent/intake/dogstatsd';
import type { Flush, MetricSample } from '../../src/agent/model';

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function startIntake(): Promise<{ aggregator: Aggregator; server: DogStatsDServer; port: number }> {
  const aggregator = new Aggregator();
  const server = new DogStatsDServer({ port: 0, receiveBufferBytes: 1 << 20, handler: aggregator });
  const { udp } = await server.start();
  assert.ok(udp);
  return { aggregator, server, port: udp.port };
}

function find(flush: Flush, name: string, tag?: string): MetricSample {
  const found = flush.metrics.find((m) => m.name === name && (tag === undefined || m.tags.includes(tag)));
  assert.ok(found, `${name} ${tag ?? ''} in ${flush.metrics.map((m) => m.name).join(', ')}`);
  return found;
}

function closeClient(client: StatsD): Promise<void> {
  return new Promise((resolve) => client.close(() => resolve()));
}

function sendRaw(port: number, datagrams: string[]): Promise<void> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve, reject) => {
    let pending = datagrams.length;
    for (const datagram of datagrams) {
      socket.send(datagram, port, '127.0.0.1', (error) => {
        if (error) reject(error);
        else if (--pending === 0) socket.close(() => resolve());
      });
    }
  });
}

test('hot-shots over UDP: every type, events and service checks arrive and aggregate', async (t) => {
  const { aggregator, server, port } = await startIntake();
  t.after(() => server.close());
  const errors: Error[] = [];
  // A buffering client packs several lines per datagram, like production clients.
  const client = new StatsD({
    host: '127.0.0.1',
    port,
    maxBufferSize: 1400,
    bufferFlushInterval: 20,
    globalTags: ['service:checkout'],
    errorHandler: (error) => errors.push(error),
  });
  client.increment('kafka.producer.messages', 3, ['topic:orders']);
  client.increment('kafka.producer.messages', 2, ['topic:orders']);
  client.gauge('kafka.consumer.lag', 40, ['partition:0']);
  client.gauge('kafka.consumer.lag', 42, ['partition:0']);
  for (const value of [10, 20, 30, 40]) client.histogram('kafka.batch.size', value);
  client.timing('kafka.send.duration', 8);
  for (const value of [1, 2, 3]) client.distribution('kafka.message.bytes', value * 100);
  for (const member of ['alice', 'bob', 'alice']) client.set('kafka.producers', member);
  client.event('Rebalance', 'group g1\nrebalanced', { alert_type: 'warning' }, ['group:g1']);
  client.check('kafka.client.up', client.CHECKS.CRITICAL, { message: 'broker unreachable' }, ['env:test']);
  await closeClient(client);
  await waitFor('15 metric lines, 1 event, 1 service check', () => {
    const stats = server.stats();
    return stats.metrics >= 15 && stats.events >= 1 && stats.serviceChecks >= 1;
  });
  assert.deepEqual(errors, []);

  const stats: DogStatsDServerStats = server.stats();
  assert.equal(stats.parseErrorsTotal, 0);
  assert.ok(stats.packets < stats.lines, `lines were packed: ${stats.packets} packets, ${stats.lines} lines`);
  assert.equal(stats.udp?.packets, stats.packets);

  const flush = aggregator.flush();
  const sent = find(flush, 'kafka.producer.messages');
  assert.equal(sent.type, 'rate');
  assert.equal(sent.value, 0.5); // 5 over 10 s
  assert.deepEqual(sent.tags, ['service:checkout', 'topic:orders']);
  assert.equal(find(flush, 'kafka.consumer.lag').value, 42);
  assert.equal(find(flush, 'kafka.batch.size.avg').value, 25);
  assert.equal(find(flush, 'kafka.batch.size.max').value, 40);
  assert.equal(find(flush, 'kafka.batch.size.median').value, 20);
  assert.equal(find(flush, 'kafka.batch.size.count').value, 0.4);
  assert.equal(find(flush, 'kafka.send.duration.max').value, 8);
  assert.equal(find(flush, 'kafka.message.bytes.count').value, 3);
  assert.equal(find(flush, 'kafka.message.bytes.sum').value, 600);
  assert.equal(find(flush, 'kafka.producers').value, 2);
  assert.equal(flush.events.length, 1);
  assert.equal(flush.events[0]?.title, 'Rebalance');
  assert.equal(flush.events[0]?.text, 'group g1\nrebalanced');
  assert.equal(flush.events[0]?.alertType, 'warning');
  assert.deepEqual(flush.events[0]?.tags, ['group:g1', 'service:checkout']);
  assert.deepEqual(
    flush.serviceChecks.map((c) => [c.name, c.status, c.message]),
    [['kafka.client.up', 2, 'broker unreachable']],
  );
});

test('raw datagrams: packed values, sample rates, timestamps, and garbage that is counted not fatal', async (t) => {
  const { aggregator, server, port } = await startIntake();
  t.after(() => server.close());
  await sendRaw(port, [
    'raw.count:1|c|@0.1|#a:1\nraw.count:2|c|#a:1',
    'raw.hist:1:2:3:4:5|h|@0.5',
    'raw.gauge:7|g|T1600000000',
    'this is not statsd\nraw.gauge.live:3|g\nx:1|c|@7',
    Buffer.from([0xff, 0x00, 0x7c, 0x0a]).toString('latin1'),
    '',
  ]);
  await waitFor('6 packets', () => server.stats().packets >= 6);
  const stats = server.stats();
  assert.equal(stats.metrics, 5);
  assert.equal(stats.parseErrors.invalid_format, 2);
  assert.equal(stats.parseErrors.invalid_sample_rate, 1);
  assert.ok(stats.bytes > 0);

  const flush = aggregator.flush();
  assert.equal(find(flush, 'raw.count').value, 1.2); // (1 / 0.1 + 2) / 10
  assert.equal(find(flush, 'raw.hist.count').value, 1); // 5 samples weighted 2, over 10 s
  assert.equal(find(flush, 'raw.hist.avg').value, 3);
  const timestamped = find(flush, 'raw.gauge');
  assert.deepEqual([timestamped.value, timestamped.timestamp], [7, 1600000000]);
  assert.equal(find(flush, 'raw.gauge.live').value, 3);
});

test('close() releases the port: a new server can bind it at once', async () => {
  const { server, port } = await startIntake();
  await server.close();
  await server.close(); // idempotent
  const again = new DogStatsDServer({ port, handler: new Aggregator() });
  const { udp } = await again.start();
  assert.equal(udp?.port, port);
  await again.close();
});

test('binding a port in use fails with a message that names it', async (t) => {
  const { server, port } = await startIntake();
  t.after(() => server.close());
  const second = new DogStatsDServer({ port, handler: new Aggregator() });
  await assert.rejects(second.start(), new RegExp(`cannot listen on udp 127\\.0\\.0\\.1:${port}`));
});

test('a burst of 20 000 metrics is counted exactly, with kernel drops visible in stats', async (t) => {
  const { aggregator, server, port } = await startIntake();
  t.after(() => server.close());
  const lines = Array.from({ length: 20 }, (_, i) => `burst.count:1|c|#shard:${i % 4}`).join('\n');
  const socket = dgram.createSocket('udp4');
  for (let batch = 0; batch < 1_000; batch += 1) {
    await new Promise<void>((resolve, reject) =>
      socket.send(lines, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
    );
    if (batch % 100 === 99) await sleep(1); // let the intake drain, as a real client would be paced
  }
  socket.close();
  const stats = await (async () => {
    await waitFor('all packets or a stable count', () => server.stats().packets >= 1_000, 5_000).catch(
      () => undefined,
    );
    return server.stats();
  })();
  const kernelDrops = stats.udp?.kernelDrops ?? 0;
  assert.equal(
    stats.packets + kernelDrops,
    1_000,
    `received ${stats.packets}, kernel dropped ${kernelDrops}`,
  );
  const total = aggregator
    .flush()
    .metrics.filter((m) => m.name === 'burst.count')
    .reduce((sum, m) => sum + m.value * 10, 0);
  assert.equal(total, stats.packets * 20);
});
