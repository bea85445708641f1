// The exporter's disk buffer: every encoded batch is a file in `<run_path>/otlp-buffer/`, delivered oldest
// first and deleted once the upstream took it. While the upstream is down the files wait here (and survive
// an agent restart); past `maxBytes` the oldest are deleted and counted, never the one being sent.
//
// File name: `<sequence>.<signal>.<records>.<json|pb>[.gz]` — everything needed to send it again, so a
// batch written before a configuration change is still sent with its own encoding. Files are written to a
// temporary name and renamed, so a crash never leaves half a batch under a real name. Batches are small
// and written about once a second, so plain synchronous file calls (page cache) are used.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OtlpSignal } from '../../intake/otlp/signals';

export type SpoolEncoding = 'json' | 'pb';

export interface SpoolEntry {
  sequence: number;
  signal: OtlpSignal;
  records: number;
  encoding: SpoolEncoding;
  gzip: boolean;
  bytes: number;
  file: string;
}

export interface SpoolStats {
  files: number;
  bytes: number;
  maxBytes: number;
  records: Record<OtlpSignal, number>;
  /** Batches deleted unsent to stay under maxBytes (oldest first). */
  droppedBatches: number;
  droppedRecords: Record<OtlpSignal, number>;
  droppedBytes: number;
  /** Files that could not be written, read or parsed. */
  errors: number;
  lastError?: string;
}

const NAME = /^(\d{1,16})\.(traces|logs|metrics)\.(\d+)\.(json|pb)(\.gz)?$/;

export class DiskSpool {
  private readonly entries: SpoolEntry[] = [];
  private nextSequence = 1;
  private totalBytes = 0;
  /** The batch being sent: never dropped for space. */
  inFlight: number | undefined;
  private readonly counters = {
    droppedBatches: 0,
    droppedRecords: { traces: 0, logs: 0, metrics: 0 } as Record<OtlpSignal, number>,
    droppedBytes: 0,
    errors: 0,
    lastError: undefined as string | undefined,
  };

  constructor(
    readonly directory: string,
    readonly maxBytes: number,
  ) {}

  /** Creates the directory and picks up batches left by a previous run. Never throws (errors are counted). */
  open(): void {
    let names: string[];
    try {
      mkdirSync(this.directory, { recursive: true });
      names = readdirSync(this.directory);
    } catch (error) {
      this.noteError(error);
      return;
    }
    for (const name of names) {
      const path = join(this.directory, name);
      if (name.endsWith('.tmp')) {
        this.tryRemove(path);
        continue;
      }
      const match = NAME.exec(name);
      if (match === null) continue;
      let bytes: number;
      try {
        bytes = statSync(path).size;
      } catch {
        continue;
      }
      const sequence = Number(match[1]);
      this.entries.push({
        sequence,
        signal: match[2] as OtlpSignal,
        records: Number(match[3]),
        encoding: match[4] as SpoolEncoding,
        gzip: match[5] !== undefined,
        bytes,
        file: path,
      });
      this.totalBytes += bytes;
      this.nextSequence = Math.max(this.nextSequence, sequence + 1);
    }
    this.entries.sort((a, b) => a.sequence - b.sequence);
    this.enforceLimit(0);
  }

  /** Stores a batch; returns false when it could not (too large alone, or a write error). */
  append(
    signal: OtlpSignal,
    records: number,
    encoding: SpoolEncoding,
    gzip: boolean,
    payload: Buffer,
  ): boolean {
    if (payload.length > this.maxBytes) {
      this.countDropped(signal, records, payload.length);
      return false;
    }
    this.enforceLimit(payload.length);
    const sequence = this.nextSequence++;
    const name = `${String(sequence).padStart(16, '0')}.${signal}.${records}.${encoding}${gzip ? '.gz' : ''}`;
    const file = join(this.directory, name);
    try {
      writeFileSync(`${file}.tmp`, payload);
      renameSync(`${file}.tmp`, file);
    } catch (error) {
      this.noteError(error);
      this.tryRemove(`${file}.tmp`);
      this.countDropped(signal, records, payload.length);
      return false;
    }
    this.entries.push({ sequence, signal, records, encoding, gzip, bytes: payload.length, file });
    this.totalBytes += payload.length;
    return true;
  }

  oldest(): SpoolEntry | undefined {
    return this.entries[0];
  }

  /** The batch's bytes; undefined (and the entry forgotten) when the file is gone or unreadable. */
  read(entry: SpoolEntry): Buffer | undefined {
    try {
      return readFileSync(entry.file);
    } catch (error) {
      this.noteError(error);
      this.forget(entry);
      return undefined;
    }
  }

  /** Deletes a batch (delivered, or refused for good by the upstream). */
  remove(entry: SpoolEntry): void {
    if (this.forget(entry)) this.tryRemove(entry.file);
  }

  get size(): number {
    return this.entries.length;
  }

  stats(): SpoolStats {
    const records = { traces: 0, logs: 0, metrics: 0 } as Record<OtlpSignal, number>;
    for (const entry of this.entries) records[entry.signal] += entry.records;
    return {
      files: this.entries.length,
      bytes: this.totalBytes,
      maxBytes: this.maxBytes,
      records,
      droppedBatches: this.counters.droppedBatches,
      droppedRecords: { ...this.counters.droppedRecords },
      droppedBytes: this.counters.droppedBytes,
      errors: this.counters.errors,
      ...(this.counters.lastError === undefined ? {} : { lastError: this.counters.lastError }),
    };
  }

  /** Drops the oldest batches (not the one in flight) until `incoming` more bytes fit. */
  private enforceLimit(incoming: number): void {
    let index = 0;
    while (this.totalBytes + incoming > this.maxBytes && index < this.entries.length) {
      const entry = this.entries[index] as SpoolEntry;
      if (entry.sequence === this.inFlight) {
        index += 1;
        continue;
      }
      this.entries.splice(index, 1);
      this.totalBytes -= entry.bytes;
      this.tryRemove(entry.file);
      this.countDropped(entry.signal, entry.records, entry.bytes);
    }
  }

  private forget(entry: SpoolEntry): boolean {
    const index = this.entries.indexOf(entry);
    if (index === -1) return false;
    this.entries.splice(index, 1);
    this.totalBytes -= entry.bytes;
    return true;
  }

  private countDropped(signal: OtlpSignal, records: number, bytes: number): void {
    this.counters.droppedBatches += 1;
    this.counters.droppedRecords[signal] += records;
    this.counters.droppedBytes += bytes;
  }

  private tryRemove(path: string): void {
    try {
      rmSync(path, { force: true });
    } catch (error) {
      this.noteError(error);
    }
  }

  private noteError(error: unknown): void {
    this.counters.errors += 1;
    this.counters.lastError = error instanceof Error ? error.message : String(error);
  }
}
