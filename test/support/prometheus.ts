// A real Prometheus server for scrape tests: started as a child process with a temporary config and
// storage directory, bound to loopback, stopped (and cleaned up) by the test.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** `PROMETHEUS_BIN` or `prometheus` on PATH; `undefined` when neither runs. */
export function findPrometheus(): string | undefined {
  const candidate = process.env.PROMETHEUS_BIN || 'prometheus';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return probe.status === 0 ? candidate : undefined;
}

export const PROMETHEUS_MISSING =
  'the `prometheus` binary is required for this test but was not found on PATH (or in PROMETHEUS_BIN). ' +
  'Install it, e.g. `apt-get install -y prometheus` on Debian/Ubuntu, or download a release from ' +
  'https://prometheus.io/download/ and set PROMETHEUS_BIN.';

/** A loopback TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  url: string;
  /** An instant query; the `vector` result. */
  query(expression: string): Promise<VectorSample[]>;
  /** The scrape targets' health as Prometheus sees it. */
  targets(): Promise<{ health: string; lastError: string; scrapeUrl: string }[]>;
  /** The tail of Prometheus' own log, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  binary: string;
  /** `host:port` to scrape. */
  target: string;
  metricsPath?: string;
  scrapeIntervalSeconds?: number;
  startTimeoutMs?: number;
}

const LOG_TAIL_CHARS = 16_384;

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'kinstrument-prom-'));
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  scrape_timeout: ${interval}`,
    `  evaluation_interval: ${interval}`,
    'scrape_configs:',
    '  - job_name: kinstrument',
    `    metrics_path: ${options.metricsPath ?? '/metrics'}`,
    '    static_configs:',
    `      - targets: ['${options.target}']`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    options.binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let logTail = '';
  const keepLog = (chunk: Buffer): void => {
    logTail = (logTail + chunk.toString('utf8')).slice(-LOG_TAIL_CHARS);
  };
  child.stdout?.on('data', keepLog);
  child.stderr?.on('data', keepLog);
  const stop = async (): Promise<void> => {
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with code ${child.exitCode} during start:\n${logTail}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus was not ready within the timeout:\n${logTail}`);
    }
    await sleep(100);
  }

  return {
    url,
    async query(expression) {
      const body = (await getJson(`${url}/api/v1/query?query=${encodeURIComponent(expression)}`)) as {
        status: string;
        data: { resultType: string; result: VectorSample[] };
      };
      if (body.status !== 'success' || body.data.resultType !== 'vector') {
        throw new Error(`unexpected query answer for ${expression}: ${JSON.stringify(body)}`);
      }
      return body.data.result;
    },
    async targets() {
      const body = (await getJson(`${url}/api/v1/targets`)) as {
        data: { activeTargets: { health: string; lastError: string; scrapeUrl: string }[] };
      };
      return body.data.activeTargets;
    },
    log: () => logTail,
    stop,
  };
}
