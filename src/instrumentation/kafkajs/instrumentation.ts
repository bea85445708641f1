// The one place kafkajs is patched. It wraps Kafka.prototype.producer/consumer (in kafkajs/src/index.js,
// which both `require('kafkajs')` and `import … from 'kafkajs'` go through) and publishes lifecycle events
// to the hub. Patching the prototype means every Kafka client, even one created before init(), is covered.
// Three internal files are observed too, each only for what kafkajs reports nowhere else: the retrier
// (retries), the logger factory (log entries at kinstrument's own level) and Broker.offsetCommit (failed
// commits). The first two are captured by reference when kafkajs loads, so they need kinstrument first.
// Files are caught as they load by a require hook of our own (require-hook.ts), not OpenTelemetry's
// InstrumentationBase, whose require-in-the-middle hook costs microseconds on every kafkajs request.
import { dirname, join, sep } from 'node:path';
import shimmer from 'shimmer';
import { diagnostics, guarded } from '../../diagnostics/diagnostics';
import type { EventHub } from '../hub';
import { wrapOffsetCommit } from './broker';
import { newClientInfo } from './client-info';
import { whileBuilding } from './construction';
import { instrumentConsumer } from './consumer';
import { fastHeaderEncoder, type KafkajsHeaderEncoder } from './header-encoder';
import { wrapCreateLogger, type CreateLogger } from './loggers';
import { isSupportedKafkajsVersion, kafkajsVersion } from './package-version';
import { instrumentProducer } from './producer';
import { hookKafkajsRequires, type KafkajsFileLoad, type RequireHook } from './require-hook';
import { wrapCreateRetry, type CreateRetry } from './retry';
import type { ConsumerConfigShape, ConsumerShape, ProducerConfigShape, ProducerShape } from './shapes';

export { SUPPORTED_KAFKAJS_VERSIONS } from './package-version';

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

/** shimmer marks what it wrapped; a wrapper of ours (or another shimmer user's) is not wrapped again. */
function isWrapped(value: unknown): boolean {
  return typeof value === 'function' && (value as { __wrapped?: unknown }).__wrapped === true;
}

export class KafkajsInstrumentation {
  private hub: EventHub | undefined;
  private requireHook: RequireHook | undefined;
  /** Undoes every in-place patch made, for disable(). */
  private readonly undo: (() => void)[] = [];
  private readonly unsupportedReported = new Set<string>();
  /** How many kafkajs copies were patched (each `node_modules/kafkajs` counts once). */
  patchedCopies = 0;

  constructor(hub: EventHub) {
    this.hub = hub;
  }

  /** Starts watching kafkajs loads (nothing is hooked before: the hub is in place first). */
  enable(): void {
    this.requireHook ??= hookKafkajsRequires((exports, load) => this.onKafkajsLoad(exports, load));
  }

  /** Stops watching kafkajs loads and takes back the in-place patches (wrapped retriers stay, inert). */
  disable(): void {
    this.requireHook?.unhook();
    this.requireHook = undefined;
    for (const undo of this.undo.splice(0).reverse()) guarded('kafkajs.unpatch', undefined, undo);
  }

  private onKafkajsLoad(exports: unknown, load: KafkajsFileLoad): unknown {
    if (!isSupportedKafkajsVersion(kafkajsVersion(load.packageRoot))) {
      this.reportUnsupported(load.packageRoot);
      return exports;
    }
    const getHub = () => this.hub;
    switch (load.file) {
      case 'src/index.js':
        return this.patchClientClass(exports as KafkaClientClass);
      case 'src/retry/index.js':
        // A function export cannot be unwrapped where kafkajs already holds it; without a hub it passes through.
        return wrapCreateRetry(exports as CreateRetry, getHub);
      case 'src/loggers/index.js': {
        const loggers = exports as LoggersModule;
        if (typeof loggers?.createLogger === 'function' && !isWrapped(loggers.createLogger)) {
          this.wrap(loggers, 'createLogger', (original) => wrapCreateLogger(original, getHub));
        }
        return exports;
      }
      case 'src/broker/index.js':
        return this.patchBrokerClass(exports as BrokerClass);
      case 'src/protocol/recordBatch/header/v0/index.js':
        // The same bytes, faster (header-encoder.ts). kafkajs' record encoder keeps what it was handed, so
        // disable() cannot take it back; it needs no hub and changes nothing the app or broker sees.
        return typeof exports === 'function' ? fastHeaderEncoder(exports as KafkajsHeaderEncoder) : exports;
    }
  }

  private reportUnsupported(packageRoot: string): void {
    if (this.unsupportedReported.has(packageRoot)) return;
    this.unsupportedReported.add(packageRoot);
    diagnostics.log(
      'warn',
      'kafkajs.version',
      `kafkajs at ${packageRoot} is not a supported version; not instrumented`,
    );
  }

  /** shimmer's wrap, remembered so disable() can take it back. */
  private wrap<T extends object, K extends keyof T & string>(
    target: T,
    name: K,
    wrapper: (original: T[K]) => T[K],
  ): void {
    shimmer.wrap(target, name, wrapper);
    this.undo.push(() => {
      if (isWrapped(target[name])) shimmer.unwrap(target, name);
    });
  }

  private patchBrokerClass(moduleExports: BrokerClass): BrokerClass {
    const prototype = moduleExports?.prototype;
    if (!prototype || typeof prototype.offsetCommit !== 'function' || isWrapped(prototype.offsetCommit)) {
      return moduleExports;
    }
    const getHub = () => this.hub;
    this.wrap(prototype, 'offsetCommit', (original) => wrapOffsetCommit(original, getHub));
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
      if (!isSupportedKafkajsVersion(kafkajsVersion(packageRoot))) {
        this.reportUnsupported(packageRoot);
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
    this.wrap(
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
    this.wrap(
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

  /** Stops publishing events: producers/consumers created before keep their wrappers but report nothing. */
  detach(): void {
    this.hub = undefined;
  }
}
