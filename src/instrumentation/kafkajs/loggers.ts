// kafkajs' loggers (kafkajs/src/loggers: `createLogger` → `{ error, warn, info, debug, namespace, … }`)
// are observed, not replaced: each level function reports the call to the hub, then runs kafkajs' own,
// which filters by the level the app configured and hands the entry to the app's logCreator exactly as
// before. Seeing calls before kafkajs filters them lets kinstrument log at its own level.
import { guarded } from '../../diagnostics/diagnostics';
import { KAFKA_LOG_LEVEL_NUMBER, type KafkaLogLevelName } from '../events';
import type { EventHub } from '../hub';

type LogFunction = (message: unknown, extra?: unknown) => unknown;
type KafkaLogger = Record<KafkaLogLevelName, LogFunction> & {
  namespace?: (namespace: unknown, ...rest: unknown[]) => KafkaLogger;
};
export type CreateLogger = (...args: unknown[]) => KafkaLogger;

const LEVELS: readonly KafkaLogLevelName[] = ['error', 'warn', 'info', 'debug'];

export function wrapCreateLogger(original: CreateLogger, getHub: () => EventHub | undefined): CreateLogger {
  return function createLoggerWithTelemetry(this: unknown, ...args: unknown[]): KafkaLogger {
    const logger = original.apply(this, args);
    // Decided once per Kafka client: without a listener for logs, kafkajs' logger stays untouched.
    if (getHub()?.wantsKafkaLog(KAFKA_LOG_LEVEL_NUMBER.error)) {
      guarded('kafkajs.logger', undefined, () => observe(logger, undefined, getHub));
    }
    return logger;
  };
}

function observe(
  logger: KafkaLogger,
  namespace: string | undefined,
  getHub: () => EventHub | undefined,
): void {
  if (typeof logger !== 'object' || logger === null) return;
  for (const level of LEVELS) {
    const original = logger[level];
    if (typeof original !== 'function') continue;
    const number = KAFKA_LOG_LEVEL_NUMBER[level];
    logger[level] = function logWithTelemetry(this: unknown, message: unknown, extra?: unknown) {
      const hub = getHub();
      if (hub?.wantsKafkaLog(number)) {
        guarded('kafkajs.log', undefined, () =>
          hub.kafkaLog({
            level,
            namespace,
            message: typeof message === 'string' ? message : String(message),
            extra: typeof extra === 'object' && extra !== null ? (extra as Record<string, unknown>) : {},
            time: Date.now(),
          }),
        );
      }
      // eslint-disable-next-line prefer-rest-params -- kafkajs gets exactly the arguments it was called with
      return original.apply(this, arguments as unknown as [unknown, unknown?]);
    };
  }
  const makeNamespace = logger.namespace;
  if (typeof makeNamespace === 'function') {
    logger.namespace = function namespaceWithTelemetry(this: unknown, name: unknown, ...rest: unknown[]) {
      const child = makeNamespace.call(this, name, ...rest);
      guarded('kafkajs.logger', undefined, () =>
        observe(child, typeof name === 'string' ? name : undefined, getHub),
      );
      return child;
    };
  }
}
