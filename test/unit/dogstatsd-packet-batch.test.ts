// The packing of datagrams between the DogStatsD reader thread and the parser: byte for byte, in order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  forEachPacket,
  packedSize,
  packPackets,
} from '../../src/agent/intake/dogstatsd/udp-thread/packet-batch';

function unpack(buffer: ArrayBuffer): Buffer[] {
  const out: Buffer[] = [];
  forEachPacket(buffer, (packet) => out.push(Buffer.from(packet)));
  return out;
}

test('datagrams come out as they went in: same bytes, same order, empty and large ones included', () => {
  const packets = [
    Buffer.from('page.views:1|c|#env:prod'),
    Buffer.alloc(0),
    Buffer.from('ünïcode.gauge:3|g'),
    Buffer.alloc(65_507, 0x61),
    Buffer.from([0, 1, 2, 255]),
  ];
  const total = packets.reduce((sum, p) => sum + p.length, 0);
  const buffer = packPackets(packets, total);
  assert.equal(buffer.byteLength, packedSize(total, packets.length));
  assert.deepEqual(unpack(buffer), packets);
});

test('an empty batch has no datagrams; a truncated one yields only its whole datagrams', () => {
  assert.deepEqual(unpack(packPackets([], 0)), []);
  const packets = [Buffer.from('a:1|c'), Buffer.from('b:2|c')];
  const whole = packPackets(packets, 10);
  const cut = whole.slice(0, whole.byteLength - 1);
  let count = 0;
  assert.equal(
    forEachPacket(cut, () => (count += 1)),
    1,
  );
  assert.equal(count, 1);
});
