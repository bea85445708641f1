// The agent's log collection: tails the files of every `logs:` source (rotation-safe, offsets persisted under the
// agent's run path), joins multi-line records, applies processing rules, parses (kafka, zookeeper, json) and hands
// LogRecords to `onRecords`. The promise `onRecords` returns is the acknowledgement: offsets advance, and reading
// continues, only once it resolves; a rejection is retried (at most `maxDeliveryAttempts` times).
import { hostname as osHostname } from 'node:os';
import type { LogSourceConfig } from './config';
import { RecordBuilder } from './pipeline';
import type { LogRecord } from './record';
import {
  emptyCounters,
  MAX_FILES_IN_STATUS,
  MAX_PROBLEMS_KEPT,
  type LogCollectorStats,
  type LogCounters,
} from './stats';
import { Tailer, type TailerSettings } from './tailer/tailer';
import type { RecordBatch } from './tailer/types';

export { parseLogsSection, START_POSITIONS } from './config';
export type { LogSourceConfig, MultiLineRule, ProcessingRule, StartPosition } from './config';
export type { LogAttributeValue, LogLevel, LogRecord } from './record';
export { LOG_LEVELS } from './record';
export type { LogCollectorStats, LogCounters, LogFileStatus } from './stats';
export { DEFAULT_TAILER_SETTINGS, type TailerSettings } from './tailer/tailer';
export { REGISTRY_FILE } from './tailer/registry';

export interface LogCollectorOptions {
  sources: readonly LogSourceConfig[];
  /** Folder for the offsets file (`logs-registry.json`); the agent's `run_path`. */
  runPath: string;
  hostname?: string;
  /** The agent's tags, added to every record before the source's own. */
  globalTags?: readonly string[];
  /** Receives records in file order, one batch at a time; resolve once they are stored. */
  onRecords(records: LogRecord[]): Promise<void>;
  /** Timing and limits; the defaults suit an agent (see DEFAULT_TAILER_SETTINGS). */
  settings?: Partial<TailerSettings>;
  /** Problems worth a log line (unreadable files, state file errors, failed deliveries). */
  onProblem?(message: string): void;
}

export class LogCollector {
  private readonly counters: LogCounters = emptyCounters();
  private readonly tailer: Tailer;
  private readonly builder: RecordBuilder;
  private readonly problems: string[] = [];
  /** A batch is built once even when its delivery is retried, so counters count each record once. */
  private readonly built = new WeakMap<RecordBatch, LogRecord[]>();

  constructor(private readonly options: LogCollectorOptions) {
    this.builder = new RecordBuilder(
      options.sources,
      { hostname: options.hostname ?? osHostname(), globalTags: options.globalTags ?? [] },
      this.counters,
    );
    this.tailer = new Tailer({
      sources: options.sources.map((source) => ({
        id: source.id,
        path: source.path,
        excludePaths: source.excludePaths,
        startPosition: source.startPosition,
        multiLine: source.multiLine?.pattern,
      })),
      runPath: options.runPath,
      counters: this.counters,
      settings: options.settings,
      deliver: (batch) => this.deliver(batch),
      onProblem: (message) => this.problem(message),
    });
  }

  async start(): Promise<void> {
    await this.tailer.start();
  }

  /** Stops reading and persists the offsets of everything acknowledged. */
  async stop(): Promise<void> {
    await this.tailer.stop();
  }

  stats(): LogCollectorStats {
    const files = this.tailer.files().filter((file) => !file.finished);
    return {
      ...this.counters,
      running: this.tailer.isRunning,
      sources: this.options.sources.length,
      filesTailed: files.length,
      openFiles: this.tailer.openFiles,
      files: files.slice(0, MAX_FILES_IN_STATUS).map((file) => ({
        path: file.file,
        ...(file.path !== file.file ? { readingFrom: file.path } : {}),
        source: file.source.id,
        offset: file.committedOffset,
        draining: file.draining,
        open: file.handle !== undefined,
      })),
      problems: [...this.problems],
    };
  }

  private async deliver(batch: RecordBatch): Promise<void> {
    let records = this.built.get(batch);
    if (!records) {
      records = this.builder.build(batch, Date.now());
      this.built.set(batch, records);
    }
    if (records.length === 0) return;
    await this.options.onRecords(records);
    this.counters.recordsSent += records.length;
  }

  private problem(message: string): void {
    this.problems.push(message);
    if (this.problems.length > MAX_PROBLEMS_KEPT) this.problems.shift();
    this.options.onProblem?.(message);
  }
}
