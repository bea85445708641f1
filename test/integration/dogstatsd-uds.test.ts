// DogStatsD over a Unix datagram socket (unix-dgram), with hot-shots' `uds` protocol and raw datagrams.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { StatsD } from 'hot-shots';
import { Aggregator } from '../../src/agent/aggregator';
import { DogStatsDServer } from '../../src/agent/intake/dogstatsd';

interface UnixDgramClient {
  on(event: 'error', listener: (error: unknown) => void): void;
  connect(path: string): void;
  send(buffer: Buffer, callback: (error?: Error) => void): void;
  close(): void;
}
const unixDgram = createRequire(__filename)('unix-dgram') as {
  createSocket(type: 'unix_dgram'): UnixDgramClient;
};

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function tempSocketPath(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kinstrument-dsd-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'dsd.socket');
}

test('hot-shots over UDS and raw unix datagrams are aggregated', async (t) => {
  const socketPath = tempSocketPath(t);
  const aggregator = new Aggregator();
  const server = new DogStatsDServer({ port: null, socketPath, handler: aggregator });
  const addresses = await server.start();
  t.after(() => server.close());
  assert.deepEqual(addresses, { socketPath });
  assert.equal(statSync(socketPath).mode & 0o777, 0o722);

  const client = new StatsD({
    protocol: 'uds',
    path: socketPath,
    errorHandler: (error) => assert.fail(error),
  });
  client.increment('uds.requests', 4, ['route:/a']);
  client.gauge('uds.inflight', 9);
  client.distribution('uds.size', 512);
  await new Promise<void>((resolve) => client.close(() => resolve()));

  const raw = unixDgram.createSocket('unix_dgram');
  raw.on('error', (error) => assert.fail(String(error)));
  raw.connect(socketPath);
  await new Promise<void>((resolve, reject) =>
    raw.send(Buffer.from('uds.requests:6|c|#route:/a\nuds.hist:1:3|h\nnot a metric'), (error) =>
      error ? reject(error) : resolve(),
    ),
  );
  raw.close();

  await waitFor('5 metric lines', () => server.stats().metrics >= 5);
  const stats = server.stats();
  assert.equal(stats.uds?.path, socketPath);
  assert.equal(stats.uds?.packets, stats.packets);
  assert.equal(stats.udp, undefined);
  assert.equal(stats.parseErrors.invalid_format, 1);

  const values = Object.fromEntries(aggregator.flush().metrics.map((m) => [m.name, m.value]));
  assert.equal(values['uds.requests'], 1); // (4 + 6) / 10 s
  assert.equal(values['uds.inflight'], 9);
  assert.equal(values['uds.size.max'], 512);
  assert.equal(values['uds.hist.avg'], 2);
});

test('close() removes the socket file; a stale socket left behind is replaced', async (t) => {
  const socketPath = tempSocketPath(t);
  const first = new DogStatsDServer({ port: null, socketPath, handler: new Aggregator() });
  await first.start();
  await first.close();
  assert.equal(existsSync(socketPath), false);

  // Simulate a crash: bind a socket file and close the fd without unlinking it.
  const crashed = createRequire(__filename)('unix-dgram').createSocket('unix_dgram') as {
    bind(path: string): void;
    close(): void;
  };
  crashed.bind(socketPath);
  crashed.close();
  assert.equal(existsSync(socketPath), true);
  const second = new DogStatsDServer({ port: null, socketPath, handler: new Aggregator() });
  await second.start();
  await second.close();
});

test('a socket in use by a live server, or a path that is not a socket, is refused', async (t) => {
  const socketPath = tempSocketPath(t);
  const owner = new DogStatsDServer({ port: null, socketPath, handler: new Aggregator() });
  await owner.start();
  t.after(() => owner.close());
  const thief = new DogStatsDServer({ port: null, socketPath, handler: new Aggregator() });
  await assert.rejects(thief.start(), /in use by another process/);
  assert.equal(existsSync(socketPath), true, 'the owner keeps its socket');

  const filePath = `${socketPath}.txt`;
  writeFileSync(filePath, 'precious');
  const careless = new DogStatsDServer({ port: null, socketPath: filePath, handler: new Aggregator() });
  await assert.rejects(careless.start(), /is not a socket; not touching it/);
  assert.equal(statSync(filePath).size, 8);
});

test('UDP and UDS can run side by side and share counters', async (t) => {
  const socketPath = tempSocketPath(t);
  const server = new DogStatsDServer({ port: 0, socketPath, handler: new Aggregator() });
  const { udp } = await server.start();
  t.after(() => server.close());
  const overUdp = new StatsD({ host: '127.0.0.1', port: udp?.port });
  const overUds = new StatsD({ protocol: 'uds', path: socketPath });
  overUdp.increment('both');
  overUds.increment('both');
  await Promise.all([overUdp, overUds].map((c) => new Promise<void>((resolve) => c.close(() => resolve()))));
  await waitFor('2 packets', () => server.stats().packets >= 2);
  const stats = server.stats();
  assert.equal(stats.udp?.packets, 1);
  assert.equal(stats.uds?.packets, 1);
});
