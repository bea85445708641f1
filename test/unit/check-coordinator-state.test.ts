// Which kafkajs errors mean "the group coordinator is not ready yet" (a passing state after a broker start),
// for the kafka_consumer check that must not report such a run as a failed connection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import { isPassingCoordinatorState } from '../../src/agent/checks/kafka_consumer/offsets';

// kafkajs builds these from the broker's error code table, an object its typings call an Error.
const protocolError = (type: string, code: number) =>
  new KafkaJSProtocolError(
    Object.assign(new Error(`${type} from the broker`), { type, code, retriable: true }),
  );

test('the coordinator loading, not elected or moved: passing states', () => {
  assert.equal(isPassingCoordinatorState(protocolError('GROUP_LOAD_IN_PROGRESS', 14)), true);
  assert.equal(isPassingCoordinatorState(protocolError('GROUP_COORDINATOR_NOT_AVAILABLE', 15)), true);
  assert.equal(isPassingCoordinatorState(protocolError('NOT_COORDINATOR_FOR_GROUP', 16)), true);
});

test('no broker named a coordinator (kafkajs keeps no reason): passing as well', () => {
  const notFound = Object.assign(new KafkaJSNonRetriableError('Failed to find group coordinator'), {
    name: 'KafkaJSGroupCoordinatorNotFound',
  });
  assert.equal(isPassingCoordinatorState(notFound), true);
});

test('the same states under kafkajs retrier, which wraps the last error', () => {
  const wrapped = new KafkaJSNumberOfRetriesExceeded(protocolError('GROUP_COORDINATOR_NOT_AVAILABLE', 15), {
    retryCount: 1,
    retryTime: 200,
  });
  assert.equal(isPassingCoordinatorState(wrapped), true);
});

test('connection failures, timeouts, authorization and other protocol errors are failures', () => {
  assert.equal(
    isPassingCoordinatorState(new KafkaJSConnectionError('Connection error: ECONNREFUSED')),
    false,
  );
  assert.equal(
    isPassingCoordinatorState(new KafkaJSRequestTimeoutError('Request OffsetFetch timed out')),
    false,
  );
  assert.equal(isPassingCoordinatorState(protocolError('GROUP_AUTHORIZATION_FAILED', 30)), false);
  assert.equal(
    isPassingCoordinatorState(
      new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection error'), {
        retryCount: 1,
        retryTime: 200,
      }),
    ),
    false,
  );
  assert.equal(isPassingCoordinatorState(new Error('GROUP_LOAD_IN_PROGRESS')), false);
  assert.equal(isPassingCoordinatorState('GROUP_LOAD_IN_PROGRESS'), false);
  assert.equal(isPassingCoordinatorState(undefined), false);
});

test('a cycle of causes ends the search', () => {
  const a: { type: string; cause?: unknown } = { type: 'UNKNOWN' };
  const b = { type: 'UNKNOWN', cause: a };
  a.cause = b;
  assert.equal(isPassingCoordinatorState(a), false);
});
