// The metrics signal as one KafkaListener: producer, consumer and client-event hooks over one context.
import type { KafkaListener } from '../../instrumentation/events';
import { clientEventHooks } from './client-event-metrics';
import { consumerHooks } from './consumer-metrics';
import type { MetricsContext } from './context';
import { producerHooks } from './producer-metrics';

export function createMetricsListener(ctx: MetricsContext): KafkaListener {
  return {
    name: 'metrics',
    ...producerHooks(ctx),
    ...consumerHooks(ctx),
    ...clientEventHooks(ctx),
  };
}
