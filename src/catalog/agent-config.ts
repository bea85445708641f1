// Keys of the agent's main configuration file (kinstrument.yaml), named like the Datadog Agent's
// datadog.yaml where Datadog has the key. main-config.ts reads exactly these; README lists them.

export interface AgentConfigKeySpec {
  key: string;
  type:
    | 'string'
    | 'integer'
    | 'boolean'
    | 'seconds'
    | 'string list'
    | 'number list'
    | 'size'
    | 'duration'
    | 'map'
    | 'list of rules';
  default: string;
  description: string;
  /** Also a Datadog Agent key with the same meaning. */
  datadog: boolean;
}

export const AGENT_CONFIG_KEYS: readonly AgentConfigKeySpec[] = [
  {
    key: 'hostname',
    type: 'string',
    default: 'the OS host name',
    description: 'Host name put on every metric, service check and event without one.',
    datadog: true,
  },
  {
    key: 'tags',
    type: 'string list',
    default: '[]',
    description: 'Tags (`key:value`) added to everything the agent collects.',
    datadog: true,
  },
  {
    key: 'log_level',
    type: 'string',
    default: 'info',
    description: "The agent's own log level: `error`, `warn`, `info` or `debug`.",
    datadog: true,
  },
  {
    key: 'bind_host',
    type: 'string',
    default: '127.0.0.1',
    description:
      'Address every listener binds to (DogStatsD, API/UI). Anything but loopback requires `api_token` for the API.',
    datadog: true,
  },
  {
    key: 'cmd_port',
    type: 'integer',
    default: '5001',
    description:
      'Port of the agent API (used by `kinstrument status`), `/metrics` and the UI. 0 turns it off.',
    datadog: true,
  },
  {
    key: 'api_token',
    type: 'string',
    default: 'none',
    description: 'Bearer token required by the API when `bind_host` is not loopback. Never logged or shown.',
    datadog: false,
  },
  {
    key: 'confd_path',
    type: 'string',
    default: '`conf.d` next to the config file',
    description: 'Folder of `<check>.d/conf.yaml` check configurations.',
    datadog: true,
  },
  {
    key: 'run_path',
    type: 'string',
    default: '`run` next to the config file',
    description: 'Folder for state the agent keeps between restarts.',
    datadog: true,
  },
  {
    key: 'use_dogstatsd',
    type: 'boolean',
    default: 'true',
    description: 'Run the DogStatsD server.',
    datadog: true,
  },
  {
    key: 'dogstatsd_port',
    type: 'integer',
    default: '8125',
    description: 'DogStatsD UDP port; 0 turns UDP off.',
    datadog: true,
  },
  {
    key: 'dogstatsd_socket',
    type: 'string',
    default: 'none',
    description: 'Path of a Unix datagram socket for DogStatsD.',
    datadog: true,
  },
  {
    key: 'dogstatsd_non_local_traffic',
    type: 'boolean',
    default: 'false',
    description: 'Listen for DogStatsD on every interface instead of `bind_host`.',
    datadog: true,
  },
  {
    key: 'dogstatsd_buffer_size',
    type: 'integer',
    default: '8192',
    description: 'Largest datagram read, in bytes.',
    datadog: true,
  },
  {
    key: 'dogstatsd_so_rcvbuf',
    type: 'integer',
    default: 'OS default',
    description: 'Socket receive buffer size, in bytes.',
    datadog: true,
  },
  {
    key: 'dogstatsd_reader_thread',
    type: 'boolean',
    default: 'true',
    description:
      'Read the UDP socket on a thread of its own, which hands datagrams to the parser through a bounded queue. Off, the main thread reads it, and busy OTLP, log or store work there makes the kernel drop datagrams (the thread costs ~10 MB of memory idle, ~15 MB at 50,000 contexts).',
    datadog: false,
  },
  {
    key: 'dogstatsd_reader_queue_size',
    type: 'size',
    default: '16MiB',
    description:
      'Datagram bytes the reader thread may hold for the parser (about 2 s at 100,000 lines/s); past it datagrams are dropped and counted (`readerQueueFull`). Once a sixteenth of it waits, the parser works in longer slices; while half of it waits, the OTLP receiver answers trace and log requests 503 with Retry-After (counted as `busy`): OTLP senders retry, DogStatsD senders do not. At least 256KiB.',
    datadog: false,
  },
  {
    key: 'dogstatsd_context_limit',
    type: 'integer',
    default: '100000',
    description:
      'Live metric contexts (name + tags + host) kept; points for new contexts beyond it are dropped and counted.',
    datadog: false,
  },
  {
    key: 'dogstatsd_expiry_seconds',
    type: 'seconds',
    default: '300',
    description: 'A context with no point for this long is forgotten.',
    datadog: true,
  },
  {
    key: 'flush_interval',
    type: 'seconds',
    default: '10',
    description: 'Aggregation window; counts become per-second rates over it.',
    datadog: false,
  },
  {
    key: 'histogram_aggregates',
    type: 'string list',
    default: '[max, median, avg, count]',
    description:
      'Aggregates emitted for histograms and timers (`max`, `min`, `median`, `avg`, `sum`, `count`).',
    datadog: true,
  },
  {
    key: 'histogram_percentiles',
    type: 'number list',
    default: '[0.95]',
    description: 'Percentiles emitted for histograms and timers.',
    datadog: true,
  },
  {
    key: 'prometheus_enabled',
    type: 'boolean',
    default: 'true',
    description: 'Serve the aggregated series at `/metrics` on `cmd_port` (Prometheus text format).',
    datadog: false,
  },
  {
    key: 'young_generation_growth',
    type: 'boolean',
    default: 'false',
    description:
      "Let V8 grow each thread's young generation under load (to 32 MB per thread, V8's default). Off, each stays at its size when the agent starts (8 MB for the main thread, 2 MB for worker threads): ~30 MB less memory at tens of thousands of contexts, at the same CPU (measured up to 400,000 lines/s). Ignored when `NODE_OPTIONS` or the node command line sets a semi-space size.",
    datadog: false,
  },
  {
    key: 'logs_enabled',
    type: 'boolean',
    default: 'false',
    description: 'Collect the log files named in `logs:` sections of `conf.d`.',
    datadog: true,
  },
  {
    key: 'log_based_metrics',
    type: 'list of rules',
    default: '[]',
    description:
      'Count metrics computed from collected logs: each rule has `name`, `query` (Datadog log search syntax), and optionally `group_by` (`path`, `tag_name`), `extract` (a regular expression whose named groups become `@` attributes) and `max_contexts` (default 1000). See "Log-based metrics".',
    datadog: false,
  },
  {
    key: 'log_based_metrics_defaults',
    type: 'boolean',
    default: 'true',
    description:
      'Count the shipped Kafka and ZooKeeper log-based metrics (errors, warnings, retention deletions, ISR changes, session expirations). A rule of yours with the same name replaces a shipped one.',
    datadog: false,
  },
  {
    key: 'otlp_receiver_port',
    type: 'integer',
    default: '4318',
    description:
      'OTLP/HTTP receiver for traces and logs (`/v1/traces`, `/v1/logs`, JSON or protobuf, gzip); 0 turns it off. It takes no token: keep it on loopback.',
    datadog: false,
  },
  {
    key: 'otlp_receiver_max_request_size',
    type: 'size',
    default: '20MiB',
    description: 'Largest request body, before and after gunzip (413 beyond).',
    datadog: false,
  },
  {
    key: 'storage.enabled',
    type: 'boolean',
    default: 'true',
    description: 'Keep metrics, logs and traces in the embedded SQLite store.',
    datadog: false,
  },
  {
    key: 'storage.path',
    type: 'string',
    default: '`<run_path>/kinstrument.db`',
    description: 'The database file.',
    datadog: false,
  },
  {
    key: 'storage.max_size',
    type: 'size',
    default: '1GiB',
    description:
      'Size limit; beyond it the oldest data of every kind goes first and the file shrinks. 0: no limit.',
    datadog: false,
  },
  {
    key: 'storage.write_queue_size',
    type: 'integer',
    default: '1000000',
    description:
      'Records (metric samples, spans, logs) waiting to be written; intake never waits for the disk. ' +
      'When full, spans and logs sent over OTLP are refused (503), tailed files wait, and metric samples make room by dropping queued ' +
      'batches at random (never always the same series); both are counted. The default holds one whole flush at the default `dogstatsd_context_limit` even if every ' +
      'context were a distribution (10 samples each). Metric samples wait in columns, ~30 bytes each ' +
      "(≤ ~30 MB when full); spans and logs, which wait as objects (~1 KB each on the heap), are held to 100,000 of it (and to `storage.write_queue_spans_logs_max_size` bytes). While the writer cannot keep up, the agent's RSS grows by more than that, because the garbage collector frees the written ones late: ~390 MB at that bound in the benchmark (BENCHMARKS.md, store ingest through the agent).",
    datadog: false,
  },
  {
    key: 'storage.write_queue_spans_logs_max_size',
    type: 'size',
    default: '128MiB',
    description:
      'Bytes (estimated, as they take on the heap) of the spans and logs waiting to be written, on top of the 100,000 records they are held to: ' +
      "a count alone would let large records (64 KiB log messages, spans with big attributes) take gigabytes. The benchmark's spans are estimated at ~1 KB each, " +
      'so for spans like those the count binds first. Past it, records are refused, or wait, as when `storage.write_queue_size` is reached.',
    datadog: false,
  },
  {
    key: 'retention.metrics_raw',
    type: 'duration',
    default: '1d',
    description: 'Metric points at the flush interval.',
    datadog: false,
  },
  {
    key: 'retention.metrics_1m',
    type: 'duration',
    default: '7d',
    description: 'Per-minute metric rollups.',
    datadog: false,
  },
  {
    key: 'retention.metrics_1h',
    type: 'duration',
    default: '90d',
    description: 'Per-hour metric rollups.',
    datadog: false,
  },
  {
    key: 'retention.logs',
    type: 'duration',
    default: '7d',
    description: 'Log records.',
    datadog: false,
  },
  {
    key: 'retention.traces',
    type: 'duration',
    default: '7d',
    description: 'Spans.',
    datadog: false,
  },
  {
    key: 'otlp_export.enabled',
    type: 'boolean',
    default: 'false',
    description:
      'Forward traces, logs and metrics to an upstream OTLP/HTTP endpoint (an OpenTelemetry Collector).',
    datadog: false,
  },
  {
    key: 'otlp_export.endpoint',
    type: 'string',
    default: 'none',
    description: 'Base URL, e.g. `http://collector:4318` (`/v1/<signal>` is appended).',
    datadog: false,
  },
  {
    key: 'otlp_export.protocol',
    type: 'string',
    default: 'http/protobuf',
    description: '`http/protobuf` or `http/json`.',
    datadog: false,
  },
  {
    key: 'otlp_export.headers',
    type: 'map',
    default: '{}',
    description: 'Extra request headers (API keys). Never logged or shown.',
    datadog: false,
  },
  {
    key: 'otlp_export.compression',
    type: 'string',
    default: 'gzip',
    description: '`gzip` or `none`.',
    datadog: false,
  },
  {
    key: 'otlp_export.signals',
    type: 'string list',
    default: '[traces, logs, metrics]',
    description: 'What to forward.',
    datadog: false,
  },
  {
    key: 'otlp_export.timeout',
    type: 'duration',
    default: '10s',
    description: 'Per request.',
    datadog: false,
  },
  {
    key: 'otlp_export.buffer_max_size',
    type: 'size',
    default: '256MiB',
    description:
      'Disk buffer (`<run_path>/otlp-buffer/`) while upstream is down; beyond it the oldest batches are dropped and counted.',
    datadog: false,
  },
];
