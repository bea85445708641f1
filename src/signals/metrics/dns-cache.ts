// Name resolution for the DogStatsD UDP socket: one lookup per minute at most, and a failed lookup is not
// retried for a few seconds. dns.lookup runs on libuv's small thread pool; asking it again at every flush
// for a name that does not resolve (or resolves slowly) would compete with the app's own file and crypto
// work. Concurrent sends share one lookup.
import { lookup as dnsLookup } from 'node:dns';

type Done = (error: NodeJS.ErrnoException | null, address: string, family: number) => void;
type Resolve = (hostname: string, options: { family: 4 | 6 }, done: Done) => void;

export interface CachingLookupOptions {
  family: 4 | 6;
  ttlMs?: number;
  failureBackoffMs?: number;
  /** Injected in tests; dns.lookup otherwise. */
  resolve?: Resolve;
  now?: () => number;
}

/** A `lookup` for dgram.createSocket(): `(hostname, familyOrOptions, callback)`. */
export function cachingLookup(options: CachingLookupOptions) {
  const resolve: Resolve = options.resolve ?? ((hostname, opts, done) => dnsLookup(hostname, opts, done));
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? 60_000;
  const backoff = options.failureBackoffMs ?? 5_000;
  const cache = new Map<
    string,
    { address?: string; error?: NodeJS.ErrnoException; until: number; waiting?: Done[] }
  >();
  /** Names looked up: bounded in practice (one target), but never allowed to grow without limit. */
  const MAX_NAMES = 16;

  return function lookup(hostname: string, familyOrOptions: unknown, callback?: Done): void {
    const done = (typeof familyOrOptions === 'function' ? familyOrOptions : callback) as Done;
    const entry = cache.get(hostname);
    if (entry?.waiting) {
      entry.waiting.push(done);
      return;
    }
    if (entry && now() < entry.until) {
      const { address, error } = entry;
      process.nextTick(() => (error ? done(error, '', 0) : done(null, address!, options.family)));
      return;
    }
    if (cache.size >= MAX_NAMES && !entry) cache.clear();
    const pending = { until: 0, waiting: [done] as Done[] };
    cache.set(hostname, pending);
    resolve(hostname, { family: options.family }, (error, address) => {
      const waiting = pending.waiting;
      cache.set(hostname, error ? { error, until: now() + backoff } : { address, until: now() + ttl });
      for (const next of waiting) {
        if (error) next(error, '', 0);
        else next(null, address, options.family);
      }
    });
  };
}
