// The propagator for Kafka headers, built from the configured names.
import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { PropagatorName } from '../../../config/options';
import { DatadogPropagator } from './datadog';

export function buildPropagator(names: readonly PropagatorName[]): TextMapPropagator {
  const propagators: TextMapPropagator[] = [];
  // Trace context first: on extraction the Datadog propagator defers to a context already found.
  if (names.includes('tracecontext')) propagators.push(new W3CTraceContextPropagator());
  if (names.includes('datadog')) propagators.push(new DatadogPropagator());
  if (names.includes('baggage')) propagators.push(new W3CBaggagePropagator());
  return new CompositePropagator({ propagators });
}
