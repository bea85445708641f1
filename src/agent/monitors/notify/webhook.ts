// Webhook delivery: a bounded queue drained by a few workers; each notification is POSTed as JSON and
// retried on network errors, timeouts, 429 and 5xx with exponential backoff, a bounded number of times.
// When the queue is full, new notifications are dropped and counted: a dead endpoint must not grow the
// agent's memory.
import type { MonitorNotification } from './types';

export interface WebhookOptions {
  maxQueued: number;
  /** Attempts per delivery, the first included. */
  maxAttempts: number;
  /** Wait before the second attempt; doubled for each one after. */
  initialBackoffMs: number;
  timeoutMs: number;
  concurrency: number;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  onFailure?: (url: string, message: string) => void;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
  maxQueued: 100,
  maxAttempts: 4,
  initialBackoffMs: 1_000,
  timeoutMs: 5_000,
  concurrency: 2,
  fetch: (...args) => fetch(...args),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()),
};

export interface WebhookStats {
  queued: number;
  delivered: number;
  failed: number;
  dropped: number;
  retries: number;
  lastError?: string;
}

interface Delivery {
  url: string;
  body: string;
}

/** Webhook URLs often carry a secret in their path or query: logs and stats show the origin only. */
export function redactUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return 'an invalid URL';
  }
}

/** Retry: the request may succeed later. Other 4xx answers will not change. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export class WebhookSender {
  private readonly queue: Delivery[] = [];
  private active = 0;
  private readonly counters = { delivered: 0, failed: 0, dropped: 0, retries: 0 };
  private lastError: string | undefined;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly options: WebhookOptions = DEFAULT_WEBHOOK_OPTIONS) {}

  send(url: string, notification: MonitorNotification): void {
    if (this.stopped || this.queue.length >= this.options.maxQueued) {
      this.counters.dropped += 1;
      return;
    }
    this.queue.push({ url, body: JSON.stringify(notification) });
    this.pump();
  }

  stats(): WebhookStats {
    return { queued: this.queue.length, ...this.counters, lastError: this.lastError };
  }

  /** Resolves when nothing is queued or in flight (tests, shutdown). */
  idle(): Promise<void> {
    if (this.queue.length === 0 && this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops what is queued; deliveries in flight finish their current attempt. */
  stop(): void {
    this.stopped = true;
    this.counters.dropped += this.queue.length;
    this.queue.length = 0;
  }

  private pump(): void {
    while (this.active < this.options.concurrency && this.queue.length > 0) {
      const delivery = this.queue.shift() as Delivery;
      this.active += 1;
      void this.deliver(delivery).finally(() => {
        this.active -= 1;
        this.pump();
        if (this.queue.length === 0 && this.active === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
    }
  }

  private async deliver(delivery: Delivery): Promise<void> {
    let backoff = this.options.initialBackoffMs;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt += 1) {
      const outcome = await this.attempt(delivery);
      if (outcome === 'ok') {
        this.counters.delivered += 1;
        return;
      }
      if (outcome === 'final' || attempt === this.options.maxAttempts || this.stopped) break;
      this.counters.retries += 1;
      await this.options.sleep(backoff);
      backoff *= 2;
    }
    this.counters.failed += 1;
    this.options.onFailure?.(redactUrl(delivery.url), this.lastError ?? 'failed');
  }

  private async attempt(delivery: Delivery): Promise<'ok' | 'retry' | 'final'> {
    try {
      const response = await this.options.fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'kinstrument-agent' },
        body: delivery.body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return 'ok';
      this.lastError = `${redactUrl(delivery.url)} answered ${response.status}`;
      return retryable(response.status) ? 'retry' : 'final';
    } catch (error) {
      this.lastError = `${redactUrl(delivery.url)}: ${(error as Error).message}`;
      return 'retry';
    }
  }
}
