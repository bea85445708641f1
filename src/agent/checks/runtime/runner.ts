// Runs every configured check instance on its own interval, with a timeout, never two runs of one instance at
// once, and never letting one failure stop the others. Each run's output goes to the sinks as one Flush.
import type { FlushSink } from '../../model';
import type { CheckInstance } from '../types';
import { CounterState } from './counter-state';
import { emptyStatus, recordRun, type InstanceStatus } from './instance-stats';
import type { ConfiguredInstance } from './load';
import { RunContext } from './run-context';
import { redact } from './secrets';

export type RunnerLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export interface CheckRunnerOptions {
  sinks: FlushSink | readonly FlushSink[];
  /** Receives redacted messages: a failure once when it starts or changes, and the recovery. */
  log?: RunnerLog;
  /** Milliseconds clock, injectable for tests. */
  now?: () => number;
  /** Upper bound on scheduled instances (a config generating thousands is a mistake worth refusing). */
  maxInstances?: number;
  /** Most metric samples one run may submit. */
  maxSamplesPerRun?: number;
  /** Let the process exit while only check timers are pending (tests, one-shot commands). */
  unrefTimers?: boolean;
}

interface Scheduled {
  config: ConfiguredInstance;
  check: CheckInstance;
  status: InstanceStatus;
  counters: CounterState;
  run: number;
  timer?: NodeJS.Timeout;
  /** The collect still running (possibly past its timeout); settles when it really ends. */
  inFlight?: Promise<void>;
  /** The run being recorded; `runOnce` callers wait for it. */
  current?: Promise<void>;
  abort?: AbortController;
  lastLoggedError?: string;
}

export class CheckRunner {
  private readonly instances = new Map<string, Scheduled>();
  private readonly sinks: readonly FlushSink[];
  private readonly log: RunnerLog;
  private readonly now: () => number;
  private started = false;
  /** Instances refused because `maxInstances` was reached. */
  refusedInstances = 0;
  /** Sink writes that threw or rejected. */
  sinkErrors = 0;

  constructor(private readonly options: CheckRunnerOptions) {
    this.sinks = Array.isArray(options.sinks) ? [...options.sinks] : [options.sinks as FlushSink];
    this.log = options.log ?? (() => undefined);
    this.now = options.now ?? Date.now;
  }

  /** Adds an instance (replacing one with the same id); scheduled at once if the runner is started. */
  add(config: ConfiguredInstance): boolean {
    if (!this.instances.has(config.id) && this.instances.size >= (this.options.maxInstances ?? 10_000)) {
      this.refusedInstances += 1;
      this.log(
        'error',
        `check instance ${config.id} refused: more than ${this.options.maxInstances} instances`,
      );
      return false;
    }
    const existing = this.instances.get(config.id);
    if (existing) void this.retire(existing);
    const entry: Scheduled = {
      config,
      check: config.create(),
      status: emptyStatus(config.id, config.check, config.source, config.settings.minCollectionInterval),
      counters: new CounterState(),
      run: 0,
    };
    this.instances.set(config.id, entry);
    if (this.started) this.schedule(entry, 0);
    return true;
  }

  async remove(id: string): Promise<void> {
    const entry = this.instances.get(id);
    if (!entry) return;
    this.instances.delete(id);
    await this.retire(entry);
  }

  /** Runs every instance now, then on its interval. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const entry of this.instances.values()) this.schedule(entry, 0);
  }

  /** Stops scheduling, aborts runs in progress, waits for them (bounded) and closes the instances. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.instances.values()].map((entry) => this.retire(entry)));
  }

  /** Runs one instance now (or waits for the run in progress) and returns its status afterwards. */
  async runOnce(id: string): Promise<InstanceStatus> {
    const entry = this.instances.get(id);
    if (!entry) throw new Error(`no check instance ${id}`);
    if (entry.current) await entry.current;
    else await this.runEntry(entry);
    return this.snapshot(entry.status);
  }

  status(): InstanceStatus[] {
    return [...this.instances.values()].map((entry) => this.snapshot(entry.status));
  }

  private snapshot(status: InstanceStatus): InstanceStatus {
    return structuredClone(status);
  }

  private schedule(entry: Scheduled, delayMs: number): void {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      if (!this.started || this.instances.get(entry.config.id) !== entry) return;
      const startedAt = this.now();
      const tick = entry.inFlight ? Promise.resolve(this.skip(entry)) : this.runEntry(entry);
      void tick.finally(() => {
        if (!this.started || this.instances.get(entry.config.id) !== entry) return;
        // Fixed rate from the start of the run, so a slow run does not drift the schedule.
        const intervalMs = entry.config.settings.minCollectionInterval * 1000;
        this.schedule(entry, Math.max(0, startedAt + intervalMs - this.now()));
      });
    }, delayMs);
    if (this.options.unrefTimers) entry.timer.unref();
  }

  private skip(entry: Scheduled): void {
    entry.status.skippedRuns += 1;
  }

  private runEntry(entry: Scheduled): Promise<void> {
    if (entry.inFlight) {
      this.skip(entry);
      return Promise.resolve();
    }
    const current = this.execute(entry).finally(() => {
      if (entry.current === current) entry.current = undefined;
    });
    entry.current = current;
    return current;
  }

  private async execute(entry: Scheduled): Promise<void> {
    const { config } = entry;
    entry.run += 1;
    const abort = new AbortController();
    entry.abort = abort;
    const startedAt = this.now();
    const context = new RunContext({
      check: config.check,
      baseTags: config.settings.tags,
      counters: entry.counters,
      run: entry.run,
      now: this.now,
      intervalSeconds: config.settings.minCollectionInterval,
      signal: abort.signal,
      maxSamples: this.options.maxSamplesPerRun,
    });
    let error: string | undefined;
    let timedOut = false;
    const timeoutMs = config.settings.runTimeout * 1000;
    let timeoutTimer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timeoutTimer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const collect = Promise.resolve()
      .then(() => entry.check.collect(context))
      .then(
        () => undefined,
        (cause: unknown) => cause,
      );
    entry.inFlight = collect.then(() => undefined);
    void entry.inFlight.finally(() => {
      entry.inFlight = undefined;
    });
    try {
      const outcome = await Promise.race([collect, timeout]);
      if (outcome === 'timeout') {
        timedOut = true;
        error = `run timed out after ${config.settings.runTimeout}s`;
        abort.abort(new Error(error));
      } else if (outcome !== undefined) {
        error = describeError(outcome);
      }
    } finally {
      clearTimeout(timeoutTimer);
    }
    context.seal();
    entry.counters.expire(entry.run);
    const durationMs = this.now() - startedAt;
    const redacted = error === undefined ? undefined : redact(error, config.secrets);
    const warnings = context.warnings.map((warning) => redact(warning, config.secrets));
    recordRun(entry.status, {
      startedAt,
      durationMs,
      metricSamples: context.metrics.length,
      events: context.events.length,
      serviceChecks: context.serviceChecks.length,
      metadata: context.metadata,
      warnings,
      droppedSamples: context.droppedSamples,
      counterOverflow: entry.counters.overflow,
      error: redacted,
      timedOut,
    });
    this.logTransition(entry, redacted);
    const flush = context.flush();
    for (const serviceCheck of flush.serviceChecks) {
      if (serviceCheck.message !== undefined)
        serviceCheck.message = redact(serviceCheck.message, config.secrets);
    }
    for (const event of flush.events) event.text = redact(event.text, config.secrets);
    if (flush.metrics.length + flush.serviceChecks.length + flush.events.length > 0) await this.write(flush);
  }

  private async write(flush: ReturnType<RunContext['flush']>): Promise<void> {
    await Promise.all(
      this.sinks.map(async (sink) => {
        try {
          await sink.write(flush);
        } catch (cause) {
          this.sinkErrors += 1;
          this.log('error', `check output to sink ${sink.name} failed: ${describeError(cause)}`);
        }
      }),
    );
  }

  private logTransition(entry: Scheduled, error: string | undefined): void {
    if (error !== undefined && error !== entry.lastLoggedError) {
      this.log('warn', `check ${entry.config.id} (${entry.config.source}) failed: ${error}`);
    } else if (error === undefined && entry.lastLoggedError !== undefined) {
      this.log('info', `check ${entry.config.id} recovered`);
    }
    entry.lastLoggedError = error;
  }

  private async retire(entry: Scheduled): Promise<void> {
    clearTimeout(entry.timer);
    entry.abort?.abort(new Error('check runner stopped'));
    if (entry.inFlight) await Promise.race([entry.inFlight, delay(5000)]);
    try {
      await entry.check.close?.();
    } catch (cause) {
      this.log(
        'warn',
        redact(`closing ${entry.config.id} failed: ${describeError(cause)}`, entry.config.secrets),
      );
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export function describeError(cause: unknown): string {
  if (cause instanceof Error) return cause.message || cause.name;
  return typeof cause === 'string' ? cause : (JSON.stringify(cause) ?? String(cause));
}
