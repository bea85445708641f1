// The check runtime: Datadog submission semantics, bounded state, and a runner that survives its checks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CheckRunner } from '../../src/agent/checks';
import type { ConfiguredInstance } from '../../src/agent/checks/runtime/load';
import { CounterState } from '../../src/agent/checks/runtime/counter-state';
import { RunContext } from '../../src/agent/checks/runtime/run-context';
import { redact, secretValues } from '../../src/agent/checks/runtime/secrets';
import type { CheckContext, CheckInstance } from '../../src/agent/checks/types';
import { ServiceCheckStatus, type Flush } from '../../src/agent/model';

function contextAt(counters: CounterState, run: number, nowMs: number, maxSamples?: number): RunContext {
  return new RunContext({
    check: 'test',
    baseTags: ['b:1', 'a:1'],
    counters,
    run,
    now: () => nowMs,
    intervalSeconds: 15,
    signal: new AbortController().signal,
    maxSamples,
  });
}

test('monotonicCount submits the increase since the previous run; nothing first, nothing on reset', () => {
  const counters = new CounterState();
  const first = contextAt(counters, 1, 0);
  first.monotonicCount('c', 100, { tags: ['x:1'] });
  assert.equal(first.metrics.length, 0);
  const second = contextAt(counters, 2, 15_000);
  second.monotonicCount('c', 130, { tags: ['x:1'] });
  assert.deepEqual(
    second.metrics.map((m) => [m.name, m.type, m.value, m.intervalSeconds, m.tags.join(',')]),
    [['c', 'count', 30, 15, 'a:1,b:1,x:1']],
  );
  const reset = contextAt(counters, 3, 30_000);
  reset.monotonicCount('c', 5, { tags: ['x:1'] });
  assert.equal(reset.metrics.length, 0, 'a counter that went down restarted: no negative delta');
  assert.equal(reset.counterResets, 1);
  const after = contextAt(counters, 4, 45_000);
  after.monotonicCount('c', 12, { tags: ['x:1'] });
  assert.equal(after.metrics[0]?.value, 7, 'counting resumes from the post-reset value');
});

test('rate submits the per-second derivative as a gauge; contexts are per tag set', () => {
  const counters = new CounterState();
  const first = contextAt(counters, 1, 0);
  first.rate('r', 1000, { tags: ['t:a'] });
  first.rate('r', 0, { tags: ['t:b'] });
  const second = contextAt(counters, 2, 10_000);
  second.rate('r', 1500, { tags: ['t:a'] });
  second.rate('r', 20, { tags: ['t:b'] });
  second.rate('r', 7, { tags: ['t:c'] });
  assert.deepEqual(
    second.metrics.map((m) => [m.type, m.value, m.tags.at(-1)]),
    [
      ['gauge', 50, 't:a'],
      ['gauge', 2, 't:b'],
    ],
  );
  const third = contextAt(counters, 3, 20_000);
  third.rate('r', 10, { tags: ['t:a'] });
  assert.equal(third.metrics.length, 0, 'negative derivative (counter reset) is dropped');
});

test('counter state is bounded with an overflow counter, and forgets stale counters', () => {
  const counters = new CounterState(3, 2);
  const context = contextAt(counters, 1, 0);
  for (let i = 0; i < 5; i += 1) context.rate(`r${i}`, 1);
  assert.equal(counters.size, 3);
  assert.equal(counters.overflow, 2);
  counters.expire(3);
  assert.equal(counters.size, 0);
});

test('samples per run are capped and counted; non-finite values are ignored', () => {
  const context = contextAt(new CounterState(), 1, 0, 2);
  for (let i = 0; i < 5; i += 1) context.gauge('g', i);
  context.gauge('nan', Number.NaN);
  assert.equal(context.metrics.length, 2);
  assert.equal(context.droppedSamples, 3);
});

function instance(
  id: string,
  check: CheckInstance,
  options: Partial<ConfiguredInstance['settings']> = {},
  secrets: string[] = [],
): ConfiguredInstance {
  return {
    id,
    check: 'test',
    source: `file:/conf.d/${id}.yaml`,
    settings: { minCollectionInterval: 0.05, runTimeout: 5, tags: ['env:test'], ...options },
    secrets,
    create: () => check,
  };
}

function collectingSink() {
  const flushes: Flush[] = [];
  return { flushes, sink: { name: 'memory', write: (flush: Flush) => void flushes.push(flush) } };
}

test('a failing check never stops the runner or the other instances; stats say what happened', async () => {
  const { flushes, sink } = collectingSink();
  let goodRuns = 0;
  const runner = new CheckRunner({ sinks: sink, unrefTimers: true });
  runner.add(
    instance('test:bad', {
      collect: async (context: CheckContext) => {
        context.serviceCheck('bad.up', ServiceCheckStatus.CRITICAL, { message: 'down' });
        throw new Error('boom');
      },
    }),
  );
  runner.add(
    instance('test:good', {
      collect: async (context: CheckContext) => {
        goodRuns += 1;
        context.gauge('good.value', goodRuns);
        context.setMetadata('version', '1.2.3');
      },
    }),
  );
  runner.start();
  await new Promise((resolve) => setTimeout(resolve, 400));
  await runner.stop();
  const [bad, good] = runner.status();
  assert.ok(bad && good);
  assert.equal(bad.state, 'ERROR');
  assert.equal(bad.lastError?.message, 'boom');
  assert.ok(bad.totalRuns >= 3 && bad.failedRuns === bad.totalRuns, `bad ran ${bad.totalRuns} times`);
  assert.equal(bad.lastSuccessfulExecutionAt, undefined);
  assert.ok(good.totalRuns >= 3, `good ran ${good.totalRuns} times`);
  assert.equal(good.state, 'OK');
  assert.deepEqual(good.metricSamples, { lastRun: 1, total: good.totalRuns });
  assert.deepEqual(good.metadata, { version: '1.2.3' });
  assert.equal(good.configSource, 'file:/conf.d/test:good.yaml');
  assert.ok(
    flushes.some((f) => f.serviceChecks[0]?.name === 'bad.up'),
    'what a failing run submitted still flushes',
  );
  assert.ok(flushes.every((f) => f.metrics.every((m) => m.tags.includes('env:test') && m.source === 'test')));
});

test('a run that times out is abandoned, and the next never overlaps it', async () => {
  let concurrent = 0;
  let maxConcurrent = 0;
  let release: () => void = () => undefined;
  const hang = new Promise<void>((resolve) => (release = resolve));
  const runner = new CheckRunner({ sinks: collectingSink().sink, unrefTimers: true });
  runner.add(
    instance(
      'test:slow',
      {
        collect: async (context: CheckContext) => {
          concurrent += 1;
          maxConcurrent = Math.max(maxConcurrent, concurrent);
          context.gauge('before.timeout', 1);
          await hang;
          context.gauge('after.timeout', 1);
          concurrent -= 1;
        },
      },
      { runTimeout: 0.1, minCollectionInterval: 0.05 },
    ),
  );
  runner.start();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const [status] = runner.status();
  assert.equal(status?.timeouts, 1);
  assert.equal(status?.lastError?.message, 'run timed out after 0.1s');
  assert.ok((status?.skippedRuns ?? 0) >= 2, `skipped ${status?.skippedRuns}`);
  assert.equal(maxConcurrent, 1);
  release();
  await new Promise((resolve) => setTimeout(resolve, 200));
  await runner.stop();
  assert.equal(maxConcurrent, 1);
  assert.ok((runner.status()[0]?.totalRuns ?? 0) >= 2, 'runs resume once the stuck one ends');
});

test('secrets never appear in stats, errors, warnings, service-check messages or logs', async () => {
  const secret = 'hunter2-$ecret';
  const raw = { host: 'h', user: 'admin', password: secret };
  const secrets = secretValues(raw, ['password']);
  assert.deepEqual(secrets, ['hunter2-%24ecret', secret]);
  assert.equal(redact(`auth admin:${secret}@h`, secrets), 'auth admin:********@h');
  const logs: string[] = [];
  const { flushes, sink } = collectingSink();
  const runner = new CheckRunner({
    sinks: sink,
    log: (_level, message) => logs.push(message),
    unrefTimers: true,
  });
  runner.add(
    instance(
      'test:leaky',
      {
        collect: async (context: CheckContext) => {
          context.warning(`retrying with password ${secret}`);
          context.serviceCheck('leaky.can_connect', ServiceCheckStatus.CRITICAL, {
            message: `login ${secret} refused`,
          });
          context.event({ title: 'x', text: `url http://admin:${encodeURIComponent(secret)}@h` });
          throw new Error(`connect failed for admin:${secret}`);
        },
      },
      {},
      secrets,
    ),
  );
  const status = await runner.runOnce('test:leaky');
  await runner.stop();
  assert.equal(status.lastError?.message, 'connect failed for admin:********');
  const everything = JSON.stringify({ status: runner.status(), flushes, logs });
  assert.doesNotMatch(everything, /hunter2/);
  assert.match(everything, /\*{8}/);
});

test('the runner refuses instances beyond its bound, counting them', () => {
  const runner = new CheckRunner({ sinks: collectingSink().sink, maxInstances: 2, unrefTimers: true });
  const noop = { collect: async () => undefined };
  assert.equal(runner.add(instance('test:1', noop)), true);
  assert.equal(runner.add(instance('test:2', noop)), true);
  assert.equal(runner.add(instance('test:3', noop)), false);
  assert.equal(runner.add(instance('test:1', noop)), true, 'replacing an existing id is fine');
  assert.equal(runner.refusedInstances, 1);
  assert.equal(runner.status().length, 2);
});

test('a throwing sink is counted and does not break the run', async () => {
  const runner = new CheckRunner({
    sinks: [{ name: 'broken', write: () => Promise.reject(new Error('disk full')) }],
    unrefTimers: true,
  });
  runner.add(instance('test:s', { collect: async (context: CheckContext) => context.gauge('g', 1) }));
  const status = await runner.runOnce('test:s');
  assert.equal(status.state, 'OK');
  assert.equal(runner.sinkErrors, 1);
});
