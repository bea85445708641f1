// Starting points for a new monitor (the API's document shape).
export const MONITOR_TEMPLATES: Record<'threshold' | 'outlier', Record<string, unknown>> = {
  threshold: {
    name: 'Consumer lag is high',
    type: 'threshold',
    query: {
      metric: 'kafka.consumer_lag',
      filters: [],
      group_by: ['consumer_group', 'topic'],
      rollup: 'max',
      aggregation: 'sum',
    },
    window: '5m',
    every: '1m',
    threshold: { reducer: 'avg', comparator: 'above', critical: 10000, warning: 1000 },
    notify_no_data: false,
    message: 'Consumers are falling behind.',
    notify: { log: true, webhooks: [] },
  },
  outlier: {
    name: 'One producer is slower than its peers',
    type: 'outlier',
    query: {
      metric: 'kafka.client.producer.send.duration.avg',
      filters: [],
      group_by: ['client_id'],
      rollup: 'avg',
      aggregation: 'avg',
    },
    window: '5m',
    every: '1m',
    outlier: { algorithm: 'dbscan', tolerance: 3, pct: 20 },
    message: 'A producer’s send latency left the pack.',
    notify: { log: true, webhooks: [] },
  },
};
