// The DogStatsD sink packs the samples of one distribution series into lines of several values
// (`name:v1:v2|d|#tags`), each within one UDP packet, with every sample sent once.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createStatsdSink } from '../../src/signals/metrics/statsd-sink';

test('distribution samples are packed into lines that fit a packet, none lost, tags on each line', async () => {
  const server = createSocket('udp4');
  const packets: string[] = [];
  server.on('message', (message) => packets.push(message.toString('utf8')));
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const errors: Error[] = [];
  const sink = createStatsdSink({
    target: { transport: 'udp', host: '127.0.0.1', port },
    globalTags: ['service:test'],
    flushIntervalMs: 60_000,
    onError: (error) => errors.push(error),
  });
  try {
    const values = Array.from({ length: 1000 }, (_, i) => i + 0.125);
    sink.distributions('kafka.test.duration', [...values, Number.NaN], ['topic:a', 'role:producer']);
    sink.distribution('kafka.test.single', 5, ['topic:b']);
    await sink.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(errors, []);
    for (const packet of packets) assert.ok(Buffer.byteLength(packet) <= 1432, `packet of ${packet.length}`);
    const lines = packets.flatMap((packet) => packet.split('\n')).filter((line) => line !== '');
    const packed = lines.filter((line) => line.startsWith('kafka.test.duration:'));
    assert.ok(packed.length > 1 && packed.length < 100, `${packed.length} lines for 1000 samples`);
    const sent: number[] = [];
    for (const line of packed) {
      const [head, type, tags] = line.split('|');
      assert.equal(type, 'd');
      assert.equal(tags, '#service:test,topic:a,role:producer');
      sent.push(...head!.slice('kafka.test.duration:'.length).split(':').map(Number));
    }
    assert.deepEqual(sent, values, 'every finite sample once, in order; NaN left out');
    assert.ok(lines.includes('kafka.test.single:5|d|#service:test,topic:b'));
  } finally {
    await sink.close();
    server.close();
  }
});
