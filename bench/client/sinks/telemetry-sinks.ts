// Every receiver one client run may send to, started fresh for each child so counts belong to one run.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatadogAgentSink } from './datadog-agent-sink';
import { OtlpSink } from './otlp-sink';
import { UdpSink } from './udp-sink';

export interface SinkAddresses {
  /** Base URL; traces go to `<base>/v1/traces`. */
  otlpBaseUrl: string;
  datadogAgentUrl: string;
  statsdPort: number;
  /** Where a variant writing JSON log lines to a file writes them. */
  logFile: string;
}

export interface SinkCounts {
  /** Bytes that left the process as telemetry: OTLP + Datadog trace payloads + DogStatsD + log lines. */
  bytes: number;
  otlpSpans: number;
  datadogTraces: number;
  statsdLines: number;
  logBytes: number;
}

export class TelemetrySinks {
  private readonly otlp = new OtlpSink();
  private readonly datadog = new DatadogAgentSink();
  private readonly statsd = new UdpSink();
  private readonly dir = mkdtempSync(join(tmpdir(), 'kinstrument-bench-'));

  async start(): Promise<SinkAddresses> {
    const [otlpBaseUrl, datadogAgentUrl, statsdPort] = await Promise.all([
      this.otlp.start(),
      this.datadog.start(),
      this.statsd.start(),
    ]);
    return { otlpBaseUrl, datadogAgentUrl, statsdPort, logFile: join(this.dir, 'app.log') };
  }

  counts(): SinkCounts {
    let logBytes = 0;
    try {
      logBytes = statSync(join(this.dir, 'app.log')).size;
    } catch {
      // No log file: the variant wrote no logs.
    }
    return {
      bytes: this.otlp.bytes + this.datadog.bytes + this.statsd.bytes + logBytes,
      otlpSpans: this.otlp.spans,
      datadogTraces: this.datadog.traces,
      statsdLines: this.statsd.lines,
      logBytes,
    };
  }

  async stop(): Promise<void> {
    await Promise.all([this.otlp.stop(), this.datadog.stop(), this.statsd.stop()]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
