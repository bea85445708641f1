// The one place kafkajs is patched. It wraps Kafka.prototype.producer/consumer (in kafkajs/src/index.js,
// which both `require('kafkajs')` and `import … from 'kafkajs'` go through) and publishes lifecycle events
// to the hub. Patching the prototype means every Kafka client, even one created before init(), is covered.
// Three internal files are observed too, each only for what kafkajs reports nowhere else: the retrier
// (retries), the logger factory (log entries at kinstrument's own level) and Broker.offsetCommit (failed
// commits). The first two are captured by reference when kafkajs loads, so they need kinstrument first.
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
  isWrapped,
  type InstrumentationConfig,
} from '@opentelemetry/instrumentation';
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { diagnostics, guarded } from '../../diagnostics/diagnostics';
import { VERSION } from '../../version';
import type { EventHub } from '../hub';
import { wrapOffsetCommit } from './broker';
import { newClientInfo } from './client-info';
import { whileBuilding } from './construction';
import { instrumentConsumer } from './consumer';
import { wrapCreateLogger, type CreateLogger } from './loggers';
import { instrumentProducer } from './producer';
import { wrapCreateRetry, type CreateRetry } from './retry';
import type { ConsumerConfigShape, ConsumerShape, ProducerConfigShape, ProducerShape } from './shapes';

export const SUPPORTED_KAFKAJS_VERSIONS = ['>=1.16.0 <3'];
const CLIENT_FILE = 'kafkajs/src/index.js';
const RETRY_FILE = 'kafkajs/src/retry/index.js';
const LOGGERS_FILE = 'kafkajs/src/loggers/index.js';
const BROKER_FILE = 'kafkajs/src/broker/index.js';

interface LoggersModule {
  createLogger: CreateLogger;
}

interface BrokerClass {
  prototype: { offsetCommit: (request: unknown, ...rest: unknown[]) => Promise<unknown> };
}

interface KafkaClientClass {
  prototype: {
    producer: (config?: ProducerConfigShape) => ProducerShape;
    consumer: (config?: ConsumerConfigShape) => ConsumerShape;
  };
}

export class KafkajsInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  private hub: EventHub | undefined;
  /** How many kafkajs copies were patched (each `node_modules/kafkajs` counts once). */
  patchedCopies = 0;

  constructor(hub: EventHub) {
    // enabled: false, so nothing hooks require before the hub is in place; enable() follows.
    super('kinstrument-kafkajs', VERSION, { enabled: false });
    this.hub = hub;
  }

  protected init() {
    const file = new InstrumentationNodeModuleFile(
      CLIENT_FILE,
      SUPPORTED_KAFKAJS_VERSIONS,
      (moduleExports: KafkaClientClass) => this.patchClientClass(moduleExports),
      (moduleExports?: KafkaClientClass) => this.unpatchClientClass(moduleExports),
    );
    const getHub = () => this.hub;
    // A function export cannot be unwrapped where kafkajs already holds it; without a hub it passes through.
    const retry = new InstrumentationNodeModuleFile(
      RETRY_FILE,
      SUPPORTED_KAFKAJS_VERSIONS,
      (createRetry: CreateRetry) => wrapCreateRetry(createRetry, getHub),
      () => undefined,
    );
    const loggers = new InstrumentationNodeModuleFile(
      LOGGERS_FILE,
      SUPPORTED_KAFKAJS_VERSIONS,
      (moduleExports: LoggersModule) => {
        if (typeof moduleExports?.createLogger === 'function' && !isWrapped(moduleExports.createLogger)) {
          this._wrap(moduleExports, 'createLogger', (original) => wrapCreateLogger(original, getHub));
        }
        return moduleExports;
      },
      (moduleExports?: LoggersModule) => {
        if (moduleExports && isWrapped(moduleExports.createLogger))
          this._unwrap(moduleExports, 'createLogger');
      },
    );
    const broker = new InstrumentationNodeModuleFile(
      BROKER_FILE,
      SUPPORTED_KAFKAJS_VERSIONS,
      (moduleExports: BrokerClass) => this.patchBrokerClass(moduleExports),
      (moduleExports?: BrokerClass) => {
        if (moduleExports?.prototype && isWrapped(moduleExports.prototype.offsetCommit)) {
          this._unwrap(moduleExports.prototype, 'offsetCommit');
        }
      },
    );
    return [
      new InstrumentationNodeModuleDefinition('kafkajs', SUPPORTED_KAFKAJS_VERSIONS, undefined, undefined, [
        file,
        retry,
        loggers,
        broker,
      ]),
    ];
  }

  private patchBrokerClass(moduleExports: BrokerClass): BrokerClass {
    const prototype = moduleExports?.prototype;
    if (!prototype || typeof prototype.offsetCommit !== 'function' || isWrapped(prototype.offsetCommit)) {
      return moduleExports;
    }
    const getHub = () => this.hub;
    this._wrap(prototype, 'offsetCommit', (original) => wrapOffsetCommit(original, getHub));
    return moduleExports;
  }

  /**
   * kafkajs copies loaded before enable() are invisible to the require hook: patch them in place.
   * Returns the paths patched this way, so init() can say so.
   */
  patchAlreadyLoaded(): string[] {
    const patched: string[] = [];
    const suffix = `${sep}kafkajs${sep}src${sep}index.js`;
    for (const [path, cached] of Object.entries(require.cache)) {
      if (!path.endsWith(suffix) || !cached?.loaded) continue;
      const packageRoot = dirname(dirname(path));
      if (!isSupportedVersion(readVersion(packageRoot))) {
        diagnostics.log(
          'warn',
          'kafkajs.version',
          `kafkajs at ${packageRoot} is not a supported version; not instrumented`,
        );
        continue;
      }
      const exports = cached.exports as KafkaClientClass;
      if (!isWrapped(exports?.prototype?.producer)) {
        this.patchClientClass(exports);
        patched.push(packageRoot);
      }
      // A prototype method can still be wrapped late; the retrier and logger factory cannot (see above).
      const broker = require.cache[join(packageRoot, 'src', 'broker', 'index.js')];
      if (broker?.loaded) this.patchBrokerClass(broker.exports as BrokerClass);
    }
    return patched;
  }

  private patchClientClass(moduleExports: KafkaClientClass): KafkaClientClass {
    const prototype = moduleExports?.prototype;
    if (!prototype || typeof prototype.producer !== 'function' || typeof prototype.consumer !== 'function') {
      diagnostics.log(
        'warn',
        'kafkajs.shape',
        'kafkajs does not have the expected Kafka class; not instrumented',
      );
      return moduleExports;
    }
    if (isWrapped(prototype.producer)) return moduleExports;
    const getHub = () => this.hub;
    this._wrap(
      prototype,
      'producer',
      (original) =>
        function producerWithTelemetry(this: unknown, config?: ProducerConfigShape) {
          const info = newClientInfo('producer', config);
          const producer = whileBuilding(info, () => original.call(this, config));
          const hub = getHub();
          if (hub) guarded('kafkajs.producer', undefined, () => instrumentProducer(producer, info, hub));
          return producer;
        },
    );
    this._wrap(
      prototype,
      'consumer',
      (original) =>
        function consumerWithTelemetry(this: unknown, config?: ConsumerConfigShape) {
          const info = newClientInfo('consumer', config);
          const consumer = whileBuilding(info, () => original.call(this, config));
          const hub = getHub();
          if (hub) guarded('kafkajs.consumer', undefined, () => instrumentConsumer(consumer, info, hub));
          return consumer;
        },
    );
    this.patchedCopies += 1;
    return moduleExports;
  }

  private unpatchClientClass(moduleExports?: KafkaClientClass): void {
    const prototype = moduleExports?.prototype;
    if (!prototype) return;
    if (isWrapped(prototype.producer)) this._unwrap(prototype, 'producer');
    if (isWrapped(prototype.consumer)) this._unwrap(prototype, 'consumer');
  }

  /** Stops publishing events: producers/consumers created before keep their wrappers but report nothing. */
  detach(): void {
    this.hub = undefined;
  }
}

function readVersion(packageRoot: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

function isSupportedVersion(version: string | undefined): boolean {
  const match = version ? /^(\d+)\.(\d+)\./.exec(version) : null;
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return (major === 1 && minor >= 16) || major === 2;
}
