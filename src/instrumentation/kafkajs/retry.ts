// kafkajs/src/retry exports `createRetry(options) → retrier(fn)`; the retrier calls `fn(bail, retryCount,
// retryTime)` once per attempt. An attempt with retryCount ≥ 1 means the previous one failed and kafkajs
// retried it: that is reported, with the previous failure, for the client the retrier was built for.
import { guarded } from '../../diagnostics/diagnostics';
import type { EventHub } from '../hub';
import { clientBeingBuilt } from './construction';

type Attempt = (bail: (error?: unknown) => void, retryCount: number, retryTime: number) => unknown;
type Retrier = (attempt: Attempt) => unknown;
export type CreateRetry = (...args: unknown[]) => Retrier;

export function wrapCreateRetry(original: CreateRetry, getHub: () => EventHub | undefined): CreateRetry {
  if (typeof original !== 'function') return original;
  return function createRetryWithTelemetry(this: unknown, ...args: unknown[]): Retrier {
    const retrier = original.apply(this, args);
    const client = clientBeingBuilt();
    if (!client || typeof retrier !== 'function' || !getHub()?.wants('onRetry')) return retrier;
    return function retrierWithTelemetry(this: unknown, attempt: Attempt) {
      if (typeof attempt !== 'function') return retrier.call(this, attempt);
      let lastError: unknown;
      return retrier.call(this, function attemptWithTelemetry(this: unknown, bail, retryCount, retryTime) {
        if (retryCount > 0) {
          const hub = getHub();
          if (hub) {
            guarded('kafkajs.retry', undefined, () =>
              hub.retry({ client, retryCount, retryTime, error: lastError }),
            );
          }
        }
        const result = attempt.call(this, bail, retryCount, retryTime);
        if (isThenable(result)) {
          // A side observer: the retrier still gets `result` itself and handles its rejection.
          result.then(undefined, (error: unknown) => {
            lastError = error;
          });
        }
        return result;
      });
    };
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
