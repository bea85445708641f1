// `kinstrument agent` as users run it: the built CLI, a config file in a temporary folder (its run_path, and
// so its store, live there too), a conf.d with no checks (only the intake is measured; at most a log source),
// free loopback ports. Status comes from its own API.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AgentStatus } from '../../src/agent/status/status';
import { cleanEnvironment } from '../support/child-process';
import { freeTcpPort, freeUdpPort } from '../support/free-port';
import { kinstrumentCli, projectRoot } from '../support/paths';

export interface AgentSettings {
  /** Seconds between aggregator flushes. */
  flushIntervalSeconds: number;
  /** dogstatsd_so_rcvbuf (bytes), as Datadog advises for high rates; the kernel caps it at rmem_max. */
  receiveBufferBytes: number;
  /** The embedded store (on by default in the agent): off isolates the intake and aggregator. */
  storage: boolean;
  /** Run the agent with --cpu-prof, writing its profile here. */
  cpuProfileDir?: string;
  /** The CLI to run (default: this checkout's dist); another build's, to compare before and after. */
  cli?: string;
  /** More Node options for the agent (e.g. `--heapsnapshot-signal=SIGUSR2` when profiling by hand). */
  nodeArgs?: readonly string[];
  /** `young_generation_growth: true` in its config (V8 sizes the young generation; default: held small). */
  youngGenerationGrowth?: boolean;
  /** `dogstatsd_reader_thread: false` in its config (the main thread reads the UDP socket). */
  noReaderThread?: boolean;
  /** Tail this file (`logs_enabled: true`, one `source: json` file source in conf.d, read from its beginning). */
  logFile?: string;
}

/** The conf.d file of the tailed log source (Datadog's layout: conf.d/<name>.d/conf.yaml). */
function logSourceConfig(logFile: string): string {
  return [
    'logs:',
    '  - type: file',
    `    path: ${JSON.stringify(logFile)}`,
    '    source: json',
    '    service: signup-worker',
    '    start_position: beginning',
    '',
  ].join('\n');
}

export class AgentProcess {
  private readonly dir = mkdtempSync(join(tmpdir(), 'kinstrument-bench-agent-'));
  private child: ChildProcess | undefined;
  private stderr = '';
  cmdPort = 0;
  dogstatsdPort = 0;
  otlpPort = 0;

  /** The agent's temporary folder (config, run_path, store); removed by stop(). */
  get directory(): string {
    return this.dir;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(settings: AgentSettings): Promise<void> {
    this.cmdPort = await freeTcpPort();
    this.dogstatsdPort = await freeUdpPort();
    // Every listener on a free port: the defaults (8125, 4318, …) may be taken by an agent already running.
    this.otlpPort = await freeTcpPort();
    const confd = join(this.dir, 'conf.d');
    mkdirSync(confd);
    if (settings.logFile !== undefined) {
      mkdirSync(join(confd, 'bench_app.d'));
      writeFileSync(join(confd, 'bench_app.d', 'conf.yaml'), logSourceConfig(settings.logFile));
    }
    const configFile = join(this.dir, 'kinstrument.yaml');
    writeFileSync(
      configFile,
      [
        'hostname: bench-agent',
        `cmd_port: ${this.cmdPort}`,
        `dogstatsd_port: ${this.dogstatsdPort}`,
        `otlp_receiver_port: ${this.otlpPort}`,
        `confd_path: ${confd}`,
        `flush_interval: ${settings.flushIntervalSeconds}`,
        `dogstatsd_so_rcvbuf: ${settings.receiveBufferBytes}`,
        'log_level: warn',
        ...(settings.youngGenerationGrowth ? ['young_generation_growth: true'] : []),
        ...(settings.logFile !== undefined ? ['logs_enabled: true'] : []),
        ...(settings.noReaderThread ? ['dogstatsd_reader_thread: false'] : []),
        'storage:',
        `  enabled: ${settings.storage}`,
        '',
      ].join('\n'),
    );
    const profile = settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : [];
    const cli = settings.cli ?? kinstrumentCli;
    const nodeArgs = [...profile, ...(settings.nodeArgs ?? [])];
    const child = spawn(process.execPath, [...nodeArgs, cli, 'agent', '-c', configFile], {
      cwd: projectRoot,
      env: cleanEnvironment(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (this.stderr.length < 32 * 1024) this.stderr += chunk;
    });
    this.child = child;
    await this.waitHealthy(30_000);
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null) throw new Error(`the agent exited: ${this.stderr.trim()}`);
      try {
        const response = await fetch(`http://127.0.0.1:${this.cmdPort}/api/v1/health`, {
          signal: AbortSignal.timeout(1_000),
        });
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
    throw new Error(`the agent did not answer /api/v1/health within ${timeoutMs} ms: ${this.stderr.trim()}`);
  }

  async status(): Promise<AgentStatus> {
    const response = await fetch(`http://127.0.0.1:${this.cmdPort}/api/v1/status`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`/api/v1/status answered ${response.status}`);
    return (await response.json()) as AgentStatus;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
