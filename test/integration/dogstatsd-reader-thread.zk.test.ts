// The DogStatsD UDP socket read on a thread of its own, over real loopback sockets: it keeps emptying the
// socket while the main thread is blocked, bounds what waits for the parser (counting what it drops), keeps
// datagrams in order, and hands the socket to the main thread when the thread goes away. Needs no broker,
// so it runs in one rig pass only.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { Aggregator } from '../../src/agent/aggregator';
import { DogStatsDServer, type DogStatsDServerOptions } from '../../src/agent/intake/dogstatsd';
import { MIN_READER_QUEUE_BYTES } from '../../src/agent/intake/dogstatsd/udp-thread/protocol';
import { fixture } from '../support/processes';

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function startServer(
  options: Partial<DogStatsDServerOptions> = {},
): Promise<{ server: DogStatsDServer; aggregator: Aggregator; port: number }> {
  const aggregator = new Aggregator();
  const server = new DogStatsDServer({ port: 0, handler: aggregator, ...options });
  const { udp } = await server.start();
  assert.ok(udp);
  return { server, aggregator, port: udp.port };
}

/**
 * Sends `count` datagrams of `bytes` bytes (each a valid counter line padded with a tag) from another
 * process, at `perSecond`, and resolves when it is done: the main thread here may be blocked meanwhile.
 */
function sendFromChild(port: number, count: number, bytes: number, perSecond: number): Promise<void> {
  const script = `
    const socket = require('node:dgram').createSocket('udp4');
    const line = 'reader.test:1|c|#pad:';
    const packet = Buffer.from(line + 'x'.repeat(${bytes} - line.length));
    let sent = 0;
    const started = Date.now();
    const tick = () => {
      const due = Math.min(${count}, Math.ceil(((Date.now() - started) * ${perSecond}) / 1000));
      while (sent < due) { socket.send(packet, ${port}, '127.0.0.1'); sent += 1; }
      if (sent < ${count}) setTimeout(tick, 2);
      else setTimeout(() => socket.close(), 100);
    };
    tick();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sender exited ${code}`))));
  });
}

/** Blocks this thread's event loop for `ms`, as a long synchronous task in the agent would. */
function blockMainThread(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy
  }
}

async function blockedWhileSending(port: number, count: number, bytes: number): Promise<void> {
  // 2,000/s: a 1 MiB receive buffer (~450 such datagrams) then gives the reader thread 200 ms of slack
  // on a busy machine, and the blocked main thread none.
  const sending = sendFromChild(port, count, bytes, 2_000);
  // Let the sender start, then keep the main thread busy for longer than the whole send takes.
  await sleep(150);
  blockMainThread(1_700);
  await sending;
}

const COUNT = 3_000;
const BYTES = 1_200;

test('with the main thread blocked for 1.7 s, the thread empties the socket: nothing lost, all parsed after', async (t) => {
  const { server, port } = await startServer({ receiveBufferBytes: 1 << 20 });
  t.after(() => server.close());
  await blockedWhileSending(port, COUNT, BYTES);
  await waitFor('every datagram parsed', () => server.stats().metrics >= COUNT);
  const stats = server.stats();
  assert.equal(stats.metrics, COUNT);
  assert.equal(stats.udp?.kernelDrops ?? 0, 0);
  assert.equal(stats.drops.readerQueueFull, 0);
  assert.equal(stats.udp?.readerThread?.running, true);
  await waitFor('the queue empty', () => server.stats().udp?.readerThread?.queuedBytes === 0);
});

test('the same load read on the main thread (dogstatsd_reader_thread: false) loses datagrams in the kernel', async (t) => {
  const { server, port } = await startServer({ receiveBufferBytes: 1 << 20, readerThread: false });
  t.after(() => server.close());
  await blockedWhileSending(port, COUNT, BYTES);
  await sleep(300);
  const stats = server.stats();
  assert.equal(stats.udp?.readerThread, undefined);
  const kernelDrops = stats.udp?.kernelDrops ?? 0;
  assert.ok(kernelDrops > 0, `expected kernel drops, parsed ${stats.metrics} of ${COUNT}`);
  assert.equal(stats.metrics + kernelDrops, COUNT);
});

test('the queue to the parser is bounded: past its size datagrams are dropped and counted, the rest parsed', async (t) => {
  const { server, port } = await startServer({
    receiveBufferBytes: 1 << 20,
    readerQueueBytes: MIN_READER_QUEUE_BYTES,
  });
  t.after(() => server.close());
  // 3,000 × 1,200 bytes is ~3.6 MB, 14 times the queue.
  await blockedWhileSending(port, COUNT, BYTES);
  await waitFor('the queue empty', () => server.stats().udp?.readerThread?.queuedBytes === 0);
  await sleep(100);
  const stats = server.stats();
  const queueDrops = stats.drops.readerQueueFull;
  const kernelDrops = stats.udp?.kernelDrops ?? 0;
  assert.ok(queueDrops > 0, 'datagrams were dropped at the queue');
  assert.equal(stats.metrics + queueDrops + kernelDrops, COUNT);
  // Parsed: what arrived in the 150 ms before the block (~300) plus what the queue held (~217).
  assert.ok(stats.metrics < COUNT / 2, `parsed ${stats.metrics} of ${COUNT}`);
  assert.equal(stats.dropsTotal, queueDrops);
  assert.equal(stats.udp?.readerThread?.queueDrops, queueDrops);
});

test('after a stall, behind() holds while much of the queue waits and clears once it is parsed', async (t) => {
  // 3,000 × 1,200 bytes (~3.6 MB) against a 4 MiB queue: read by the thread while the main thread is
  // blocked, ~3.2 MB of it is waiting when the block ends, over half the queue.
  const { server, port } = await startServer({ receiveBufferBytes: 1 << 20, readerQueueBytes: 4 << 20 });
  t.after(() => server.close());
  assert.equal(server.behind(), false);
  const sending = sendFromChild(port, COUNT, BYTES, 2_000);
  await sleep(150);
  blockMainThread(1_700);
  const behindAfterStall = server.behind();
  const waiting = server.stats().udp?.readerThread?.queuedBytes ?? 0;
  await sending;
  assert.equal(behindAfterStall, true, `${waiting} bytes waited after the stall`);
  await waitFor('every datagram parsed', () => server.stats().metrics >= COUNT);
  assert.equal(server.behind(), false);
  assert.equal(server.stats().drops.readerQueueFull, 0);
});

test('the main-thread reader is never behind (its backlog is in the kernel, not ours)', async (t) => {
  const { server } = await startServer({ readerThread: false });
  t.after(() => server.close());
  assert.equal(server.behind(), false);
});

test('datagrams reach the parser in the order they were sent', async (t) => {
  const { server, aggregator, port } = await startServer();
  t.after(() => server.close());
  const socket = dgram.createSocket('udp4');
  for (let i = 1; i <= 500; i += 1) {
    await new Promise<void>((resolve, reject) =>
      socket.send(`order.gauge:${i}|g`, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
    );
  }
  socket.close();
  await waitFor('500 lines', () => server.stats().metrics >= 500);
  // A gauge keeps the last value it was given: 500 only if 500 was parsed last.
  const gauge = aggregator.flush().metrics.find((m) => m.name === 'order.gauge');
  assert.equal(gauge?.value, 500);
});

test('close() parses what the thread read before it stopped, and frees the port', async () => {
  const { server, port } = await startServer();
  const socket = dgram.createSocket('udp4');
  for (let i = 0; i < 50; i += 1) {
    await new Promise<void>((resolve) => socket.send('close.count:1|c', port, '127.0.0.1', () => resolve()));
  }
  socket.close();
  await waitFor('the thread read all 50', () => (server.stats().udp?.readerThread?.packets ?? 0) >= 50);
  await server.close();
  assert.equal(server.stats().metrics, 50);
  const again = new DogStatsDServer({ port, handler: new Aggregator() });
  const { udp } = await again.start();
  assert.equal(udp?.port, port);
  await again.close();
});

test('when the thread goes away, the main thread takes the same port over and the status says why', async (t) => {
  const probe = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const port = probe.address().port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const reasons: string[] = [];
  const server = new DogStatsDServer({
    port,
    handler: new Aggregator(),
    onReaderFallback: (reason) => reasons.push(reason),
    // A stand-in thread that claims the port and exits (code 3) 50 ms later.
    readerThreadScript: fixture('dogstatsd', 'reader-thread-that-exits.js'),
  });
  await server.start();
  t.after(() => server.close());
  await waitFor('the fallback', () => server.stats().udp?.readerThread?.running === false);
  await waitFor('the main-thread socket', () => reasons.length === 1 && server.stats().udp?.port === port);
  assert.match(reasons[0]!, /reader thread exited \(code 3\)/);
  assert.match(server.stats().udp?.readerThread?.fallbackReason ?? '', /exited \(code 3\)/);
  const socket = dgram.createSocket('udp4');
  await waitFor('a line parsed on the main thread', () => {
    socket.send('fallback.count:1|c', port, '127.0.0.1');
    return server.stats().metrics > 0;
  });
  socket.close();
});

test('a reader thread that cannot start leaves the intake on the main thread, working', async (t) => {
  const server = new DogStatsDServer({
    port: 0,
    handler: new Aggregator(),
    readerThreadScript: fixture('dogstatsd', 'no-such-reader-thread.js'),
  });
  const { udp } = await server.start();
  t.after(() => server.close());
  assert.ok(udp);
  const thread = server.stats().udp?.readerThread;
  assert.equal(thread?.running, false);
  assert.match(thread?.fallbackReason ?? '', /did not start/);
  const socket = dgram.createSocket('udp4');
  await waitFor('a line parsed', () => {
    socket.send('nothread.count:1|c', udp.port, '127.0.0.1');
    return server.stats().metrics > 0;
  });
  socket.close();
});
