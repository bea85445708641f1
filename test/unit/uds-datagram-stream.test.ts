// DogStatsD over a Unix datagram socket: one datagram per write, no trailing newline, and a missing socket
// reported without breaking the stream (hot-shots keeps writing to it).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { UdsDatagramStream } from '../../src/signals/metrics/uds-datagram-stream';
import { UdsStatsdCapture } from '../support/dogstatsd';

const directory = mkdtempSync(join(tmpdir(), 'kinstrument-uds-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const write = (stream: UdsDatagramStream, text: string) =>
  new Promise<void>((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));

test('a missing socket: each write reports the failure; the stream stays usable', async () => {
  const errors: Error[] = [];
  const stream = new UdsDatagramStream(join(directory, 'absent.sock'), (error) => errors.push(error));
  await write(stream, 'a:1|c\n');
  await write(stream, 'b:1|c\n');
  assert.equal(errors.length, 2);
  assert.match(errors[0]!.message, /absent\.sock/);
  assert.equal(stream.destroyed, false);
});

test('a listening socket gets one datagram per write, without the trailing newline', async () => {
  const path = join(directory, 'dsd.sock');
  const capture = new UdsStatsdCapture();
  capture.start(path);
  try {
    const errors: Error[] = [];
    const stream = new UdsDatagramStream(path, (error) => errors.push(error));
    await write(stream, 'kafka.client.connects:1|c|#role:producer\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(errors, []);
    assert.equal(capture.datagrams, 1);
    assert.equal(capture.lines[0]!.raw, 'kafka.client.connects:1|c|#role:producer');
  } finally {
    capture.stop();
  }
});
