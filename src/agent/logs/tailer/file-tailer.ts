// One file being read: where it is, how far it was read and acknowledged, and the bytes and lines that do not
// make a record yet. It reads when the Tailer gives it a turn, and tells it when the content was replaced
// (truncated, or rewritten in place) so the Tailer can look for a copy before starting over.
import type { FileHandle } from 'node:fs/promises';
import { MultiLineAggregator } from '../processing/multiline';
import type { LogCounters } from '../stats';
import { FINGERPRINT_BYTES, fingerprintMatches, readFingerprint } from './fingerprint';
import { LineSplitter } from './line-splitter';
import type { RegistryEntry } from './registry';
import type { FileIdentity, Fingerprint, Line, RawRecord, TailSource } from './types';

export interface FileTailerLimits {
  maxLineBytes: number;
  maxRecordBytes: number;
}

export interface FileTailerInit {
  sourceIndex: number;
  source: TailSource;
  /** The configured path the file was found at; records name it. */
  file: string;
  /** Where the file is: `file`, or a copy's path. */
  path: string;
  identity: FileIdentity;
  fingerprint: Fingerprint;
  /** Acknowledged offset; reading starts here unless `readOffset` says otherwise. */
  offset: number;
  /** Reading resumes here when `buffered` holds the bytes between `offset` and it. */
  readOffset?: number;
  buffered?: { splitter: LineSplitter; aggregator: MultiLineAggregator };
  handle: FileHandle | undefined;
  draining: boolean;
  limits: FileTailerLimits;
  counters: LogCounters;
  now: number;
}

export type ReadOutcome = { kind: 'data'; bytes: number } | { kind: 'eof' } | { kind: 'replaced' };

export class FileTailer {
  readonly sourceIndex: number;
  readonly source: TailSource;
  readonly file: string;
  path: string;
  identity: FileIdentity;
  fingerprint: Fingerprint;
  handle: FileHandle | undefined;
  /** The file no longer sits at `file`: read to its end, then closed. */
  draining: boolean;
  finished = false;
  readOffset: number;
  committedOffset: number;
  /** Last time bytes arrived (or the tailer started): drives the partial-line, multi-line and rotation timeouts. */
  lastDataAt: number;
  /** Last turn that used the handle, for closing the least recently used one. */
  lastUsedAt: number;
  private splitter: LineSplitter;
  private aggregator: MultiLineAggregator;
  private outbox: RawRecord[] = [];
  private lastSize = -1;
  private lastMtimeNs = -1n;
  private readonly limits: FileTailerLimits;
  private readonly counters: LogCounters;

  constructor(init: FileTailerInit) {
    this.sourceIndex = init.sourceIndex;
    this.source = init.source;
    this.file = init.file;
    this.path = init.path;
    this.identity = init.identity;
    this.fingerprint = init.fingerprint;
    this.handle = init.handle;
    this.draining = init.draining;
    this.committedOffset = init.offset;
    this.readOffset = init.buffered ? (init.readOffset ?? init.offset) : init.offset;
    this.limits = init.limits;
    this.counters = init.counters;
    this.splitter = init.buffered?.splitter ?? new LineSplitter(init.limits.maxLineBytes);
    this.aggregator = init.buffered?.aggregator ?? this.newAggregator(init.offset);
    this.lastDataAt = init.now;
    this.lastUsedAt = init.now;
  }

  /** Where everything before is in records handed out (or dropped empty lines): the offset to commit after them. */
  get safeOffset(): number {
    return this.aggregator.safeOffset;
  }

  /** Reads at most `buffer.length` bytes; records complete with them wait in the outbox. */
  async read(buffer: Buffer, now: number): Promise<ReadOutcome> {
    const handle = this.handle!;
    const stats = await handle.stat({ bigint: true });
    const size = Number(stats.size);
    const changed = size !== this.lastSize || stats.mtimeNs !== this.lastMtimeNs;
    this.lastSize = size;
    this.lastMtimeNs = stats.mtimeNs;
    if (size < this.readOffset) return { kind: 'replaced' };
    if (changed && !(await fingerprintMatches(handle, size, this.fingerprint))) return { kind: 'replaced' };
    if (this.fingerprint.length < FINGERPRINT_BYTES && size > this.fingerprint.length) {
      this.fingerprint = await readFingerprint(handle, size);
    }
    if (size === this.readOffset) return { kind: 'eof' };
    const { bytesRead } = await handle.read(
      buffer,
      0,
      Math.min(buffer.length, size - this.readOffset),
      this.readOffset,
    );
    if (bytesRead === 0) return { kind: 'eof' };
    // The file may have been truncated and refilled between the checks above and the read: what was read is only
    // this file's continuation if the file still starts the same.
    if (!(await fingerprintMatches(handle, size, this.fingerprint))) return { kind: 'replaced' };
    const start = this.readOffset;
    this.readOffset += bytesRead;
    this.lastDataAt = now;
    this.counters.bytesRead += bytesRead;
    const lines: Line[] = [];
    this.splitter.push(buffer.subarray(0, bytesRead), start, lines);
    this.take(lines);
    return { kind: 'data', bytes: bytesRead };
  }

  /** Emits what waited too long: an unfinished last line (flagged partial), then a pending multi-line record. */
  flushIdle(now: number, timeouts: { partialLineMs: number; multiLineMs: number }): void {
    const idle = now - this.lastDataAt;
    if (this.splitter.pendingBytes > 0 && idle >= timeouts.partialLineMs) this.flushPartialLine();
    if (this.aggregator.hasPending && idle >= timeouts.multiLineMs) this.aggregator.flush(this.outbox);
  }

  /** The file will not grow any more (drained after rotation, or replaced): emit everything buffered. */
  finish(): void {
    this.flushPartialLine();
    this.aggregator.flush(this.outbox);
  }

  takeRecords(): RawRecord[] {
    const records = this.outbox;
    this.outbox = [];
    return records;
  }

  /** Hands the buffered bytes and lines to the tailer that continues this content elsewhere (a copy). */
  takeBuffered(): { splitter: LineSplitter; aggregator: MultiLineAggregator } {
    const buffered = { splitter: this.splitter, aggregator: this.aggregator };
    this.splitter = new LineSplitter(this.limits.maxLineBytes);
    this.aggregator = this.newAggregator(this.readOffset);
    return buffered;
  }

  /** The content was replaced: read the file again from its first byte. */
  restartFromBeginning(): void {
    this.readOffset = 0;
    this.committedOffset = 0;
    this.fingerprint = { length: 0, hash: '' };
    this.splitter = new LineSplitter(this.limits.maxLineBytes);
    this.aggregator = this.newAggregator(0);
    this.outbox = [];
    this.lastSize = -1;
  }

  /** Whether a file of `size` bytes has anything this tailer has not read or must look at again. */
  hasNews(size: number): boolean {
    return size !== this.readOffset;
  }

  registryEntry(now: number): RegistryEntry {
    return {
      ...this.identity,
      path: this.path,
      file: this.file,
      source: this.source.id,
      fingerprint: this.fingerprint,
      offset: this.committedOffset,
      draining: this.draining && !this.finished,
      updatedAt: now,
    };
  }

  private newAggregator(startOffset: number): MultiLineAggregator {
    const counters = this.counters;
    return new MultiLineAggregator(this.source.multiLine, this.limits.maxRecordBytes, startOffset, () => {
      counters.truncatedLines++;
    });
  }

  private flushPartialLine(): void {
    if (this.splitter.pendingBytes === 0) return;
    const lines: Line[] = [];
    this.splitter.flushPartial(this.readOffset, lines);
    this.counters.partialLinesFlushed += lines.length;
    this.take(lines);
  }

  private take(lines: Line[]): void {
    for (const line of lines) {
      this.counters.linesRead++;
      if (line.truncated) this.counters.truncatedLines++;
      this.aggregator.push(line, this.outbox);
    }
  }
}
