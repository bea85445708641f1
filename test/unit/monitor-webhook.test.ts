// Webhook delivery: retries with backoff on 5xx and network errors, none on 4xx, a bounded queue, and
// URLs (which may hold secrets) never shown whole.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebhookSender, type WebhookOptions } from '../../src/agent/monitors';
import type { MonitorNotification } from '../../src/agent/monitors';

const NOTIFICATION: MonitorNotification = {
  monitor: { id: 'm', name: 'M', type: 'outlier', tags: [] },
  group: 'client_id:slow',
  from: 'OK',
  to: 'ALERT',
  detail: 'outside the largest cluster',
  message: '',
  timestamp: 1,
  event: 'triggered',
};

function sender(answers: (number | Error)[], overrides: Partial<WebhookOptions> = {}) {
  const calls: { url: string; body: string }[] = [];
  const sleeps: number[] = [];
  const failures: string[] = [];
  const webhook = new WebhookSender({
    maxQueued: 10,
    maxAttempts: 4,
    initialBackoffMs: 1000,
    timeoutMs: 1000,
    concurrency: 1,
    fetch: (async (url: string, init: RequestInit) => {
      calls.push({ url, body: String(init.body) });
      const answer = answers.shift() ?? 200;
      if (answer instanceof Error) throw answer;
      return new Response('', { status: answer });
    }) as typeof fetch,
    sleep: async (ms) => void sleeps.push(ms),
    onFailure: (url, message) => failures.push(`${url} ${message}`),
    ...overrides,
  });
  return { webhook, calls, sleeps, failures };
}

test('5xx and network errors are retried with doubling backoff until delivered', async () => {
  const s = sender([503, new Error('ECONNREFUSED'), 200]);
  s.webhook.send('https://hooks.example.com/secret-path?token=abc', NOTIFICATION);
  await s.webhook.idle();
  assert.equal(s.calls.length, 3);
  assert.deepEqual(s.sleeps, [1000, 2000]);
  assert.deepEqual(JSON.parse(s.calls[0]!.body).group, 'client_id:slow');
  assert.deepEqual(s.webhook.stats(), {
    queued: 0,
    delivered: 1,
    failed: 0,
    dropped: 0,
    retries: 2,
    lastError: 'https://hooks.example.com/…: ECONNREFUSED',
  });
});

test('a 4xx answer is final; attempts are bounded; failures name the origin only', async () => {
  const s = sender([400]);
  s.webhook.send('https://hooks.example.com/secret', NOTIFICATION);
  await s.webhook.idle();
  assert.equal(s.calls.length, 1);
  assert.deepEqual(s.failures, ['https://hooks.example.com/… https://hooks.example.com/… answered 400']);

  const down = sender([500, 500, 500, 500, 500]);
  down.webhook.send('http://127.0.0.1:9/x', NOTIFICATION);
  await down.webhook.idle();
  assert.equal(down.calls.length, 4);
  assert.deepEqual(down.sleeps, [1000, 2000, 4000]);
  assert.equal(down.webhook.stats().failed, 1);
});

test('the queue is bounded: what does not fit is dropped and counted', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const s = sender([], {
    maxQueued: 2,
    fetch: (async () => {
      await gate;
      return new Response('', { status: 200 });
    }) as typeof fetch,
  });
  for (let i = 0; i < 5; i += 1) s.webhook.send('http://127.0.0.1:9/x', NOTIFICATION);
  // One in flight, two queued, two dropped.
  assert.deepEqual(
    { queued: s.webhook.stats().queued, dropped: s.webhook.stats().dropped },
    { queued: 2, dropped: 2 },
  );
  release();
  await s.webhook.idle();
  assert.equal(s.webhook.stats().delivered, 3);
});
