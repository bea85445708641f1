// Helpers for the log collection tests: sources from YAML-shaped objects, a recording consumer, fast timings.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  LogCollector,
  parseLogsSection,
  type LogRecord,
  type LogSourceConfig,
  type TailerSettings,
} from '../../src/agent/logs';

export const projectRoot = resolve(__dirname, '..', '..', '..');

/** Timings short enough for tests; the limits stay the defaults unless a test sets them. */
export const FAST: Partial<TailerSettings> = {
  pollIntervalMs: 10,
  scanIntervalMs: 100,
  multiLineFlushMs: 200,
  partialLineFlushMs: 400,
  rotatedFileGraceMs: 300,
  stateFlushIntervalMs: 50,
  retryBackoffMs: 10,
};

export function sources(logs: Record<string, unknown>[]): LogSourceConfig[] {
  const parsed = parseLogsSection(
    { logs: logs.map((entry) => ({ type: 'file', ...entry })) },
    'test:conf.yaml',
  );
  assert.deepEqual(parsed.problems, []);
  return parsed.sources;
}

export function temporaryDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `kinstrument-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A consumer that keeps what it gets, can be slowed down, and checks it is never called concurrently. */
export class RecordingConsumer {
  readonly records: LogRecord[] = [];
  readonly batchSizes: number[] = [];
  delayMs = 0;
  private inFlight = 0;
  maxInFlight = 0;

  readonly onRecords = async (records: LogRecord[]): Promise<void> => {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      this.batchSizes.push(records.length);
      this.records.push(...records);
    } finally {
      this.inFlight--;
    }
  };

  messages(file?: string): string[] {
    return this.records.filter((r) => file === undefined || r.file === file).map((r) => r.message);
  }
}

export function collector(
  logs: Record<string, unknown>[],
  runPath: string,
  consumer: { onRecords(records: LogRecord[]): Promise<void> },
  settings: Partial<TailerSettings> = {},
): LogCollector {
  return new LogCollector({
    sources: sources(logs),
    runPath,
    hostname: 'test-host',
    globalTags: ['env:test'],
    onRecords: (records) => consumer.onRecords(records),
    settings: { ...FAST, ...settings },
  });
}

export async function waitUntil(
  condition: () => boolean,
  timeoutMs: number,
  what: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where the rig writes its logs: KINSTRUMENT_TEST_RIG_LOGS, else rig/.state/<mode>/logs; undefined without a rig. */
export function rigLogsDir(): string | undefined {
  if (process.env.KINSTRUMENT_TEST_RIG_LOGS) return process.env.KINSTRUMENT_TEST_RIG_LOGS;
  const mode = process.env.KINSTRUMENT_TEST_RIG_MODE;
  return mode === 'zk' || mode === 'kraft' ? join(projectRoot, 'rig', '.state', mode, 'logs') : undefined;
}

export interface ExpectedRecord {
  level: string;
  timestamp: number;
  logger: string | undefined;
  firstLine: string;
}

/**
 * The records of a file in Kafka's `[%d] %p %m (%c)%n` layout, read with plain regular expressions (independently
 * of the parser): a record starts at a `[date]` line; its logger closes the last line, or the first when a stack
 * trace follows. Only records known to be complete are returned (those before the last record start).
 */
export function readLog4jRecords(text: string): ExpectedRecord[] {
  const header = /^\[(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3})\] (\w+) /;
  const logger = / ?\(([^()\s:]+)\)$/;
  const groups: string[][] = [];
  for (const line of text.split('\n')) {
    if (header.test(line)) groups.push([line]);
    else groups.at(-1)?.push(line);
  }
  groups.pop(); // the last record may still be growing
  return groups.map((lines) => {
    const [, date, time, millis, level] = header.exec(lines[0]!)!;
    const last = lines.filter((line) => line !== '').at(-1)!;
    return {
      level: level!.toLowerCase(),
      // An ISO date-time without a zone is local time, which is how the broker wrote it.
      timestamp: new Date(`${date}T${time}.${millis}`).getTime(),
      logger: (logger.exec(last) ?? logger.exec(lines[0]!))?.[1],
      firstLine: lines[0]!,
    };
  });
}
