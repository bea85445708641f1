// The server's bookkeeping without sockets (ingest() is what the socket callbacks call).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Aggregator } from '../../src/agent/aggregator';
import {
  DogStatsDServer,
  formatDogStatsDStatus,
  type DogStatsDHandler,
} from '../../src/agent/intake/dogstatsd';

const ignore: DogStatsDHandler = {
  metric: () => undefined,
  event: () => undefined,
  serviceCheck: () => undefined,
};

test('packets and bytes are counted per transport; oversize packets are dropped whole', () => {
  const names: string[] = [];
  const server = new DogStatsDServer({
    port: 0,
    maxPacketBytes: 32,
    handler: { ...ignore, metric: (m) => names.push(m.name) },
  });
  server.ingest(Buffer.from('a:1|c\nb:2|g'));
  server.ingest(Buffer.from('c:1|c'), 'uds');
  server.ingest(Buffer.from(`big:${'9'.repeat(40)}|g`));
  assert.deepEqual(names, ['a', 'b', 'c']);
  const stats = server.stats();
  assert.equal(stats.packets, 3);
  assert.equal(stats.bytes, 11 + 5 + 46);
  assert.equal(stats.udp?.packets, 2);
  assert.equal(stats.metrics, 3);
  assert.equal(stats.drops.packetTooLarge, 1);
  assert.equal(stats.dropsTotal, 1);
  assert.equal(stats.uds, undefined, 'no UDS listener configured');
});

test('a handler that throws is counted, and the intake keeps going', () => {
  const server = new DogStatsDServer({
    port: 0,
    handler: {
      metric: (m) => {
        if (m.name === 'boom') throw new Error('downstream bug');
      },
      event: () => {
        throw new Error('no events today');
      },
      serviceCheck: () => undefined,
    },
  });
  assert.doesNotThrow(() => server.ingest(Buffer.from('boom:1|c\nfine:1|c\n_e{1,1}:a|b\n_sc|x|0')));
  const stats = server.stats();
  assert.equal(stats.drops.handlerErrors, 2);
  assert.equal(stats.metrics, 2);
  assert.equal(stats.serviceChecks, 1);
});

test('parse errors show up in the server stats by reason', () => {
  const server = new DogStatsDServer({ port: 0, handler: ignore });
  server.ingest(Buffer.from('x:1|nope\nno-pipe\nok:1|c'));
  const stats = server.stats();
  assert.equal(stats.parseErrorsTotal, 2);
  assert.equal(stats.parseErrors.unknown_type, 1);
  assert.equal(stats.parseErrors.invalid_format, 1);
});

test('a server with neither UDP nor a socket path is a configuration error', () => {
  assert.throws(
    () => new DogStatsDServer({ port: null, handler: ignore }),
    /needs a UDP port or a socket path/,
  );
});

test('status lines summarise intake and aggregator counters', () => {
  const aggregator = new Aggregator({ maxContexts: 1 });
  const server = new DogStatsDServer({ port: 0, handler: aggregator });
  server.ingest(Buffer.from('a:1|c\nb:1|c\nbad\n_e{1,1}:x|y'));
  aggregator.flush();
  const text = formatDogStatsDStatus(server.stats(), aggregator.stats()).join('\n');
  assert.match(text, /^DogStatsD\n=========\n/);
  assert.ok(text.includes('  Packets: 1 (27 bytes)'), text);
  assert.ok(text.includes('  Metric lines: 2 (2 values)'), text);
  assert.ok(text.includes('  Parse errors: 1 (invalid_format=1)'), text);
  assert.match(text, /Aggregator\n==========\n/);
  assert.ok(text.includes('  Contexts: 1 of 1 (counter=1)'), text);
  assert.ok(text.includes('  Context overflow: 1'), text);
  assert.ok(text.includes('  Events flushed: 1'), text);
});
