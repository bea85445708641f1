// The hub must never change what the app's operation returns or throws, whatever a listener does.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { diagnostics } from '../../src/diagnostics/diagnostics';
import type { KafkaListener, ProcessMessageEvent } from '../../src/instrumentation/events';
import { EventHub } from '../../src/instrumentation/hub';

const event = {} as ProcessMessageEvent;
const silent = () => diagnostics.configure('none');

beforeEach(() => {
  silent();
  diagnostics.resetForTests();
});

test('no listener: the operation runs untouched', () => {
  const hub = new EventHub();
  assert.equal(hub.wants('onProcessMessage'), false);
  assert.equal(
    hub.run('onProcessMessage', event, () => 42),
    42,
  );
});

test('returns the very same promise and the same rejection', async () => {
  const hub = new EventHub();
  const ended: unknown[] = [];
  hub.add({ name: 't', onProcessMessage: () => ({ end: (o) => ended.push(o.error) }) });
  const promise = Promise.resolve('value');
  assert.equal(
    hub.run('onProcessMessage', event, () => promise),
    promise,
  );
  const failure = new Error('boom');
  const rejected = Promise.reject(failure);
  assert.equal(
    hub.run('onProcessMessage', event, () => rejected),
    rejected,
  );
  await assert.rejects(rejected, (e) => e === failure);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(ended, [undefined, failure]);
});

test('a synchronous throw is rethrown as is', () => {
  const hub = new EventHub();
  hub.add({ name: 't', onProcessMessage: () => ({ end: () => undefined }) });
  const failure = new TypeError('sync');
  assert.throws(
    () =>
      hub.run('onProcessMessage', event, () => {
        throw failure;
      }),
    (e) => e === failure,
  );
});

test('listeners that throw anywhere are counted, and the operation is unaffected', async () => {
  const hub = new EventHub();
  const broken: KafkaListener[] = [
    {
      name: 'start',
      onProcessMessage: () => {
        throw new Error('in start');
      },
    },
    {
      name: 'run-before',
      onProcessMessage: () => ({
        run: () => {
          throw new Error('before');
        },
      }),
    },
    {
      name: 'run-after',
      onProcessMessage: () => ({
        run: (op) => {
          op();
          throw new Error('after');
        },
      }),
    },
    {
      name: 'end',
      onProcessMessage: () => ({
        end: () => {
          throw new Error('in end');
        },
      }),
    },
  ];
  broken.forEach((l) => hub.add(l));
  let calls = 0;
  const result = hub.run('onProcessMessage', event, () => {
    calls += 1;
    return 'ok';
  });
  assert.equal(result, 'ok');
  assert.equal(calls, 1);
  const failure = new Error('user');
  assert.throws(
    () =>
      hub.run('onProcessMessage', event, () => {
        throw failure;
      }),
    (e) => e === failure,
  );
  await new Promise((r) => setImmediate(r));
  const counts = diagnostics.errorCounts();
  assert.equal(counts['start.onProcessMessage'], 2);
  assert.ok((counts['scope.run'] ?? 0) >= 2);
  assert.equal(counts['onProcessMessage.end'], 2);
});

test('internal error keys are bounded', () => {
  for (let i = 0; i < 1000; i += 1) diagnostics.internalError(`place-${i}`, new Error('x'));
  const counts = diagnostics.errorCounts();
  assert.ok(Object.keys(counts).length <= 201);
  assert.equal(counts.other, 800);
});
