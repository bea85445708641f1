// What the patch subscribes to on a kafkajs client: with a listener for client events, everything; without
// one, only requests, and only until they told us the client id and broker (kafkajs builds an event object
// per request only while someone listens).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClientEvent } from '../../src/instrumentation/events';
import { EventHub } from '../../src/instrumentation/hub';
import { newClientInfo, watchClient } from '../../src/instrumentation/kafkajs/client-info';
import type { InstrumentationEventShape, KafkaEmitterClient } from '../../src/instrumentation/kafkajs/shapes';

type Handler = (event: InstrumentationEventShape) => void;

function fakeClient() {
  const handlers = new Map<string, Set<Handler>>();
  const client: KafkaEmitterClient = {
    events: { REQUEST: 'producer.network.request', CONNECT: 'producer.connect' },
    on(name, handler) {
      const set = handlers.get(name) ?? new Set<Handler>();
      set.add(handler);
      handlers.set(name, set);
      return () => set.delete(handler);
    },
  };
  const emit = (type: string, payload: Record<string, unknown>) => {
    for (const handler of handlers.get(type) ?? []) handler({ id: 1, type, timestamp: 0, payload });
  };
  const listening = () => [...handlers.entries()].filter(([, set]) => set.size > 0).map(([name]) => name);
  return { client, emit, listening };
}

test('without a client-event listener: requests only, until the client id and broker are known', () => {
  const { client, emit, listening } = fakeClient();
  const info = newClientInfo('producer', undefined);
  watchClient(client, info, new EventHub());
  assert.deepEqual(listening(), ['producer.network.request']);
  emit('producer.network.request', { clientId: 'app' });
  assert.equal(info.clientId, 'app');
  assert.deepEqual(listening(), ['producer.network.request'], 'the broker is still unknown');
  emit('producer.network.request', { clientId: 'other', broker: 'b:9092' });
  assert.deepEqual([info.clientId, info.broker], ['app', 'b:9092']);
  assert.deepEqual(listening(), []);
});

test('with a client-event listener: every event is forwarded, and requests still teach the client id', () => {
  const { client, emit, listening } = fakeClient();
  const info = newClientInfo('producer', undefined);
  const hub = new EventHub();
  const seen: ClientEvent[] = [];
  hub.add({ name: 'metrics', onClientEvent: (event) => seen.push(event) });
  watchClient(client, info, hub);
  assert.deepEqual(listening().sort(), ['producer.connect', 'producer.network.request']);
  emit('producer.network.request', { clientId: 'app', broker: 'b:9092' });
  emit('producer.connect', {});
  assert.deepEqual(
    seen.map((e) => e.event.type),
    ['producer.network.request', 'producer.connect'],
  );
  assert.equal(info.clientId, 'app');
});
