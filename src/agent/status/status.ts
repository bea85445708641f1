// What `GET /api/v1/status` returns and `kinstrument status` prints. Secrets never reach it: check errors
// and sources are redacted by the check runner, and the config's api_token is not part of it.
import type { AggregatorStats } from '../aggregator';
import type { InstanceStatus } from '../checks';
import type { PrometheusExporterStats } from '../export/prometheus';
import type { DogStatsDServerStats } from '../intake/dogstatsd';
import type { ConfigErrors } from '../runtime/checks';
import type { FlushGarbageStats } from '../runtime/flush-garbage';
import type { YoungGenerationStats } from '../runtime/young-generation';
import type { OtlpExporterStats } from '../export/otlp';
import type { OtlpReceiverStats } from '../intake/otlp';
import type { LogCollectorStats } from '../logs';
import type { LogMetricsStats } from '../logs/metrics';
import type { StoreStats } from '../store';

export interface AgentStatus {
  version: string;
  pid: number;
  hostname: string;
  startedAt: number;
  now: number;
  configFile: string | undefined;
  confdPath: string;
  api: { host: string; port: number } | undefined;
  checks: InstanceStatus[];
  configErrors: ConfigErrors;
  dogstatsd: DogStatsDServerStats | undefined;
  aggregator: AggregatorStats;
  /** Major collections run after large flushes (see src/agent/runtime/flush-garbage.ts). */
  flushGc: FlushGarbageStats;
  /** Whether the young generation is held small (see src/agent/runtime/young-generation.ts). */
  youngGeneration?: YoungGenerationStats;
  prometheus: PrometheusExporterStats | undefined;
  otlpReceiver: { url: string; stats: OtlpReceiverStats } | undefined;
  store: StoreStats | undefined;
  otlpExport: OtlpExporterStats | undefined;
  logs: LogCollectorStats | undefined;
  /** Present while logs are collected and at least one log-based metric rule is active. */
  logMetrics?: LogMetricsStats;
}
