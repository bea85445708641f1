// Every SDK setting: its programmatic option, the environment variables that set it (highest precedence
// first) and its default. The resolver, README and tests read this list; nothing else defines a key.
//
// Precedence: init() options > KINSTRUMENT_* > OTEL_* / DD_* conventions > defaults.

export type ConfigKind =
  'boolean' | 'string' | 'integer' | 'ratio' | 'enum' | 'list' | 'tags' | 'headers' | 'url';

export interface ConfigKeySpec {
  /** Path in the init() options object, e.g. `traces.sampler`. */
  option: string;
  env: readonly string[];
  kind: ConfigKind;
  values?: readonly string[];
  /** Default as text (what README shows); `undefined` means unset. */
  default?: string;
  description: string;
  /** Never printed: values are replaced by `<redacted>` in diagnostics. */
  secret?: boolean;
}

export const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export const TRACE_EXPORTERS = ['otlp', 'console', 'none'] as const;
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export const PROPAGATORS = ['tracecontext', 'baggage', 'datadog', 'none'] as const;
export const CONSUMER_SPAN_RELATIONS = ['parent', 'link'] as const;
export const LOG_LEVELS = ['none', 'error', 'warn', 'info', 'debug'] as const;
export const KAFKA_LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

export const CONFIG_KEYS = [
  {
    option: 'disabled',
    env: ['KINSTRUMENT_DISABLED', 'OTEL_SDK_DISABLED'],
    kind: 'boolean',
    default: 'false',
    description: 'Turn everything off: nothing is patched, init() returns a handle that does nothing.',
  },
  {
    option: 'serviceName',
    env: ['KINSTRUMENT_SERVICE', 'OTEL_SERVICE_NAME', 'DD_SERVICE'],
    kind: 'string',
    default: 'unknown_service:node',
    description:
      'Service name (`service.name`, tag `service`). Also read from `service.name` in `OTEL_RESOURCE_ATTRIBUTES`.',
  },
  {
    option: 'env',
    env: ['KINSTRUMENT_ENV', 'DD_ENV'],
    kind: 'string',
    description:
      'Deployment environment (`deployment.environment.name`, tag `env`). Also read from `OTEL_RESOURCE_ATTRIBUTES`.',
  },
  {
    option: 'version',
    env: ['KINSTRUMENT_VERSION', 'DD_VERSION'],
    kind: 'string',
    description:
      'Service version (`service.version`, tag `version`). Also read from `OTEL_RESOURCE_ATTRIBUTES`.',
  },
  {
    option: 'tags',
    env: ['KINSTRUMENT_TAGS', 'DD_TAGS'],
    kind: 'tags',
    description:
      'Extra tags, `key:value` separated by commas or spaces (object or array in init()). Merged with the other `OTEL_RESOURCE_ATTRIBUTES`; added to the resource.',
  },
  {
    option: 'logLevel',
    env: ['KINSTRUMENT_LOG_LEVEL'],
    kind: 'enum',
    values: LOG_LEVELS,
    default: 'warn',
    description: "Level of kinstrument's own diagnostics (written to stderr, rate-limited).",
  },
  {
    option: 'flushOnExit',
    env: ['KINSTRUMENT_FLUSH_ON_EXIT'],
    kind: 'boolean',
    default: 'true',
    description: 'Flush telemetry on SIGTERM, SIGINT and beforeExit, keeping the app’s own exit behaviour.',
  },
  {
    option: 'shutdownTimeoutMs',
    env: ['KINSTRUMENT_SHUTDOWN_TIMEOUT_MS'],
    kind: 'integer',
    default: '2000',
    description: 'Longest a flush on exit or `shutdown()` may take.',
  },
  {
    option: 'traces.enabled',
    env: ['KINSTRUMENT_TRACES_ENABLED'],
    kind: 'boolean',
    default: 'true',
    description: 'Create spans and propagate trace context through message headers.',
  },
  {
    option: 'traces.exporter',
    env: ['KINSTRUMENT_TRACES_EXPORTER', 'OTEL_TRACES_EXPORTER'],
    kind: 'enum',
    values: TRACE_EXPORTERS,
    default: 'otlp',
    description: 'Where spans go: OTLP/HTTP, the console, or nowhere (context still propagates).',
  },
  {
    option: 'traces.protocol',
    env: ['KINSTRUMENT_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL'],
    kind: 'enum',
    values: OTLP_PROTOCOLS,
    default: 'http/protobuf',
    description:
      'OTLP/HTTP body encoding. Protobuf costs the app less CPU per span than JSON and under half the bytes; the kinstrument agent reads both.',
  },
  {
    option: 'traces.endpoint',
    env: [
      'KINSTRUMENT_OTLP_TRACES_ENDPOINT',
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
    ],
    kind: 'url',
    default: 'http://127.0.0.1:4318/v1/traces',
    description:
      'OTLP/HTTP traces URL. `OTEL_EXPORTER_OTLP_ENDPOINT` is a base URL (`/v1/traces` is appended). Defaults to the local kinstrument agent.',
  },
  {
    option: 'traces.headers',
    env: ['KINSTRUMENT_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', 'OTEL_EXPORTER_OTLP_HEADERS'],
    kind: 'headers',
    description:
      'Extra HTTP headers for the OTLP exporter, `key=value` separated by commas (e.g. an API key).',
    secret: true,
  },
  {
    option: 'traces.sampler',
    env: ['KINSTRUMENT_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER'],
    kind: 'enum',
    values: SAMPLERS,
    default: 'parentbased_always_on',
    description: 'Sampler, with the OpenTelemetry names.',
  },
  {
    option: 'traces.samplerArg',
    env: ['KINSTRUMENT_TRACES_SAMPLER_ARG', 'OTEL_TRACES_SAMPLER_ARG'],
    kind: 'ratio',
    default: '1',
    description: 'Sampling ratio for the `traceidratio` samplers, 0 to 1.',
  },
  {
    option: 'traces.propagators',
    env: ['KINSTRUMENT_PROPAGATORS', 'OTEL_PROPAGATORS'],
    kind: 'list',
    values: PROPAGATORS,
    default: 'tracecontext,baggage,datadog',
    description:
      'Header formats injected into produced messages and read from consumed ones. `datadog` = `x-datadog-trace-id`/`-parent-id`/`-sampling-priority`/`-tags`; on extraction W3C wins when both are present.',
  },
  {
    option: 'traces.maxQueueBytes',
    env: ['KINSTRUMENT_TRACES_MAX_QUEUE_BYTES'],
    kind: 'integer',
    default: '16777216',
    description:
      'Most bytes of encoded spans waiting for export (OTLP/HTTP protobuf; ~450 B per kinstrument span, so ~37,000 spans by default: a consumer with small messages can end one fetched batch worth of spans, 10,000 and more, before an export round trip completes). Spans beyond it are dropped and counted in `stats().traces.droppedQueueFull`.',
  },
  {
    option: 'kafka.ignoreTopics',
    env: ['KINSTRUMENT_KAFKA_IGNORE_TOPICS'],
    kind: 'list',
    description: 'Topics not traced: exact names, or `/regex/`, separated by commas.',
  },
  {
    option: 'kafka.captureMessageKey',
    env: ['KINSTRUMENT_KAFKA_CAPTURE_MESSAGE_KEY'],
    kind: 'boolean',
    default: 'false',
    description:
      'Record string message keys as `messaging.kafka.message.key`. Off by default: keys can carry personal data.',
  },
  {
    option: 'kafka.consumerSpanRelation',
    env: ['KINSTRUMENT_KAFKA_CONSUMER_SPAN'],
    kind: 'enum',
    values: CONSUMER_SPAN_RELATIONS,
    default: 'parent',
    description:
      '`parent`: a `process` span is a child of the producer span (one trace). `link`: it starts a new trace with a link to it.',
  },
  {
    option: 'kafka.maxBatchLinks',
    env: ['KINSTRUMENT_KAFKA_MAX_BATCH_LINKS'],
    kind: 'integer',
    default: '128',
    description:
      'Most producer contexts linked from one `eachBatch` span; the rest are counted in `messaging.kafka.links_dropped`.',
  },
  {
    option: 'metrics.enabled',
    env: ['KINSTRUMENT_METRICS_ENABLED'],
    kind: 'boolean',
    default: 'true',
    description: 'Send client-side Kafka metrics (see the metric catalog) over DogStatsD.',
  },
  {
    option: 'metrics.statsdUrl',
    env: ['KINSTRUMENT_STATSD_URL', 'DD_DOGSTATSD_URL', 'DD_DOGSTATSD_SOCKET'],
    kind: 'url',
    description:
      'DogStatsD target as `udp://host:port`, `unix:///path/to/socket` (also `unixgram://`) or an absolute socket path. Wins over host and port set at the same or a lower precedence.',
  },
  {
    option: 'metrics.statsdHost',
    env: ['KINSTRUMENT_STATSD_HOST', 'DD_AGENT_HOST'],
    kind: 'string',
    default: '127.0.0.1',
    description: 'DogStatsD host (UDP) when no URL is set. A name is resolved by DNS, cached for a minute.',
  },
  {
    option: 'metrics.statsdPort',
    env: ['KINSTRUMENT_STATSD_PORT', 'DD_DOGSTATSD_PORT'],
    kind: 'integer',
    default: '8125',
    description: 'DogStatsD UDP port when no URL is set.',
  },
  {
    option: 'metrics.partitionTag',
    env: ['KINSTRUMENT_METRICS_PARTITION_TAG'],
    kind: 'boolean',
    default: 'true',
    description:
      'Tag consumer metrics with `partition`. Off: one series per topic (lag is then the sum over the partitions this client consumes).',
  },
  {
    option: 'metrics.maxTagValuesPerKey',
    env: ['KINSTRUMENT_METRICS_MAX_TAG_VALUES'],
    kind: 'integer',
    default: '500',
    description:
      'Most distinct values kept per tag key (`topic`, `partition`, `broker`, …); later values are sent as `other` and counted in `kinstrument.tag_values.overflow`.',
  },
  {
    option: 'metrics.flushIntervalMs',
    env: ['KINSTRUMENT_METRICS_FLUSH_INTERVAL_MS'],
    kind: 'integer',
    default: '1000',
    description:
      'How often buffered metrics are sent; counts and gauges are aggregated over this interval first.',
  },
  {
    option: 'metrics.produceTimeHeader',
    env: ['KINSTRUMENT_METRICS_PRODUCE_TIME_HEADER'],
    kind: 'boolean',
    default: 'true',
    description:
      'Add the header `x-kinstrument-produce-ts` (send time, ms since epoch) to produced messages, for end-to-end latency measured from the producer call. Only while metrics are on.',
  },
  {
    option: 'logs.enabled',
    env: ['KINSTRUMENT_LOGS_ENABLED'],
    kind: 'boolean',
    default: 'false',
    description:
      "Write kafkajs' own log entries as JSON lines with service tags and the active trace and span ids. The app's logCreator still gets its entries at its own level.",
  },
  {
    option: 'logs.level',
    env: ['KINSTRUMENT_LOGS_LEVEL'],
    kind: 'enum',
    values: KAFKA_LOG_LEVELS,
    default: 'info',
    description: 'Most verbose kafkajs level written (independent of the level the app gave kafkajs).',
  },
  {
    option: 'logs.destination',
    env: ['KINSTRUMENT_LOGS_DESTINATION'],
    kind: 'string',
    default: 'stdout',
    description:
      "Where log records go: `stdout`, `stderr` or a file path (appended through a bounded queue; lines past it are dropped and counted). kinstrument's own diagnostics follow them there.",
  },
] as const satisfies readonly ConfigKeySpec[];

export type ConfigOptionPath = (typeof CONFIG_KEYS)[number]['option'];

export function configKey(option: ConfigOptionPath): ConfigKeySpec {
  const spec = CONFIG_KEYS.find((key) => key.option === option);
  if (!spec) throw new Error(`no config key ${option}`);
  return spec;
}
