// The observers on kafkajs internals, run on kafkajs' own modules: the logger factory (kinstrument sees
// every call at its level; the app's logCreator sees exactly what it saw before) and the retrier (each
// retried attempt is reported for the client it was built for).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClientInfo, KafkaLogEntry, RetryEvent } from '../../src/instrumentation/events';
import { EventHub } from '../../src/instrumentation/hub';
import { wrapOffsetCommit } from '../../src/instrumentation/kafkajs/broker';
import { whileBuilding } from '../../src/instrumentation/kafkajs/construction';
import { wrapCreateLogger, type CreateLogger } from '../../src/instrumentation/kafkajs/loggers';
import { wrapCreateRetry, type CreateRetry } from '../../src/instrumentation/kafkajs/retry';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loggers = require('kafkajs/src/loggers') as {
  createLogger: CreateLogger;
  LEVELS: Record<string, number>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const createRetry = require('kafkajs/src/retry') as CreateRetry;

interface UserEntry {
  namespace: string;
  level: number;
  message: string;
}

function userLogCreator(into: UserEntry[]) {
  return () =>
    ({ namespace, level, log }: { namespace: string; level: number; log: { message: string } }) =>
      into.push({ namespace, level, message: log.message });
}

test('kafkajs logs: kinstrument gets every call at its level, the app its own level, unchanged', () => {
  const seen: KafkaLogEntry[] = [];
  const hub = new EventHub();
  hub.add({ name: 'logs', kafkaLogLevel: 'debug', onKafkaLog: (entry) => seen.push(entry) });
  const user: UserEntry[] = [];
  const logger = wrapCreateLogger(
    loggers.createLogger,
    () => hub,
  )({
    level: loggers.LEVELS.WARN,
    logCreator: userLogCreator(user),
  });
  const producerLog = logger.namespace!('Producer');
  producerLog.debug('Request Produce', { broker: 'b:9092' });
  producerLog.warn('slow', { ms: 5 });
  logger.info('root info');
  assert.deepEqual(
    seen.map(({ level, namespace, message, extra }) => ({ level, namespace, message, extra })),
    [
      { level: 'debug', namespace: 'Producer', message: 'Request Produce', extra: { broker: 'b:9092' } },
      { level: 'warn', namespace: 'Producer', message: 'slow', extra: { ms: 5 } },
      { level: 'info', namespace: undefined, message: 'root info', extra: {} },
    ],
  );
  assert.deepEqual(user, [{ namespace: 'Producer', level: 2, message: 'slow' }]);
  // The app can still change its own level.
  (logger as unknown as { setLogLevel(level: number): void }).setLogLevel(loggers.LEVELS.DEBUG);
  producerLog.debug('now visible');
  assert.equal(user.at(-1)?.message, 'now visible');
});

test('a listener at warn gets nothing below it; without a listener the logger is left as kafkajs made it', () => {
  const seen: KafkaLogEntry[] = [];
  const hub = new EventHub();
  hub.add({ name: 'logs', kafkaLogLevel: 'warn', onKafkaLog: (entry) => seen.push(entry) });
  const logger = wrapCreateLogger(
    loggers.createLogger,
    () => hub,
  )({ level: 0, logCreator: userLogCreator([]) });
  logger.info('no');
  logger.error('yes');
  assert.deepEqual(
    seen.map((e) => e.message),
    ['yes'],
  );

  const untouched = wrapCreateLogger(
    loggers.createLogger,
    () => new EventHub(),
  )({ level: 0, logCreator: userLogCreator([]) });
  assert.notEqual(untouched.info.name, 'logWithTelemetry');
});

test('retries: attempts after the first are reported with the previous failure, for the client being built', async () => {
  const retries: RetryEvent[] = [];
  const hub = new EventHub();
  hub.add({ name: 'metrics', onRetry: (event) => retries.push(event) });
  const wrapped = wrapCreateRetry(createRetry, () => hub);
  const client: ClientInfo = {
    role: 'producer',
    clientId: 'p',
    broker: undefined,
    groupId: undefined,
    transactionalId: undefined,
  };
  const retrier = whileBuilding(client, () => wrapped({ retries: 3, initialRetryTime: 1 })) as (
    attempt: (bail: unknown, retryCount: number) => Promise<string>,
  ) => Promise<string>;
  const failure = Object.assign(new Error('no leader'), { retriable: true, type: 'LEADER_NOT_AVAILABLE' });
  const result = await retrier(async (_bail, retryCount) => {
    if (retryCount < 2) throw failure;
    return 'done';
  });
  assert.equal(result, 'done');
  assert.deepEqual(
    retries.map((r) => ({ client: r.client, retryCount: r.retryCount, error: r.error })),
    [
      { client, retryCount: 1, error: failure },
      { client, retryCount: 2, error: failure },
    ],
  );
  // A retrier built outside any client is kafkajs' own.
  const plain = wrapped({ retries: 1, initialRetryTime: 1 }) as (
    attempt: () => Promise<number>,
  ) => Promise<number>;
  assert.equal(await plain(async () => 7), 7);
  assert.equal(retries.length, 2);
});

test('offset commits: outcome reported, result and rejection passed through', async () => {
  const outcomes: unknown[] = [];
  const hub = new EventHub();
  hub.add({
    name: 'm',
    onOffsetCommit: (event) => ({ end: (outcome) => outcomes.push([event.groupId, outcome.error]) }),
  });
  const failure = new Error('REBALANCE_IN_PROGRESS');
  let fail = false;
  const commit = wrapOffsetCommit(
    async () => {
      if (fail) throw failure;
      return 'ok';
    },
    () => hub,
  );
  assert.equal(await commit({ groupId: 'g', memberId: 'm', topics: [] }), 'ok');
  fail = true;
  await assert.rejects(commit({ groupId: 'g', topics: [] }), (e) => e === failure);
  assert.deepEqual(outcomes, [
    ['g', undefined],
    ['g', failure],
  ]);
});
