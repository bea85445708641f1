// Consumer side: the handlers given to consumer.run() are wrapped, so listeners see each message or batch
// and can run the user's handler inside their context. The caller's run() config is copied, not changed.
import type { ClientInfo } from '../events';
import { now, type EventHub } from '../hub';
import { watchClient } from './client-info';
import { whileBuilding } from './construction';
import type { ConsumerRunConfig, ConsumerShape, EachBatchPayload, EachMessagePayload } from './shapes';

export function instrumentConsumer(consumer: ConsumerShape, info: ClientInfo, hub: EventHub): void {
  watchClient(consumer, info, hub);
  const run = consumer.run;
  if (typeof run !== 'function') return;
  consumer.run = function runWithTelemetry(this: unknown, runConfig?: ConsumerRunConfig) {
    // run() builds the group's runner (and its retriers) synchronously before its first await.
    if (typeof runConfig !== 'object' || runConfig === null)
      return whileBuilding(info, () => run.call(this, runConfig));
    const wrapped: ConsumerRunConfig = { ...runConfig };
    if (typeof runConfig.eachMessage === 'function')
      wrapped.eachMessage = wrapEachMessage(runConfig.eachMessage, info, hub);
    if (typeof runConfig.eachBatch === 'function')
      wrapped.eachBatch = wrapEachBatch(runConfig.eachBatch, info, hub);
    return whileBuilding(info, () => run.call(this, wrapped));
  };
}

function wrapEachMessage(
  handler: (payload: EachMessagePayload) => Promise<void>,
  info: ClientInfo,
  hub: EventHub,
): (payload: EachMessagePayload) => Promise<void> {
  return function eachMessageWithTelemetry(this: unknown, payload: EachMessagePayload) {
    if (!hub.wants('onProcessMessage') || typeof payload?.message !== 'object' || payload.message === null) {
      return handler.call(this, payload);
    }
    const event = {
      client: info,
      topic: payload.topic,
      partition: payload.partition,
      message: payload.message,
      startTime: now(),
    };
    return hub.run('onProcessMessage', event, () => handler.call(this, payload));
  };
}

function wrapEachBatch(
  handler: (payload: EachBatchPayload) => Promise<void>,
  info: ClientInfo,
  hub: EventHub,
): (payload: EachBatchPayload) => Promise<void> {
  return function eachBatchWithTelemetry(this: unknown, payload: EachBatchPayload) {
    const batch = payload?.batch;
    if (
      !hub.wants('onProcessBatch') ||
      typeof batch !== 'object' ||
      batch === null ||
      !Array.isArray(batch.messages)
    ) {
      return handler.call(this, payload);
    }
    const event = {
      client: info,
      topic: batch.topic,
      partition: batch.partition,
      messages: batch.messages,
      highWatermark: batch.highWatermark,
      startTime: now(),
    };
    return hub.run('onProcessBatch', event, () => handler.call(this, payload));
  };
}
