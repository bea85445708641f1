// init(): resolve the configuration once, set up the signals, patch kafkajs, flush on exit.
import { isDeepStrictEqual } from 'node:util';
import { ConfigError } from '../config/errors';
import type { KinstrumentOptions } from '../config/options';
import type { ResolvedConfig } from '../config/resolved';
import { resolveConfig } from '../config/resolve';
import { diagnostics, guarded } from '../diagnostics/diagnostics';
import { EventHub } from '../instrumentation/hub';
import { KafkajsInstrumentation } from '../instrumentation/kafkajs/instrumentation';
import { setCorrelationIdentity } from '../signals/logs/correlation';
import { logIdentity, setUpLogs, type LogsSetup } from '../signals/logs/setup';
import { setUpMetrics, type MetricsSetup } from '../signals/metrics/setup';
import { setUpTracerProvider, type TracerSetup } from '../signals/traces/provider';
import { buildPropagator } from '../signals/traces/propagation/propagator';
import { topicFilter } from '../signals/traces/topic-filter';
import { createTracingListener } from '../signals/traces/tracing-listener';
import { VERSION } from '../version';
import { installExitFlush } from './exit-flush';
import type { KinstrumentHandle } from './handle';

let active: { handle: KinstrumentHandle; options: KinstrumentOptions } | undefined;

export function init(options: KinstrumentOptions = {}): KinstrumentHandle {
  if (active) {
    if (!isDeepStrictEqual(active.options, options)) {
      diagnostics.log(
        'warn',
        'init.again',
        'init() was called again with other options; the first configuration stays',
      );
    }
    return active.handle;
  }
  const config = resolveConfig(options);
  diagnostics.configure(config.logLevel);
  const handle = config.disabled ? disabledHandle(config) : start(config);
  active = { handle, options };
  return handle;
}

/** Shuts down what init() started, if anything. */
export async function shutdown(): Promise<void> {
  await active?.handle.shutdown();
}

/**
 * What `-r kinstrument/register` runs: configuration from the environment. A bad setting is reported
 * clearly and leaves the app running uninstrumented, rather than stopping it.
 */
export function initFromEnvironment(): KinstrumentHandle | undefined {
  try {
    return init();
  } catch (error) {
    const reason =
      error instanceof ConfigError ? error.message : `kinstrument: could not start: ${String(error)}`;
    process.stderr.write(`${reason}\nkinstrument: instrumentation is off for this process.\n`);
    return undefined;
  }
}

function start(config: ResolvedConfig): KinstrumentHandle {
  const hub = new EventHub();
  let tracing: TracerSetup | undefined;
  if (config.traces.enabled) {
    const propagator = buildPropagator(config.traces.propagators);
    tracing = setUpTracerProvider(config, propagator);
    hub.add(
      createTracingListener({
        tracer: tracing.provider.getTracer('kinstrument-kafkajs', VERSION),
        propagator,
        traceTopic: topicFilter(config.kafka.ignoreTopics),
        captureMessageKey: config.kafka.captureMessageKey,
        consumerSpanRelation: config.kafka.consumerSpanRelation,
        maxBatchLinks: config.kafka.maxBatchLinks,
      }),
    );
  }
  // Each signal is a listener; a signal that is off registers nothing, so the patch skips its work.
  // A signal that fails to start is reported and left off; the app and the other signals carry on.
  const metrics: MetricsSetup | undefined = config.metrics.enabled
    ? guarded('metrics.setup', undefined, () => setUpMetrics(config))
    : undefined;
  if (metrics) hub.add(metrics.listener);
  const logs: LogsSetup | undefined = config.logs.enabled
    ? guarded('logs.setup', undefined, () => setUpLogs(config))
    : undefined;
  if (logs) {
    hub.add(logs.listener);
    diagnostics.useWriter(logs.diagnosticWriter);
  }
  setCorrelationIdentity(logIdentity(config));

  const instrumentation = new KafkajsInstrumentation(hub);
  instrumentation.enable();
  const patchedLate = instrumentation.patchAlreadyLoaded();
  if (patchedLate.length > 0) {
    diagnostics.log(
      'warn',
      'init.late',
      `kafkajs was loaded before kinstrument's init(); patched the loaded copy in place (${patchedLate.join(', ')}). ` +
        'Kafka clients created earlier are covered; producers and consumers made before init() are not, and ' +
        "kafkajs' retries and log entries are only seen with kinstrument loaded first. Preloading with `node -r kinstrument/register` avoids this.",
    );
  }

  const flush = async () => {
    await Promise.all([tracing?.forceFlush(), metrics?.flush(), logs?.flush()]);
  };
  const uninstallExitFlush = config.flushOnExit
    ? installExitFlush(flush, config.shutdownTimeoutMs)
    : () => undefined;

  let stopped: Promise<void> | undefined;
  const handle: KinstrumentHandle = {
    config,
    forceFlush: flush,
    shutdown() {
      stopped ??= (async () => {
        uninstallExitFlush();
        hub.clear();
        instrumentation.detach();
        instrumentation.disable();
        await withTimeout(
          Promise.all([tracing?.shutdown(), metrics?.shutdown(), logs?.shutdown()]).then(() => undefined),
          config.shutdownTimeoutMs,
        );
        if (logs) diagnostics.useWriter(undefined);
        setCorrelationIdentity(undefined);
        if (active?.handle === handle) active = undefined;
      })();
      return stopped;
    },
    stats: () => ({
      internalErrors: diagnostics.errorCounts(),
      patchedKafkajsCopies: instrumentation.patchedCopies,
      tracerProvider: tracing?.origin,
      deliveryErrors: diagnostics.deliveryErrorCounts(),
      traces: tracing?.exportStats(),
      metrics: metrics?.stats(),
      logs: logs?.stats(),
    }),
  };
  return handle;
}

function disabledHandle(config: ResolvedConfig): KinstrumentHandle {
  const handle: KinstrumentHandle = {
    config,
    forceFlush: async () => undefined,
    async shutdown() {
      if (active?.handle === handle) active = undefined;
    },
    stats: () => ({
      internalErrors: {},
      patchedKafkajsCopies: 0,
      tracerProvider: undefined,
      deliveryErrors: {},
      traces: undefined,
      metrics: undefined,
      logs: undefined,
    }),
  };
  return handle;
}

async function withTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work.catch((error: unknown) => diagnostics.internalError('shutdown', error)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
