// The agent process: DogStatsD intake → aggregator → outputs (Prometheus, …), checks from conf.d, and the
// API the `status` command reads. Each part can fail on its own without taking the others down.
import { Aggregator } from '../aggregator';
import { ApiServer, sendJson } from '../api/server';
import { CheckRunner, configuredChecks, defaultCheckInstances, type InstanceStatus } from '../checks';
import type { AgentConfig } from '../config/main-config';
import { createPrometheusHandler, PrometheusExporter } from '../export/prometheus';
import { DogStatsDServer } from '../intake/dogstatsd';
import type { FlushSink } from '../model';
import { VERSION } from '../../version';
import { loadChecksInto, type ConfigErrors } from './checks';
import { withGlobalTags } from './global-tags';
import { TelemetryPipelines } from './telemetry-store';
import type { AgentLogger } from './log';
import type { AgentStatus } from '../status/status';
import { FlushGarbage } from './flush-garbage';
import { YoungGeneration, youngGenerationMode } from './young-generation';
import { mountAgentWebUi, type AgentWebUi } from '../web/agent-mount';
import type { WebQueries } from '../web/queries';

export class Agent {
  readonly aggregator: Aggregator;
  readonly runner: CheckRunner;
  private dogstatsd: DogStatsDServer | undefined;
  private prometheus: PrometheusExporter | undefined;
  private api: ApiServer | undefined;
  private configErrors: ConfigErrors = { byCheck: {}, general: [] };
  private readonly startedAt = Date.now();
  private apiAddress: { host: string; port: number } | undefined;
  private web: AgentWebUi | undefined;
  readonly pipelines: TelemetryPipelines;
  private readonly flushGarbage = new FlushGarbage();
  private readonly youngGeneration: YoungGeneration;

  constructor(
    readonly config: AgentConfig,
    private readonly logger: AgentLogger,
  ) {
    this.aggregator = new Aggregator({
      flushIntervalSeconds: config.flushIntervalSeconds,
      maxContexts: config.dogstatsd.contextLimit,
      contextExpirySeconds: config.dogstatsd.expirySeconds,
      histogramAggregates: config.histogramAggregates,
      histogramPercentiles: config.histogramPercentiles,
      hostname: config.hostname,
    });
    // Check output joins the next aggregator flush, so every output sees one stream.
    // Check samples carry no host of their own: they get the agent's, as in Datadog.
    const intoAggregator: FlushSink = {
      name: 'aggregator',
      write: (flush) =>
        this.aggregator.addFinished({
          ...flush,
          metrics: flush.metrics.map((m) => (m.host === undefined ? { ...m, host: config.hostname } : m)),
          serviceChecks: flush.serviceChecks.map((c) =>
            c.host === undefined ? { ...c, host: config.hostname } : c,
          ),
        }),
    };
    this.youngGeneration = new YoungGeneration(youngGenerationMode(config.youngGenerationGrowth));
    this.pipelines = new TelemetryPipelines(config, logger);
    this.runner = new CheckRunner({
      sinks: intoAggregator,
      log: (level, message) => this.logger.log(level, message),
    });
  }

  /** Starts every part; throws only when a listener cannot bind (the message says which and why). */
  async start(): Promise<void> {
    const { config } = this;
    this.youngGeneration.start();
    if (config.prometheusEnabled) {
      this.prometheus = new PrometheusExporter({});
      this.aggregator.addSink(withGlobalTags(this.prometheus, config.tags));
    }
    if (config.dogstatsd.enabled && (config.dogstatsd.port !== 0 || config.dogstatsd.socket)) {
      this.dogstatsd = new DogStatsDServer({
        handler: this.aggregator,
        host: config.dogstatsd.host,
        port: config.dogstatsd.port === 0 ? null : config.dogstatsd.port,
        socketPath: config.dogstatsd.socket,
        receiveBufferBytes: config.dogstatsd.receiveBufferSize,
        readerThread: config.dogstatsd.readerThread,
        readerQueueBytes: config.dogstatsd.readerQueueBytes,
        onReaderFallback: (reason) =>
          this.logger.log('warn', `DogStatsD: the main thread reads the UDP socket from now on: ${reason}`),
        parserLimits: { maxLineBytes: config.dogstatsd.bufferSize },
      });
      const addresses = await this.dogstatsd.start().catch((error: Error) => {
        throw new Error(
          `DogStatsD cannot listen (dogstatsd_port ${config.dogstatsd.port}): ${error.message}`,
        );
      });
      if (addresses.udp)
        this.logger.log('info', `DogStatsD listening on udp ${addresses.udp.host}:${addresses.udp.port}`);
      if (addresses.socketPath)
        this.logger.log('info', `DogStatsD listening on unix ${addresses.socketPath}`);
    }
    this.pipelines.attach(this.aggregator);
    this.aggregator.start((series) => this.flushGarbage.afterFlush(series));

    const loading = loadChecksInto(this.runner, config.confdPath);
    // Host metrics run without any conf.d file (Datadog's conf.yaml.default checks) unless conf.d configures them.
    for (const instance of defaultCheckInstances(configuredChecks(loading))) this.runner.add(instance);
    this.configErrors = loading.errors;
    await this.pipelines.startLogs(loading.documents, this.configErrors);
    // Metrics first: DogStatsD senders do not retry, OTLP senders do (after a 503 with Retry-After).
    await this.pipelines.startReceiver(() =>
      this.dogstatsd?.behind() ? 'behind on its DogStatsD intake' : undefined,
    );
    for (const problem of loading.errors.general) this.logger.log('warn', problem);
    for (const problems of Object.values(loading.errors.byCheck))
      for (const p of problems) this.logger.log('error', p);
    this.runner.start();
    this.logger.log(
      'info',
      `checks scheduled: ${this.runner.status().length} instance(s) from ${config.confdPath}`,
    );

    if (config.cmdPort !== 0) {
      this.api = new ApiServer({
        host: config.bindHost,
        port: config.cmdPort,
        token: config.apiToken,
        authorize: (req, url) => this.web?.auth.authorize(req, url) ?? false,
        log: (message) => this.logger.log('warn', message),
      });
      this.api.route('GET', '/api/v1/status', (_req, res) => sendJson(res, 200, this.status()));
      this.api.route('GET', '/api/v1/health', (_req, res) => sendJson(res, 200, { status: 'ok' }));
      if (this.prometheus) this.api.route('GET', '/metrics', createPrometheusHandler(this.prometheus));
      // Web UI (/ui/) and its API, monitors (src/agent/web, src/agent/monitors).
      this.web = mountAgentWebUi(this.api, config, this.logger, () => this.webQueries());
      const address = await this.api.start().catch((error: Error) => {
        throw new Error(
          `agent API cannot listen on ${config.bindHost}:${config.cmdPort} (cmd_port): ${error.message}`,
        );
      });
      this.apiAddress = { host: address.address, port: address.port };
      this.logger.log('info', `API listening on http://${address.address}:${address.port}`);
    }
  }

  /** The store's queries for the UI and monitors; undefined while no store runs (they then answer 503). */
  private webQueries(): WebQueries | undefined {
    return this.pipelines.store?.query;
  }

  async stop(): Promise<void> {
    this.web?.stop();
    await this.api?.stop();
    await this.dogstatsd?.close();
    await this.pipelines.stop();
    await this.runner.stop();
    await this.aggregator.stop();
    await this.pipelines.close();
    this.youngGeneration.stop();
  }

  status(): AgentStatus {
    const checks: InstanceStatus[] = this.runner.status();
    return {
      version: VERSION,
      pid: process.pid,
      hostname: this.config.hostname,
      startedAt: this.startedAt,
      now: Date.now(),
      configFile: this.config.file,
      confdPath: this.config.confdPath,
      api: this.apiAddress,
      checks,
      configErrors: this.configErrors,
      dogstatsd: this.dogstatsd?.stats(),
      aggregator: this.aggregator.stats(),
      flushGc: this.flushGarbage.stats(),
      youngGeneration: this.youngGeneration.stats(),
      prometheus: this.prometheus?.stats(),
      otlpReceiver: this.pipelines.otlp
        ? { url: this.pipelines.otlp.url, stats: this.pipelines.otlp.receiver.stats() }
        : undefined,
      store: this.pipelines.store?.stats(),
      otlpExport: this.pipelines.exporter?.stats(),
      logs: this.pipelines.logs?.stats(),
      logMetrics: this.pipelines.logMetrics?.stats(),
    };
  }
}
