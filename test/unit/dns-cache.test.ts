// The DogStatsD host is resolved at most once per TTL, and a failing name is not asked again at every flush.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cachingLookup } from '../../src/signals/metrics/dns-cache';

type Done = (error: NodeJS.ErrnoException | null, address: string, family: number) => void;

function lookupOnce(lookup: ReturnType<typeof cachingLookup>, host: string) {
  return new Promise<{ error: NodeJS.ErrnoException | null; address: string }>((resolve) =>
    lookup(host, 4, (error, address) => resolve({ error, address })),
  );
}

test('answers and failures are cached; concurrent lookups share one question', async () => {
  let clock = 0;
  const asked: string[] = [];
  const answers = new Map<string, Done>();
  const lookup = cachingLookup({
    family: 4,
    ttlMs: 1000,
    failureBackoffMs: 100,
    now: () => clock,
    resolve: (hostname, _options, done) => {
      asked.push(hostname);
      answers.set(hostname, done);
    },
  });
  const first = lookupOnce(lookup, 'agent');
  const second = lookupOnce(lookup, 'agent');
  answers.get('agent')!(null, '10.0.0.7', 4);
  assert.deepEqual(await Promise.all([first, second]), [
    { error: null, address: '10.0.0.7' },
    { error: null, address: '10.0.0.7' },
  ]);
  clock = 999;
  assert.equal((await lookupOnce(lookup, 'agent')).address, '10.0.0.7');
  assert.deepEqual(asked, ['agent']);
  clock = 1001;
  const refreshed = lookupOnce(lookup, 'agent');
  answers.get('agent')!(null, '10.0.0.8', 4);
  assert.equal((await refreshed).address, '10.0.0.8');

  const failing = lookupOnce(lookup, 'nonexistent.invalid');
  answers.get('nonexistent.invalid')!(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), '', 0);
  assert.equal((await failing).error?.code, 'ENOTFOUND');
  clock += 50;
  assert.equal((await lookupOnce(lookup, 'nonexistent.invalid')).error?.code, 'ENOTFOUND');
  assert.equal(asked.filter((h) => h === 'nonexistent.invalid').length, 1, 'failure remembered');
  clock += 100;
  void lookupOnce(lookup, 'nonexistent.invalid');
  assert.equal(asked.filter((h) => h === 'nonexistent.invalid').length, 2, 'asked again after the backoff');
});
