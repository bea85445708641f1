// The metrics signal's logic, driven through the real hub with lifecycle events as the patch publishes them.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { PRODUCE_TIME_HEADER } from '../../src/catalog/client-metrics';
import { diagnostics } from '../../src/diagnostics/diagnostics';
import type { ClientInfo, SendEvent } from '../../src/instrumentation/events';
import { EventHub } from '../../src/instrumentation/hub';
import type { IncomingMessage, OutgoingMessage } from '../../src/instrumentation/kafkajs/shapes';
import { ClientTagger } from '../../src/signals/metrics/client-tags';
import { LagTracker } from '../../src/signals/metrics/lag-tracker';
import { createMetricsListener } from '../../src/signals/metrics/metrics-listener';
import { MetricRecorder } from '../../src/signals/metrics/recorder';
import { MemorySink } from '../support/memory-sink';

const consumerInfo = (): ClientInfo => ({
  role: 'consumer',
  clientId: 'c1',
  broker: '127.0.0.1:9092',
  groupId: 'g1',
  transactionalId: undefined,
});
const producerInfo = (): ClientInfo => ({
  role: 'producer',
  clientId: 'p1',
  broker: '127.0.0.1:9092',
  groupId: undefined,
  transactionalId: undefined,
});

function setUp(options: { partitionTag?: boolean; maxTagValues?: number; produceTimeHeader?: boolean } = {}) {
  const sink = new MemorySink();
  const recorder = new MetricRecorder(sink, options.maxTagValues ?? 100);
  const hub = new EventHub();
  hub.add(
    createMetricsListener({
      recorder,
      tags: new ClientTagger(recorder.guard, options.partitionTag ?? true),
      lag: new LagTracker(1000),
      produceTimeHeader: options.produceTimeHeader ?? true,
    }),
  );
  return { sink, hub, recorder };
}

const message = (offset: number, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
  key: Buffer.from('k'),
  value: Buffer.from('value'),
  timestamp: String(Date.now() - 50),
  offset: String(offset),
  headers: {},
  ...extra,
});

function batchEvent(client: ClientInfo, kind: 'start' | 'end', fields: Record<string, unknown>) {
  return {
    client,
    event: { id: 1, type: `consumer.${kind}_batch_process`, timestamp: Date.now(), payload: fields },
  };
}

/** eachMessage over `offsets`, failing at `failAt`, inside kafkajs' start/end batch events. */
async function consumeBatch(
  hub: EventHub,
  client: ClientInfo,
  batch: { topic: string; partition: number; highWatermark: number; first: number; last: number },
  handled: number[],
  failAt?: number,
) {
  const bounds = {
    topic: batch.topic,
    partition: batch.partition,
    highWatermark: String(batch.highWatermark),
    firstOffset: String(batch.first),
    lastOffset: String(batch.last),
    batchSize: batch.last - batch.first + 1,
  };
  hub.clientEvent(batchEvent(client, 'start', bounds));
  for (const offset of handled) {
    const event = {
      client,
      topic: batch.topic,
      partition: batch.partition,
      message: message(offset),
      startTime: performance.now(),
    };
    const run = hub.run('onProcessMessage', event, () =>
      offset === failAt ? Promise.reject(new TypeError('bad')) : Promise.resolve(),
    );
    await run.catch(() => undefined);
    if (offset === failAt) return; // kafkajs stops the batch and emits no end event
  }
  hub.clientEvent(batchEvent(client, 'end', bounds));
}

beforeEach(() => {
  diagnostics.configure('none');
  diagnostics.resetForTests();
});

test('lag after a batch: high watermark − the offset after the last message handled', async () => {
  const { sink, hub } = setUp();
  const client = consumerInfo();
  // Paused after three messages of ten: kafkajs still ends the batch.
  await consumeBatch(
    hub,
    client,
    { topic: 't', partition: 0, highWatermark: 10, first: 0, last: 9 },
    [0, 1, 2],
  );
  assert.deepEqual(
    sink.values('kafka.client.consumer.lag', { topic: 't', partition: '0', consumer_group: 'g1' }),
    [7],
  );
  // Resumed: a failure at offset 5 leaves the position after 4 (no end event, so no new value yet)…
  await consumeBatch(
    hub,
    client,
    { topic: 't', partition: 0, highWatermark: 12, first: 3, last: 11 },
    [3, 4, 5],
    5,
  );
  assert.deepEqual(sink.values('kafka.client.consumer.lag', { partition: '0' }), [7]);
  // …and the retried batch that handles everything ends at 0.
  await consumeBatch(
    hub,
    client,
    { topic: 't', partition: 0, highWatermark: 12, first: 5, last: 11 },
    [5, 6, 7, 8, 9, 10, 11],
  );
  assert.deepEqual(sink.values('kafka.client.consumer.lag', { partition: '0' }), [7, 0]);
  // A batch of only control records moves past its last offset.
  hub.clientEvent(
    batchEvent(client, 'end', {
      topic: 't',
      partition: 0,
      highWatermark: '20',
      firstOffset: '12',
      lastOffset: '13',
      batchSize: 0,
    }),
  );
  assert.equal(sink.values('kafka.client.consumer.lag', { partition: '0' }).at(-1), 6);
});

test('a handler that handled nothing of its batch leaves the position at the batch start', async () => {
  const { sink, hub } = setUp();
  await consumeBatch(
    hub,
    consumerInfo(),
    { topic: 't', partition: 1, highWatermark: 40, first: 30, last: 39 },
    [],
  );
  assert.deepEqual(sink.values('kafka.client.consumer.lag', { partition: '1' }), [10]);
});

test('without the partition tag, lag is the sum over the partitions this client consumes', async () => {
  const { sink, hub } = setUp({ partitionTag: false });
  const client = consumerInfo();
  await consumeBatch(hub, client, { topic: 't', partition: 0, highWatermark: 10, first: 0, last: 9 }, [0]);
  await consumeBatch(hub, client, { topic: 't', partition: 1, highWatermark: 5, first: 0, last: 4 }, [0, 1]);
  const lags = sink.of('kafka.client.consumer.lag', { topic: 't' });
  assert.deepEqual(
    lags.map((l) => l.value),
    [9, 12],
  );
  for (const lag of lags) assert.equal(lag.tags.partition, undefined);
  assert.equal(sink.of('kafka.client.consumer.messages_consumed')[0]!.tags.partition, undefined);
});

test('consumed volume, handler time and errors, and end-to-end latency by source', async () => {
  const { sink, hub } = setUp();
  const client = consumerInfo();
  const produced = Date.now() - 120;
  const messages = [
    message(0, { headers: { [PRODUCE_TIME_HEADER]: Buffer.from(String(produced)), h: 'xy' } }),
    message(1, { timestamp: String(Date.now() - 30) }),
    message(2, { timestamp: String(Date.now() + 60_000) }), // a producer clock ahead of ours
  ];
  const event = {
    client,
    topic: 't',
    partition: 2,
    messages,
    highWatermark: '3',
    startTime: performance.now(),
  };
  await hub.run('onProcessBatch', event, () => Promise.reject(new RangeError('nope'))).catch(() => undefined);
  const tags = { topic: 't', partition: '2', consumer_group: 'g1', client_id: 'c1', role: 'consumer' };
  assert.deepEqual(sink.values('kafka.client.consumer.messages_consumed', tags), [3]);
  // key (1) + value (5) per message, plus the two headers of the first.
  const headerBytes = PRODUCE_TIME_HEADER.length + String(produced).length + 'h'.length + 'xy'.length;
  assert.deepEqual(sink.values('kafka.client.consumer.bytes_consumed', tags), [18 + headerBytes]);
  const fromHeader = sink.values('kafka.client.consumer.end_to_end_latency', {
    latency_source: 'produce_header',
  });
  assert.equal(fromHeader.length, 1);
  assert.ok(fromHeader[0]! >= 120 && fromHeader[0]! < 5000);
  const fromRecord = sink.values('kafka.client.consumer.end_to_end_latency', {
    latency_source: 'record_timestamp',
  });
  assert.equal(fromRecord.length, 2);
  assert.equal(fromRecord[1], 0, 'negative latency (clock skew) is sent as 0');
  assert.equal(sink.values('kafka.client.consumer.handler.duration', { handler: 'each_batch' }).length, 1);
  assert.deepEqual(
    sink.values('kafka.client.consumer.handler.errors', { handler: 'each_batch', error_type: 'RangeError' }),
    [1],
  );
});

test('eachMessage: the volume of one message, and the produce time read as Number() reads it', async () => {
  const { sink, hub } = setUp();
  const client = consumerInfo();
  const produced = Date.now() - 200;
  const values: (string | Buffer)[] = [
    Buffer.from(String(produced)), // digits, read in place
    Buffer.from(` ${produced} `), // Number() allows the spaces
    Buffer.from(`${produced / 1000}e3`), // …and an exponent
    String(produced),
    Buffer.from('soon'), // not a number: the record's timestamp is used
    Buffer.from('-5'), // not after 1970 either
  ];
  for (const [offset, value] of values.entries()) {
    const event = {
      client,
      topic: 't',
      partition: 0,
      message: message(offset, { headers: { [PRODUCE_TIME_HEADER]: value } }),
      startTime: performance.now(),
    };
    await hub.run('onProcessMessage', event, () => Promise.resolve());
  }
  const fromHeader = sink.values('kafka.client.consumer.end_to_end_latency', {
    latency_source: 'produce_header',
  });
  assert.equal(fromHeader.length, 4);
  for (const latency of fromHeader) assert.ok(latency >= 200 && latency < 5000, String(latency));
  const fromRecord = sink.values('kafka.client.consumer.end_to_end_latency', {
    latency_source: 'record_timestamp',
  });
  assert.equal(fromRecord.length, 2);
  const tags = { topic: 't', partition: '0', consumer_group: 'g1', client_id: 'c1', role: 'consumer' };
  assert.deepEqual(sink.values('kafka.client.consumer.messages_consumed', tags), [1, 1, 1, 1, 1, 1]);
  // key (1) + value (5) + the header's name and value, per message.
  assert.deepEqual(
    sink.values('kafka.client.consumer.bytes_consumed', tags),
    values.map((value) => 6 + PRODUCE_TIME_HEADER.length + Buffer.byteLength(value)),
  );
});

test('sends: header stamped on the copies, duration, messages and bytes per topic; errors by innermost cause', async () => {
  const { sink, hub } = setUp();
  const client = producerInfo();
  const callerMessage: OutgoingMessage = { key: 'k', value: 'abc', headers: { mine: '1' } };
  const copies: OutgoingMessage[] = [
    { ...callerMessage, headers: { ...callerMessage.headers } },
    { value: 'de', headers: {} },
  ];
  const event: SendEvent = {
    operation: 'sendBatch',
    client,
    transactional: false,
    acks: -1,
    topicMessages: [
      { topic: 'a', messages: copies },
      { topic: 'b', messages: [{ value: 'z', headers: {} }] },
    ],
    startTime: performance.now(),
  };
  await hub.run('onSend', event, () => new Promise((resolve) => setTimeout(resolve, 5)));
  assert.equal(callerMessage.headers?.[PRODUCE_TIME_HEADER], undefined, "the caller's message is untouched");
  const stamp = copies[0]!.headers?.[PRODUCE_TIME_HEADER];
  assert.match(String(stamp), /^\d{13}$/);
  assert.deepEqual(
    sink.values('kafka.client.producer.messages_sent', { topic: 'a', role: 'producer', client_id: 'p1' }),
    [2],
  );
  assert.deepEqual(sink.values('kafka.client.producer.batch_size', { topic: 'a' }), [2]);
  const headerBytes = PRODUCE_TIME_HEADER.length + 13;
  assert.deepEqual(sink.values('kafka.client.producer.bytes_sent', { topic: 'a' }), [
    1 + 3 + ('mine'.length + 1) + 2 + 2 * headerBytes,
  ]);
  const [duration] = sink.values('kafka.client.producer.send.duration', { topic: 'b' });
  assert.ok(duration! >= 4, `${duration}`);

  const retriesExceeded = Object.assign(new Error('retries exceeded'), {
    name: 'KafkaJSNumberOfRetriesExceeded',
    originalError: Object.assign(new Error('no such topic'), {
      name: 'KafkaJSProtocolError',
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
    }),
  });
  const failing: SendEvent = {
    ...event,
    operation: 'send',
    topicMessages: [{ topic: 'c', messages: [{ value: 'x' }, { value: 'y' }] }],
  };
  await hub.run('onSend', failing, () => Promise.reject(retriesExceeded)).catch(() => undefined);
  const errorTags = { topic: 'c', error_type: 'UNKNOWN_TOPIC_OR_PARTITION' };
  assert.deepEqual(sink.values('kafka.client.producer.send.errors', errorTags), [1]);
  assert.deepEqual(sink.values('kafka.client.producer.messages_failed', errorTags), [2]);
  assert.deepEqual(sink.values('kafka.client.producer.send.duration', { topic: 'c' }), []);
});

test('no produce time header when it is turned off', async () => {
  const { hub } = setUp({ produceTimeHeader: false });
  const copy: OutgoingMessage = { value: 'x', headers: {} };
  const event: SendEvent = {
    operation: 'send',
    client: producerInfo(),
    transactional: false,
    acks: undefined,
    topicMessages: [{ topic: 'a', messages: [copy] }],
    startTime: 0,
  };
  await hub.run('onSend', event, () => Promise.resolve());
  assert.deepEqual(copy.headers, {});
});

test('transactions, commit failures, retries and kafkajs client events', async () => {
  const { sink, hub } = setUp();
  const producer = producerInfo();
  const consumer = consumerInfo();
  await hub.run(
    'onTransaction',
    { operation: 'commit', client: producer, consumerGroupId: undefined, startTime: 0 },
    () => Promise.resolve(),
  );
  await hub
    .run(
      'onTransaction',
      { operation: 'abort', client: producer, consumerGroupId: undefined, startTime: 0 },
      () => Promise.reject(new Error('x')),
    )
    .catch(() => undefined);
  assert.deepEqual(sink.values('kafka.client.producer.transactions', { outcome: 'committed' }), [1]);
  assert.deepEqual(sink.values('kafka.client.producer.transactions', { outcome: 'abort_failed' }), [1]);

  const rebalancing = Object.assign(new Error('rebalancing'), {
    name: 'KafkaJSProtocolError',
    type: 'REBALANCE_IN_PROGRESS',
  });
  await hub
    .run('onOffsetCommit', { groupId: 'g1', memberId: 'm', topics: [], startTime: 0 }, () =>
      Promise.reject(rebalancing),
    )
    .catch(() => undefined);
  await hub.run('onOffsetCommit', { groupId: 'g1', memberId: 'm', topics: [], startTime: 0 }, () =>
    Promise.resolve(),
  );
  assert.deepEqual(
    sink.values('kafka.client.consumer.commit.errors', {
      consumer_group: 'g1',
      error_type: 'REBALANCE_IN_PROGRESS',
      role: 'consumer',
    }),
    [1],
  );

  hub.retry({
    client: producer,
    retryCount: 1,
    retryTime: 100,
    error: Object.assign(new Error('x'), { type: 'LEADER_NOT_AVAILABLE' }),
  });
  assert.deepEqual(
    sink.values('kafka.client.retries', { role: 'producer', error_type: 'LEADER_NOT_AVAILABLE' }),
    [1],
  );

  const emit = (client: ClientInfo, type: string, payload: Record<string, unknown>) =>
    hub.clientEvent({ client, event: { id: 1, type, timestamp: 0, payload } });
  emit(producer, 'producer.network.request', {
    broker: 'b:9092',
    apiName: 'Produce',
    duration: 12,
    size: 300,
  });
  emit(producer, 'producer.network.request_timeout', { broker: 'b:9092', apiName: 'Produce' });
  emit(producer, 'producer.network.request_queue_size', { broker: 'b:9092', queueSize: 4 });
  emit(producer, 'producer.connect', {});
  emit(consumer, 'consumer.group_join', { memberAssignment: { t: [0, 1], u: [3] }, duration: 20 });
  emit(consumer, 'consumer.crash', {
    error: Object.assign(new Error('x'), { name: 'KafkaJSNumberOfRetriesExceeded' }),
    restart: true,
  });
  emit(consumer, 'consumer.heartbeat', {});
  emit(consumer, 'consumer.commit_offsets', {});
  emit(consumer, 'consumer.rebalancing', {});
  emit(consumer, 'consumer.fetch', { duration: 7, numberOfBatches: 1 });
  assert.deepEqual(
    sink.values('kafka.client.request.duration', { broker: 'b:9092', api: 'Produce', role: 'producer' }),
    [12],
  );
  assert.deepEqual(sink.values('kafka.client.request.bytes', { api: 'Produce' }), [300]);
  assert.deepEqual(sink.values('kafka.client.request.timeouts', { api: 'Produce' }), [1]);
  assert.deepEqual(sink.values('kafka.client.request.queue_size', { broker: 'b:9092' }), [4]);
  assert.deepEqual(sink.values('kafka.client.connects', { role: 'producer' }), [1]);
  assert.deepEqual(sink.values('kafka.client.consumer.assigned_partitions', { consumer_group: 'g1' }), [3]);
  assert.deepEqual(sink.values('kafka.client.consumer.group_joins'), [1]);
  assert.deepEqual(
    sink.values('kafka.client.consumer.crashes', {
      error_type: 'KafkaJSNumberOfRetriesExceeded',
      restart: 'true',
    }),
    [1],
  );
  assert.deepEqual(sink.values('kafka.client.consumer.heartbeats'), [1]);
  assert.deepEqual(sink.values('kafka.client.consumer.commits'), [1]);
  assert.deepEqual(sink.values('kafka.client.consumer.rebalances'), [1]);
  assert.deepEqual(sink.values('kafka.client.consumer.fetch.duration'), [7]);
});

test('tag values past the cap become `other` and are counted as overflow', async () => {
  const { sink, hub, recorder } = setUp({ maxTagValues: 2 });
  for (const broker of ['a:1', 'b:1', 'c:1', 'd:1']) {
    hub.clientEvent({
      client: producerInfo(),
      event: {
        id: 1,
        type: 'producer.network.request',
        timestamp: 0,
        payload: { broker, apiName: 'Produce', duration: 1 },
      },
    });
  }
  assert.deepEqual(
    sink.of('kafka.client.request.duration').map((r) => r.tags.broker),
    ['a:1', 'b:1', 'other', 'other'],
  );
  assert.deepEqual(sink.values('kinstrument.tag_values.overflow', { tag_key: 'broker' }), [1, 1]);
  assert.equal(sink.of('kinstrument.tag_values.overflow')[0]!.tags.role, undefined);
  assert.deepEqual(recorder.guard.overflowCounts(), { broker: 2 });
});

test('a failing sink is counted, never thrown into kafkajs or the app', async () => {
  const { hub } = setUp();
  const broken = new MetricRecorder(
    {
      count: () => {
        throw new Error('socket gone');
      },
      gauge: () => undefined,
      distribution: () => undefined,
      distributions: () => undefined,
      flush: async () => undefined,
      close: async () => undefined,
    },
    10,
  );
  broken.record(
    {
      name: 'kafka.client.connects',
      type: 'count',
      unit: 'connection',
      role: 'any',
      tags: [],
      description: '',
      source: '',
    },
    1,
    [],
  );
  assert.equal(diagnostics.errorCounts()['metrics.record'], 1);
  assert.equal(
    await hub.run(
      'onProcessMessage',
      { client: consumerInfo(), topic: 't', partition: 0, message: message(0), startTime: 0 },
      () => Promise.resolve(42),
    ),
    42,
  );
});
