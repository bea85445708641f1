// Preloaded (`node -r`) for the OpenTelemetry variant: the upstream kafkajs instrumentation with the same
// SDK pieces kinstrument uses (NodeTracerProvider, BatchSpanProcessor, OTLP/HTTP JSON exporter), sampling
// every trace, registered before the app loads kafkajs.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import { BATCH_SPAN_PROCESSOR_SETTINGS, OTEL_VARIANT_URL_ENV } from './export-settings';
import { registerFlushHook } from './flush-hook';

const url = process.env[OTEL_VARIANT_URL_ENV];
if (!url) throw new Error(`${OTEL_VARIANT_URL_ENV} is not set: this preload is used by bench/run`);

const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'bench-otel' }),
  sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }), BATCH_SPAN_PROCESSOR_SETTINGS)],
});
provider.register();
registerInstrumentations({ tracerProvider: provider, instrumentations: [new KafkaJsInstrumentation()] });
registerFlushHook(() => provider.forceFlush());
