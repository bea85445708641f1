// Where traces and logs go in the agent: the OTLP receiver and the log collector feed the embedded store and,
// when configured, the upstream OTLP exporter. Each part is optional and fails on its own.
import { join } from 'node:path';
import type { Aggregator } from '../aggregator';
import type { AgentConfig } from '../config/main-config';
import { OtlpExporter } from '../export/otlp';
import { createOtlpServer, fanOutOtlp, fromLogRecord, type OtlpServer } from '../intake/otlp';
import { toLogRecord, type ToLogRecordOptions } from '../intake/otlp/convert/log-record';
import type { OtlpSink } from '../intake/otlp/model';
import { LogCollector, parseLogsSection, type LogRecord } from '../logs';
import { LogMetricsEvaluator } from '../logs/metrics';
import { Store, StoreSink, storeOtlpSink, type MigrationEvent } from '../store';
import type { ConfigErrors } from './checks';
import { withGlobalTags } from './global-tags';
import type { AgentLogger } from './log';

/** The OTLP receiver's logs, as collector records, to `consume`; spans are not its business. */
function logsOnlyOtlpSink(
  options: ToLogRecordOptions,
  consume: (records: readonly LogRecord[]) => void,
): OtlpSink {
  return {
    offerSpans: () => 0,
    offerLogs: (logs) => {
      consume(logs.map((log) => toLogRecord(log, options)));
      return 0;
    },
  };
}

export class TelemetryPipelines {
  store: Store | undefined;
  exporter: OtlpExporter | undefined;
  otlp: OtlpServer | undefined;
  logs: LogCollector | undefined;
  logMetrics: LogMetricsEvaluator | undefined;
  private aggregator: Aggregator | undefined;
  private logMetricsTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AgentConfig,
    private readonly logger: AgentLogger,
  ) {}

  /** Opens the store and the exporter and attaches them to the aggregator's flushes. */
  attach(aggregator: Aggregator): void {
    const { config } = this;
    this.aggregator = aggregator;
    this.startLogMetrics(aggregator);
    if (config.storage.enabled) {
      const { retentionSeconds } = config.storage;
      this.store = new Store({
        path: config.storage.path,
        maxSizeBytes: config.storage.maxSizeBytes,
        onMigration: (event) => this.logger.log('info', migrationMessage(config.storage.path, event)),
        retention: {
          metricsRawSeconds: retentionSeconds.metricsRaw,
          metrics1mSeconds: retentionSeconds.metrics1m,
          metrics1hSeconds: retentionSeconds.metrics1h,
          logsSeconds: retentionSeconds.logs,
          tracesSeconds: retentionSeconds.traces,
        },
        writer: {
          maxQueuedRecords: config.storage.writeQueueSize,
          maxQueuedObjectBytes: config.storage.writeQueueSpansLogsBytes,
        },
      }).start();
      aggregator.addSink(withGlobalTags(new StoreSink(this.store), config.tags));
      this.logger.log('info', `storing metrics, logs and traces in ${config.storage.path}`);
    }
    if (config.otlpExport) {
      const upstream = config.otlpExport;
      this.exporter = new OtlpExporter({
        endpoint: upstream.endpoint,
        protocol: upstream.protocol,
        headers: upstream.headers,
        compression: upstream.compression,
        signals: upstream.signals,
        timeoutMs: upstream.timeoutSeconds * 1000,
        maxBufferBytes: upstream.bufferMaxBytes,
        bufferPath: join(config.runPath, 'otlp-buffer'),
      }).start();
      aggregator.addSink(withGlobalTags(this.exporter, config.tags));
      this.logger.log('info', `forwarding to ${upstream.endpoint} (OTLP ${upstream.protocol})`);
    }
  }

  /**
   * Starts the OTLP receiver (when something consumes it). Throws when its port cannot be bound. `busy`
   * names why trace and log requests should be refused for now (see OtlpReceiverOptions.busy).
   */
  async startReceiver(busy?: () => string | undefined): Promise<void> {
    const { config } = this;
    const sinks: OtlpSink[] = [];
    const recordOptions = { host: config.hostname, tags: config.tags };
    // Apps' OTLP logs are counted by the log-based metrics too: with the store, on the records it converts.
    const logMetrics = this.logMetrics;
    const countLogs = logMetrics && ((records: readonly LogRecord[]) => logMetrics.observe(records));
    if (this.store) sinks.push(storeOtlpSink(this.store, recordOptions, countLogs));
    if (this.exporter) sinks.push(this.exporter);
    // Without the store they need a sink of their own. The shipped rules alone (about broker and ZooKeeper
    // files) do not justify opening the receiver's port when nothing else would use it.
    const userRules = config.logMetricRules.some((rule) => !rule.builtIn);
    if (!this.store && countLogs && (sinks.length > 0 || userRules))
      sinks.push(logsOnlyOtlpSink(recordOptions, countLogs));
    if (config.otlpReceiver.port === 0 || sinks.length === 0) return;
    const [primary, ...others] = sinks;
    this.otlp = await createOtlpServer({
      sink: fanOutOtlp(primary!, ...others),
      host: config.bindHost,
      port: config.otlpReceiver.port,
      maxRequestBytes: config.otlpReceiver.maxRequestBytes,
      maxDecompressedBytes: config.otlpReceiver.maxRequestBytes,
      ...(busy ? { busy } : {}),
    }).catch((error: Error) => {
      throw new Error(
        `OTLP receiver cannot listen on ${config.bindHost}:${config.otlpReceiver.port} (otlp_receiver_port): ${error.message}`,
      );
    });
    this.logger.log('info', `OTLP/HTTP receiver listening on ${this.otlp.url}`);
  }

  /** Starts tailing the files of every `logs:` section in conf.d (with logs_enabled). */
  async startLogs(
    documents: { check: string; file: string; document: Record<string, unknown> }[],
    errors: ConfigErrors,
  ): Promise<void> {
    if (!this.config.logsEnabled) return;
    const sources = documents.flatMap(({ check, file, document }) => {
      const parsed = parseLogsSection(document, file, { defaultSource: check });
      for (const problem of parsed.problems) (errors.byCheck[check] ??= []).push(problem);
      return parsed.sources;
    });
    if (sources.length === 0) return;
    const logMetrics = this.logMetrics;
    this.logs = new LogCollector({
      sources,
      runPath: this.config.runPath,
      hostname: this.config.hostname,
      globalTags: this.config.tags,
      onRecords: async (records: LogRecord[]) => {
        // A full store queue makes the tailer wait (the file keeps the lines) instead of dropping them; the
        // offsets are committed only once the records are queued. Counted and exported after that, so a
        // batch the tailer has to read again (the store closed first) is not counted twice.
        if (this.store && !(await this.store.offerLogsWaiting(records))) {
          throw new Error('the store closed before these records were queued');
        }
        logMetrics?.observe(records);
        this.exporter?.offerLogs(records.map(fromLogRecord));
      },
      onProblem: (message) => this.logger.log('warn', message),
    });
    await this.logs.start();
    this.logger.log('info', `collecting logs from ${sources.length} source(s)`);
  }

  /**
   * Counts log-based metrics on collected and OTLP-received logs; the counts join the aggregator's stream once per flush
   * interval (as finished `count` samples), so every output sees them like check output.
   */
  private startLogMetrics(aggregator: Aggregator): void {
    const { config } = this;
    if (config.logMetricRules.length === 0) return;
    const evaluator = new LogMetricsEvaluator(config.logMetricRules, {
      host: config.hostname,
      onError: (message) => this.logger.log('warn', message),
    });
    this.logMetrics = evaluator;
    this.logMetricsTimer = setInterval(
      () => aggregator.addFinished({ metrics: evaluator.drain() }),
      config.flushIntervalSeconds * 1000,
    );
    this.logMetricsTimer.unref();
    this.logger.log('info', `counting ${evaluator.ruleCount} log-based metric(s)`);
  }

  async stop(): Promise<void> {
    await this.logs?.stop();
    if (this.logMetricsTimer) clearInterval(this.logMetricsTimer);
    // The last counts go out with the aggregator's final flush (it stops after this).
    if (this.logMetrics) this.aggregator?.addFinished({ metrics: this.logMetrics.drain() });
    await this.otlp?.stop();
    await this.exporter?.stop(2000);
  }

  /** After the aggregator's last flush. */
  async close(): Promise<void> {
    await this.store?.close();
  }
}

/**
 * Measured here at ~3 µs a point (bench/FINDINGS.md, item 22); said as an estimate, since the agent serves
 * nothing until the rewrite is done.
 */
const REWRITE_US_PER_ROW = 3;

export function migrationMessage(path: string, event: MigrationEvent): string {
  const schema = `store schema ${event.version} (${event.description})`;
  if (event.phase === 'done') return `${path}: ${schema} applied in ${(event.ms / 1000).toFixed(1)} s`;
  const rows = event.rowsToRewrite;
  if (rows === undefined) return `upgrading ${path} to ${schema}`;
  const seconds = Math.ceil((rows * REWRITE_US_PER_ROW) / 1e6);
  return (
    `upgrading ${path} to ${schema}: rewriting ${rows} rows, ` +
    `about ${seconds} s (the agent starts serving once it is done)`
  );
}
