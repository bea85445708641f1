// The tracer provider kinstrument uses: one given in init(), else one the app registered globally,
// else our own (registered globally, so the app's own spans share its context and exporter).
import { diag, DiagLogLevel, trace, type TracerProvider } from '@opentelemetry/api';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import type { TextMapPropagator } from '@opentelemetry/api';
import type { ResolvedConfig } from '../../config/resolved';
import { diagnostics } from '../../diagnostics/diagnostics';
import { VERSION } from '../../version';
import {
  DEFAULT_PROCESSOR_LIMITS,
  EncodingSpanProcessor,
  type SpanExportStats,
} from './export/encoding-span-processor';
import { otlpHttpProtobufTransport } from './export/otlp-http-transport';

export interface TracerSetup {
  provider: TracerProvider;
  /** Where the provider came from. */
  origin: 'option' | 'app' | 'kinstrument';
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
  /** The export queue's counters, when kinstrument's own protobuf export is in use. */
  exportStats(): SpanExportStats | undefined;
}

export function setUpTracerProvider(config: ResolvedConfig, propagator: TextMapPropagator): TracerSetup {
  routeOtelDiagnostics();
  const given = config.traces.tracerProvider;
  if (given) return borrowed(given, 'option');

  const processors = buildProcessors(config);
  const ours = new NodeTracerProvider({
    resource: resourceFromAttributes(resourceAttributes(config)),
    sampler: buildSampler(config),
    spanProcessors: processors,
  });
  // register() installs the AsyncLocalStorage context manager and the propagator too; it fails (false)
  // when the app registered a provider first, and then the app's wins.
  if (!trace.setGlobalTracerProvider(ours)) {
    void ours.shutdown();
    diagnostics.log('info', 'traces.provider', 'using the tracer provider the app registered');
    return borrowed(trace.getTracerProvider(), 'app');
  }
  trace.disable();
  ours.register({ propagator });
  return {
    provider: ours,
    origin: 'kinstrument',
    forceFlush: () => ours.forceFlush(),
    shutdown: () => ours.shutdown(),
    exportStats: () => processors.find((p) => p instanceof EncodingSpanProcessor)?.stats(),
  };
}

function borrowed(provider: TracerProvider, origin: 'option' | 'app'): TracerSetup {
  // The global provider is a proxy; flushing needs the provider behind it.
  const proxied = provider as TracerProvider & { getDelegate?: () => TracerProvider };
  const target = typeof proxied.getDelegate === 'function' ? proxied.getDelegate() : provider;
  const flushable = target as TracerProvider & { forceFlush?: () => Promise<void> };
  const flush = async () => {
    if (typeof flushable.forceFlush === 'function') await flushable.forceFlush();
  };
  // Not ours to shut down: flushing is all we do.
  return { provider, origin, forceFlush: flush, shutdown: flush, exportStats: () => undefined };
}

function resourceAttributes(config: ResolvedConfig): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const tag of config.tags) {
    const colon = tag.indexOf(':');
    if (colon > 0) attributes[tag.slice(0, colon)] = tag.slice(colon + 1);
  }
  attributes['service.name'] = config.serviceName;
  if (config.env) attributes['deployment.environment.name'] = config.env;
  if (config.version) attributes['service.version'] = config.version;
  attributes['telemetry.distro.name'] = 'kinstrument';
  attributes['telemetry.distro.version'] = VERSION;
  return attributes;
}

function buildSampler(config: ResolvedConfig): Sampler {
  const ratio = () => new TraceIdRatioBasedSampler(config.traces.samplerArg);
  switch (config.traces.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio();
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio() });
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

function buildProcessors(config: ResolvedConfig): SpanProcessor[] {
  switch (config.traces.exporter) {
    case 'none':
      return [];
    case 'console':
      return [new BatchSpanProcessor(new ConsoleSpanExporter())];
    case 'otlp': {
      const settings = { url: config.traces.endpoint, headers: { ...config.traces.headers } };
      // Protobuf, the default, is encoded by kinstrument as each span ends (export/): less CPU per span
      // than the upstream serializer and a queue bounded in bytes — bench/FINDINGS.md, item 12.
      if (config.traces.protocol === 'http/protobuf') {
        return [
          new EncodingSpanProcessor(otlpHttpProtobufTransport(settings), {
            ...DEFAULT_PROCESSOR_LIMITS,
            maxQueueBytes: config.traces.maxQueueBytes,
          }),
        ];
      }
      return [
        new BatchSpanProcessor(
          new OTLPJsonTraceExporter(settings),
          // Bounded: spans beyond the queue are dropped (and OTel reports it), never buffered without limit.
          { maxQueueSize: 4096, maxExportBatchSize: 512, scheduledDelayMillis: 1000 },
        ),
      ];
    }
  }
}

let diagRouted = false;

/** OpenTelemetry's own warnings (export failures, dropped spans) go to our rate-limited diagnostics. */
function routeOtelDiagnostics(): void {
  if (diagRouted) return;
  diagRouted = true;
  const forward = (level: 'error' | 'warn') => (message: string) => {
    if (message.includes('duplicate registration of API: trace')) {
      diagnostics.log(
        'warn',
        'otel.duplicate-provider',
        'the app registered its own tracer provider after kinstrument started; pass it as traces.tracerProvider to init(), or call init() after registering it',
      );
      return;
    }
    const text = readableOtelMessage(message);
    diagnostics.log(level, `otel.${level}.${text.slice(0, 40)}`, `OpenTelemetry: ${text}`);
  };
  diag.setLogger(
    {
      error: forward('error'),
      warn: forward('warn'),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
}

/** The exporter logs serialized errors (`{"stack":…,"message":…}`): keep the message only. */
function readableOtelMessage(message: string): string {
  if (!message.startsWith('{')) return message;
  try {
    const parsed = JSON.parse(message) as { message?: unknown };
    return typeof parsed.message === 'string' ? `export failed: ${parsed.message}` : message;
  } catch {
    return message;
  }
}
