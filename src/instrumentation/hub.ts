// Delivers lifecycle events to the registered listeners. Every call into a listener is guarded: a failure
// in a signal is counted and logged, and the app's operation runs and returns exactly as without us.
import { diagnostics, guarded } from '../diagnostics/diagnostics';
import {
  KAFKA_LOG_LEVEL_NUMBER,
  type KafkaListener,
  type KafkaLogEntry,
  type OperationScope,
  type Outcome,
  type RetryEvent,
} from './events';

type OperationHook = 'onSend' | 'onProcessMessage' | 'onProcessBatch' | 'onTransaction' | 'onOffsetCommit';
type WantableHook = OperationHook | 'onClientEvent' | 'onRetry';
const WANTABLE_HOOKS: readonly WantableHook[] = [
  'onSend',
  'onProcessMessage',
  'onProcessBatch',
  'onTransaction',
  'onOffsetCommit',
  'onClientEvent',
  'onRetry',
];
type EventOf<H extends OperationHook> = Parameters<NonNullable<KafkaListener[H]>>[0];

/**
 * Event times: performance.now(), monotonic ms. Durations come out exact, and the OpenTelemetry SDK anchors
 * such times to the wall clock per span, as it does for the app's own spans. `timeOrigin + now()` would be
 * the process's start time plus monotonic time, which drifts from Date.now() over a long life (clock steps,
 * a suspended VM): the app's HTTP span and our send span within it would disagree by that drift.
 */
export function now(): number {
  return performance.now();
}

export class EventHub {
  private listeners: readonly KafkaListener[] = [];
  /** Most verbose kafkajs log level (kafkajs numbering) any listener wants; 0 when none does. */
  private kafkaLogThreshold = 0;
  /** Hooks at least one listener implements: `wants()` runs on every kafkajs call, listeners change rarely. */
  private wantedHooks: ReadonlySet<WantableHook> = new Set();

  add(listener: KafkaListener): void {
    this.setListeners([...this.listeners, listener]);
  }

  remove(listener: KafkaListener): void {
    this.setListeners(this.listeners.filter((l) => l !== listener));
  }

  clear(): void {
    this.setListeners([]);
  }

  private setListeners(listeners: readonly KafkaListener[]): void {
    this.listeners = listeners;
    this.kafkaLogThreshold = Math.max(0, ...listeners.map(kafkaLogNumber));
    this.wantedHooks = new Set(
      WANTABLE_HOOKS.filter((hook) => listeners.some((listener) => listener[hook] !== undefined)),
    );
  }

  /** True when some listener follows this kind of operation: without one, the patch stays out of the way. */
  wants(hook: WantableHook): boolean {
    return this.wantedHooks.has(hook);
  }

  /** True when some listener wants kafkajs log calls at this kafkajs level number (ERROR 1 … DEBUG 5). */
  wantsKafkaLog(level: number): boolean {
    return level <= this.kafkaLogThreshold;
  }

  retry(event: RetryEvent): void {
    for (const listener of this.listeners) {
      if (listener.onRetry) guarded(`${listener.name}.onRetry`, undefined, () => listener.onRetry!(event));
    }
  }

  kafkaLog(entry: KafkaLogEntry): void {
    const level = KAFKA_LOG_LEVEL_NUMBER[entry.level];
    for (const listener of this.listeners) {
      if (listener.onKafkaLog && level <= kafkaLogNumber(listener)) {
        guarded(`${listener.name}.onKafkaLog`, undefined, () => listener.onKafkaLog!(entry));
      }
    }
  }

  clientEvent(event: Parameters<NonNullable<KafkaListener['onClientEvent']>>[0]): void {
    for (const listener of this.listeners) {
      if (listener.onClientEvent)
        guarded(`${listener.name}.onClientEvent`, undefined, () => listener.onClientEvent!(event));
    }
  }

  /**
   * Runs `operation` inside every interested listener's scope and reports its outcome to them.
   * Returns what `operation` returns (the same promise object) and throws what it throws.
   */
  run<H extends OperationHook, T>(
    hook: H,
    event: EventOf<H>,
    operation: () => T,
    describeResult?: (value: unknown) => Partial<Outcome>,
  ): T {
    const scopes: OperationScope[] = [];
    // try/catch in place rather than guarded(): this runs for every message, and a guarded() call would make
    // a closure and its label string each time, for the rare failure only.
    for (const listener of this.listeners) {
      const start = listener[hook] as ((e: EventOf<H>) => OperationScope | undefined) | undefined;
      if (!start) continue;
      let scope: OperationScope | undefined;
      try {
        scope = start.call(listener, event);
      } catch (error) {
        diagnostics.internalError(`${listener.name}.${hook}`, error);
      }
      if (scope) scopes.push(scope);
    }
    // The rest lives in functions of its own: closures here would make every call allocate their context,
    // the calls no listener follows too.
    return scopes.length === 0 ? operation() : runInScopes(hook, scopes, operation, describeResult);
  }
}

function runInScopes<T>(
  hook: OperationHook,
  scopes: readonly OperationScope[],
  operation: () => T,
  describeResult: ((value: unknown) => Partial<Outcome>) | undefined,
): T {
  let call = operation;
  for (const scope of scopes) {
    if (scope.run) call = runInside(scope, call);
  }
  let result: T;
  try {
    result = call();
  } catch (error) {
    finishScopes(hook, scopes, { error });
    throw error;
  }
  if (isThenable(result)) {
    result.then(
      (value) => finishScopes(hook, scopes, describeOutcome(hook, describeResult, value)),
      (error: unknown) => finishScopes(hook, scopes, { error }),
    );
  } else {
    finishScopes(hook, scopes, describeOutcome(hook, describeResult, result));
  }
  return result;
}

function describeOutcome(
  hook: OperationHook,
  describeResult: ((value: unknown) => Partial<Outcome>) | undefined,
  value: unknown,
): Omit<Outcome, 'endTime'> {
  return describeResult ? guarded(`${hook}.result`, {}, () => describeResult(value)) : {};
}

function finishScopes(
  hook: OperationHook,
  scopes: readonly OperationScope[],
  outcome: Omit<Outcome, 'endTime'>,
): void {
  // Not `{ ...outcome, endTime }`: on Node 20 a spread with an extra property is ~10× slower.
  const full: Outcome = Object.assign({ endTime: now() }, outcome);
  for (const scope of scopes) {
    if (!scope.end) continue;
    try {
      scope.end(full);
    } catch (error) {
      diagnostics.internalError(`${hook}.end`, error);
    }
  }
}

function kafkaLogNumber(listener: KafkaListener): number {
  return listener.onKafkaLog && listener.kafkaLogLevel ? KAFKA_LOG_LEVEL_NUMBER[listener.kafkaLogLevel] : 0;
}

/** Wraps `inner` with `scope.run`, so that a failure of the scope itself never reaches the app. */
function runInside<T>(scope: OperationScope, inner: () => T): () => T {
  return () => {
    let invoked = false;
    let settled = false;
    let innerResult: T | undefined;
    let innerError: unknown;
    let innerThrew = false;
    try {
      return scope.run!(() => {
        invoked = true;
        try {
          innerResult = inner();
          return innerResult;
        } catch (error) {
          innerThrew = true;
          innerError = error;
          throw error;
        } finally {
          settled = true;
        }
      });
    } catch (error) {
      if (innerThrew && error === innerError) throw error;
      diagnostics.internalError('scope.run', error);
      if (!invoked) return inner();
      if (settled && innerThrew) throw innerError;
      return innerResult as T;
    }
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
