// Tails every file the sources' globs match, and keeps doing so through what happens to log files:
// - rotation by rename: the old file is read to its end (through the handle still open) while the new file at the
//   path is read from its start; the old one is closed once it has not grown for `rotatedFileGraceMs`;
// - copytruncate and truncation: the file shrinks, or starts with other bytes than it did (fingerprint). Its unread
//   end is looked for in a copy next to it (same first bytes); then the file is read again from offset 0;
// - files that appear later: globs are expanded again every `scanIntervalMs`;
// - agent restarts: the acknowledged offset of each file is persisted (see registry.ts) and resumed; files that
//   moved while the agent was down, or were being drained, are found again by inode next to where they were.
// Polling (stat + positional reads) rather than fs.watch: it behaves the same on every filesystem, including
// network and container mounts where change events are missing.
//
// One loop gives each file a turn in round-robin order (the start rotates), reading at most `readChunkBytes` per
// turn, so a busy file cannot starve the others. The records of a turn go to `deliver` in batches of at most
// `maxBatchRecords`, and the loop waits for each batch to be acknowledged before it goes on: that is the
// backpressure, and the only records in flight are those of one batch. Offsets advance only on acknowledgement.
// At most `maxOpenFiles` handles are open: an idle file's handle is closed when another needs one (its progress
// stays in memory; it is reopened by path, and found by inode if it was rotated meanwhile).
import { open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { expandGlob, globToRegExp } from '../glob';
import type { LogCounters } from '../stats';
import { FileTailer, type FileTailerLimits } from './file-tailer';
import { fingerprintMatches, readFingerprint } from './fingerprint';
import { locateByIdentity, locateCopy, type LocatedFile } from './locate';
import { Registry, type RegistryEntry } from './registry';
import {
  identityKey,
  sameIdentity,
  type Deliver,
  type FileIdentity,
  type Fingerprint,
  type RecordBatch,
  type TailSource,
} from './types';

export interface TailerSettings {
  /** How often each file is checked for new data when nothing is happening. */
  pollIntervalMs: number;
  /** How often globs are expanded again to find new files. */
  scanIntervalMs: number;
  maxOpenFiles: number;
  /** Most files tailed at once; more are skipped (counted) until some are done. */
  maxFiles: number;
  readChunkBytes: number;
  maxLineBytes: number;
  maxRecordBytes: number;
  maxBatchRecords: number;
  multiLineFlushMs: number;
  partialLineFlushMs: number;
  rotatedFileGraceMs: number;
  stateFlushIntervalMs: number;
  stopTimeoutMs: number;
  maxDeliveryAttempts: number;
  retryBackoffMs: number;
}

export const DEFAULT_TAILER_SETTINGS: TailerSettings = {
  pollIntervalMs: 250,
  scanIntervalMs: 10_000,
  maxOpenFiles: 128,
  maxFiles: 1024,
  readChunkBytes: 64 * 1024,
  maxLineBytes: 256 * 1024,
  maxRecordBytes: 256 * 1024,
  maxBatchRecords: 500,
  multiLineFlushMs: 1000,
  partialLineFlushMs: 5000,
  rotatedFileGraceMs: 30_000,
  stateFlushIntervalMs: 1000,
  stopTimeoutMs: 5000,
  maxDeliveryAttempts: 5,
  retryBackoffMs: 200,
};

export interface TailerOptions {
  sources: readonly TailSource[];
  runPath: string;
  deliver: Deliver;
  counters: LogCounters;
  settings?: Partial<TailerSettings>;
  onProblem?: (message: string) => void;
}

/** How many bytes at the end of a file are searched for the last newline when starting at the end. */
const END_SEARCH_BYTES = 64 * 1024;

export class Tailer {
  private readonly settings: TailerSettings;
  private readonly registry: Registry;
  private readonly excludes: RegExp[][];
  private readonly readBuffer: Buffer;
  private tailers: FileTailer[] = [];
  private cursor = 0;
  private openHandles = 0;
  private stopping = false;
  private running = false;
  private loopDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private dirty = false;
  private lastScanAt = 0;
  private lastPersistAt = 0;
  private reportedSkips = new Set<string>();

  constructor(private readonly options: TailerOptions) {
    this.settings = { ...DEFAULT_TAILER_SETTINGS, ...options.settings };
    this.registry = new Registry(options.runPath);
    this.excludes = options.sources.map((source) => source.excludePaths.map(globToRegExp));
    this.readBuffer = Buffer.alloc(this.settings.readChunkBytes);
  }

  get isRunning(): boolean {
    return this.running;
  }

  get openFiles(): number {
    return this.openHandles;
  }

  files(): readonly FileTailer[] {
    return this.tailers;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const problem = await this.registry.load();
    if (problem) this.problem(problem);
    await this.resumeMovedFiles();
    await this.scan(true);
    this.loopDone = this.loop();
  }

  /** Stops reading, waits (at most `stopTimeoutMs`) for the batch in flight, closes files, persists offsets. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.wake?.();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.loopDone,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.settings.stopTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    for (const tailer of this.tailers) await this.closeHandle(tailer);
    await this.persist(Date.now());
    this.running = false;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let worked = false;
      try {
        const now = Date.now();
        if (now - this.lastScanAt >= this.settings.scanIntervalMs) await this.scan(false);
        const round = [...this.tailers];
        for (let i = 0; i < round.length && !this.stopping; i++) {
          const tailer = round[(this.cursor + i) % round.length]!;
          if (!tailer.finished) worked = (await this.turnSafely(tailer)) || worked;
        }
        this.cursor = round.length > 0 ? (this.cursor + 1) % round.length : 0;
        this.tailers = this.tailers.filter((tailer) => !tailer.finished);
        if (
          !this.stopping &&
          this.dirty &&
          Date.now() - this.lastPersistAt >= this.settings.stateFlushIntervalMs
        ) {
          await this.persist(Date.now());
        }
      } catch (error) {
        this.problem(`log tailer: ${(error as Error).message}`);
      }
      if (!worked && !this.stopping) await this.sleep(this.settings.pollIntervalMs);
    }
  }

  // ---- finding files ------------------------------------------------------------------------------------------

  private async scan(firstScan: boolean): Promise<void> {
    this.lastScanAt = Date.now();
    for (const [index, source] of this.options.sources.entries()) {
      const { files, truncated } = await expandGlob(source.path);
      if (truncated)
        this.problemOnce(
          `glob:${source.id}`,
          `${source.id}: ${source.path}: too many entries to scan; some files may be missed`,
        );
      for (const path of files) {
        if (this.stopping) return;
        if (this.excludes[index]!.some((pattern) => pattern.test(path))) continue;
        if (this.tailers.some((tailer) => !tailer.draining && tailer.file === path)) continue;
        await this.discover(path, index, firstScan);
      }
    }
  }

  /** Starts tailing the file at `path`, at the offset its history and the source's start_position give. */
  private async discover(path: string, sourceIndex: number, firstScan: boolean): Promise<void> {
    const source = this.options.sources[sourceIndex]!;
    let opened: { handle: FileHandle; identity: FileIdentity; size: number } | undefined;
    try {
      const before = await stat(path, { bigint: true });
      if (!before.isFile() || this.tailers.some((t) => sameIdentity(t.identity, identityOf(before)))) return;
      if (this.liveCount() >= this.settings.maxFiles) {
        if (!this.reportedSkips.has(path) && this.reportedSkips.size < 10_000) {
          this.reportedSkips.add(path);
          this.options.counters.filesSkipped++;
          this.problem(`${path}: not tailed, ${this.settings.maxFiles} files already are (maxFiles)`);
        }
        return;
      }
      if (!(await this.reserveHandle(undefined))) return;
      opened = await this.openChecked(path);
    } catch (error) {
      this.problemOnce(`open:${path}`, `${path}: cannot read (${describeError(error)})`);
      return;
    }
    const { handle, identity, size } = opened;
    if (this.tailers.some((t) => sameIdentity(t.identity, identity))) {
      await this.closeRaw(handle);
      return;
    }
    const fingerprint = await readFingerprint(handle, size);
    const offset = await this.startOffset(path, source, identity, handle, size, firstScan);
    this.tailers.push(
      this.newTailer({
        sourceIndex,
        file: path,
        path,
        identity,
        fingerprint,
        offset,
        handle,
        draining: false,
      }),
    );
    this.dirty = true;
  }

  private async startOffset(
    path: string,
    source: TailSource,
    identity: FileIdentity,
    handle: FileHandle,
    size: number,
    firstScan: boolean,
  ): Promise<number> {
    if (source.startPosition === 'forceBeginning') return 0;
    if (source.startPosition === 'forceEnd') return endOfLastLine(handle, size);
    const entry = this.registry.get(identity);
    if (entry) {
      if (entry.offset <= size && (await fingerprintMatches(handle, size, entry.fingerprint)))
        return entry.offset;
      // Same inode, other content: truncated or copytruncated while we were away (or the inode was reused).
      // The unread end of the old content may be in a copy next to it.
      this.options.counters.truncations++;
      await this.drainCopy({
        file: path,
        dir: dirname(path),
        fingerprint: entry.fingerprint,
        offset: entry.offset,
        identity,
        source,
      });
      return 0;
    }
    // A different file than the one read at this path before (rotated while we were away), a file that appeared
    // after start, or start_position: beginning: all of it is new to us.
    if (this.registry.knowsPath(path) || !firstScan || source.startPosition === 'beginning') return 0;
    return endOfLastLine(handle, size);
  }

  /** At start: files recorded as draining, or no longer at their path, are found by inode and read to the end. */
  private async resumeMovedFiles(): Promise<void> {
    for (const entry of this.registry.all()) {
      const sourceIndex = this.options.sources.findIndex((source) => source.id === entry.source);
      if (sourceIndex === -1) continue;
      if (!entry.draining) {
        const current = await stat(entry.path, { bigint: true }).catch(() => undefined);
        if (current && sameIdentity(identityOf(current), entry)) continue;
      }
      const located = await locateByIdentity(dirname(entry.path), entry, entry.fingerprint);
      if (!located || located.size <= entry.offset) {
        if (entry.draining) this.registry.set({ ...entry, draining: false });
        continue;
      }
      if (!entry.draining) this.options.counters.rotations++;
      await this.startDraining(located, entry, sourceIndex);
    }
  }

  private async startDraining(
    located: LocatedFile,
    entry: RegistryEntry,
    sourceIndex: number,
  ): Promise<void> {
    if (!(await this.reserveHandle(undefined))) return;
    try {
      const { handle, identity } = await this.openChecked(located.path);
      if (!sameIdentity(identity, entry)) {
        await this.closeRaw(handle);
        return;
      }
      this.tailers.push(
        this.newTailer({
          sourceIndex,
          file: entry.file,
          path: located.path,
          identity,
          fingerprint: entry.fingerprint,
          offset: entry.offset,
          handle,
          draining: true,
        }),
      );
    } catch (error) {
      this.problem(`${located.path}: cannot reopen a rotated file (${describeError(error)})`);
    }
  }

  // ---- one turn -----------------------------------------------------------------------------------------------

  private async turnSafely(tailer: FileTailer): Promise<boolean> {
    try {
      return await this.turn(tailer);
    } catch (error) {
      this.problemOnce(`turn:${tailer.path}`, `${tailer.path}: ${describeError(error)}; reopening`);
      await this.closeHandle(tailer);
      return false;
    }
  }

  private async turn(tailer: FileTailer): Promise<boolean> {
    const now = Date.now();
    if (!tailer.handle) {
      if (!(await this.needsHandle(tailer))) {
        tailer.flushIdle(now, this.timeouts());
        return this.deliverFrom(tailer);
      }
      if (!(await this.reopen(tailer))) return false;
    }
    tailer.lastUsedAt = now;
    const outcome = await tailer.read(this.readBuffer, now);
    if (outcome.kind === 'replaced') {
      await this.onReplaced(tailer);
      return true;
    }
    let finishing = false;
    if (outcome.kind === 'eof') {
      if (!tailer.draining) await this.checkRotation(tailer);
      tailer.flushIdle(now, this.timeouts());
      if (tailer.draining && now - tailer.lastDataAt >= this.settings.rotatedFileGraceMs) {
        tailer.finish();
        finishing = true;
      }
    }
    const delivered = await this.deliverFrom(tailer);
    if (finishing && !this.stopping) {
      tailer.finished = true;
      this.registry.set(tailer.registryEntry(now));
      await this.closeHandle(tailer);
      this.dirty = true;
    }
    return outcome.kind === 'data' || delivered;
  }

  /** At the end of the file: did the path get another file (rename rotation) or lose this one? */
  private async checkRotation(tailer: FileTailer): Promise<void> {
    const current = await stat(tailer.file, { bigint: true }).catch(() => undefined);
    if (current && sameIdentity(identityOf(current), tailer.identity)) return;
    tailer.draining = true;
    this.options.counters.rotations++;
    this.dirty = true;
    if (current?.isFile()) await this.discover(tailer.file, tailer.sourceIndex, false);
  }

  /** Truncated, or rewritten in place: finish the old content (from a copy if there is one), then start over. */
  private async onReplaced(tailer: FileTailer): Promise<void> {
    this.options.counters.truncations++;
    const recovered =
      tailer.readOffset > 0 &&
      (await this.drainCopy({
        file: tailer.file,
        dir: dirname(tailer.path),
        fingerprint: tailer.fingerprint,
        offset: tailer.committedOffset,
        readOffset: tailer.readOffset,
        identity: tailer.identity,
        source: tailer.source,
        from: tailer,
      }));
    if (!recovered) {
      tailer.finish();
      await this.deliverFrom(tailer);
    }
    tailer.restartFromBeginning();
    this.dirty = true;
  }

  /** Finds the copy of replaced content and drains it from `offset`; true when one was found. */
  private async drainCopy(lost: {
    file: string;
    dir: string;
    fingerprint: Fingerprint;
    offset: number;
    readOffset?: number;
    identity: FileIdentity;
    source: TailSource;
    from?: FileTailer;
  }): Promise<boolean> {
    const live = [lost.identity, ...this.tailers.map((t) => t.identity)];
    const copy = await locateCopy(lost.dir, lost.fingerprint, lost.readOffset ?? lost.offset, live);
    if (!copy || !(await this.reserveHandle(lost.from))) return false;
    let handle: FileHandle;
    try {
      const opened = await this.openChecked(copy.path);
      handle = opened.handle;
      if (!sameIdentity(opened.identity, copy)) {
        await this.closeRaw(handle);
        return false;
      }
    } catch {
      return false;
    }
    const sourceIndex = this.options.sources.indexOf(lost.source);
    this.tailers.push(
      this.newTailer({
        sourceIndex,
        file: lost.file,
        path: copy.path,
        identity: copy,
        fingerprint: lost.fingerprint,
        offset: lost.offset,
        readOffset: lost.readOffset,
        buffered: lost.from?.takeBuffered(),
        handle,
        draining: true,
      }),
    );
    this.options.counters.copiesRecovered++;
    return true;
  }

  // ---- delivery -----------------------------------------------------------------------------------------------

  /** Hands the tailer's records to the consumer, batch by batch, committing each acknowledged batch's offset. */
  private async deliverFrom(tailer: FileTailer): Promise<boolean> {
    const records = tailer.takeRecords();
    const safe = tailer.safeOffset;
    if (records.length === 0) {
      // Empty lines dropped, or records excluded earlier: nothing to send, but the offset moves on.
      if (safe !== tailer.committedOffset) this.commit(tailer, safe);
      return false;
    }
    const size = this.settings.maxBatchRecords;
    for (let start = 0; start < records.length; start += size) {
      const batch = records.slice(start, start + size);
      const last = start + size >= records.length;
      const outcome = await this.deliverWithRetry({
        sourceIndex: tailer.sourceIndex,
        file: tailer.file,
        records: batch,
      });
      if (outcome === 'stopped') return true;
      this.commit(tailer, last ? safe : batch[batch.length - 1]!.endOffset);
    }
    return true;
  }

  private commit(tailer: FileTailer, offset: number): void {
    tailer.committedOffset = offset;
    this.dirty = true;
  }

  private async deliverWithRetry(batch: RecordBatch): Promise<'sent' | 'dropped' | 'stopped'> {
    const counters = this.options.counters;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.deliver(batch);
        return 'sent';
      } catch (error) {
        counters.deliveryFailures++;
        this.problem(
          `${batch.file}: delivering ${batch.records.length} records failed (${describeError(error)})`,
        );
        if (this.stopping) return 'stopped';
        if (attempt >= this.settings.maxDeliveryAttempts) {
          counters.droppedRecords += batch.records.length;
          return 'dropped';
        }
        await this.sleep(Math.min(this.settings.retryBackoffMs * 2 ** (attempt - 1), 5000));
        if (this.stopping) return 'stopped';
      }
    }
  }

  // ---- file handles -------------------------------------------------------------------------------------------

  /** A closed file needs its handle back only when its size moved or it is no longer the file at its path. */
  private async needsHandle(tailer: FileTailer): Promise<boolean> {
    const current = await stat(tailer.path, { bigint: true }).catch(() => undefined);
    if (!current || !sameIdentity(identityOf(current), tailer.identity)) return true;
    return tailer.hasNews(Number(current.size));
  }

  private async reopen(tailer: FileTailer): Promise<boolean> {
    if (!(await this.reserveHandle(tailer))) return false;
    let opened: { handle: FileHandle; identity: FileIdentity } | undefined;
    try {
      opened = await this.openChecked(tailer.path);
    } catch {
      opened = undefined;
    }
    if (opened && sameIdentity(opened.identity, tailer.identity)) {
      tailer.handle = opened.handle;
      return true;
    }
    if (opened) await this.closeRaw(opened.handle);
    // Rotated while its handle was closed: read the rest of it where it went, and the new file at the path.
    const located = await locateByIdentity(dirname(tailer.path), tailer.identity, tailer.fingerprint);
    if (located && (await this.reserveHandle(tailer))) {
      try {
        const again = await this.openChecked(located.path);
        if (sameIdentity(again.identity, tailer.identity)) {
          tailer.handle = again.handle;
          tailer.path = located.path;
          if (!tailer.draining) this.options.counters.rotations++;
          tailer.draining = true;
          if (await stat(tailer.file).catch(() => undefined))
            await this.discover(tailer.file, tailer.sourceIndex, false);
          return true;
        }
        await this.closeRaw(again.handle);
      } catch {
        // fall through: the file is gone
      }
    }
    this.problem(
      `${tailer.file}: the file went away while its handle was closed; unread bytes from offset ${tailer.readOffset} are lost`,
    );
    tailer.finish();
    await this.deliverFrom(tailer);
    tailer.finished = true;
    this.registry.set(tailer.registryEntry(Date.now()));
    if (await stat(tailer.file).catch(() => undefined))
      await this.discover(tailer.file, tailer.sourceIndex, false);
    return false;
  }

  /**
   * Makes room for one more open file, closing the handle of the file idle the longest when at the limit. Files
   * being drained keep theirs (they have no path to be reopened by). False when no handle can be freed.
   */
  private async reserveHandle(requester: FileTailer | undefined): Promise<boolean> {
    if (this.openHandles < this.settings.maxOpenFiles) return true;
    let victim: FileTailer | undefined;
    for (const tailer of this.tailers) {
      if (!tailer.handle || tailer.draining || tailer === requester) continue;
      if (!victim || tailer.lastUsedAt < victim.lastUsedAt) victim = tailer;
    }
    if (!victim) {
      this.options.counters.openFileLimitHits++;
      return false;
    }
    await this.closeHandle(victim);
    return true;
  }

  private async openChecked(
    path: string,
  ): Promise<{ handle: FileHandle; identity: FileIdentity; size: number }> {
    const handle = await open(path, 'r');
    this.openHandles++;
    try {
      const stats = await handle.stat({ bigint: true });
      return { handle, identity: identityOf(stats), size: Number(stats.size) };
    } catch (error) {
      await this.closeRaw(handle);
      throw error;
    }
  }

  private async closeHandle(tailer: FileTailer): Promise<void> {
    const handle = tailer.handle;
    tailer.handle = undefined;
    if (handle) await this.closeRaw(handle);
  }

  private async closeRaw(handle: FileHandle): Promise<void> {
    this.openHandles--;
    await handle.close().catch(() => undefined);
  }

  // ---- bookkeeping --------------------------------------------------------------------------------------------

  private newTailer(init: {
    sourceIndex: number;
    file: string;
    path: string;
    identity: FileIdentity;
    fingerprint: Fingerprint;
    offset: number;
    readOffset?: number;
    buffered?: ReturnType<FileTailer['takeBuffered']>;
    handle: FileHandle;
    draining: boolean;
  }): FileTailer {
    const limits: FileTailerLimits = {
      maxLineBytes: this.settings.maxLineBytes,
      maxRecordBytes: this.settings.maxRecordBytes,
    };
    return new FileTailer({
      ...init,
      source: this.options.sources[init.sourceIndex]!,
      limits,
      counters: this.options.counters,
      now: Date.now(),
    });
  }

  private liveCount(): number {
    return this.tailers.filter((tailer) => !tailer.finished).length;
  }

  private timeouts(): { partialLineMs: number; multiLineMs: number } {
    return { partialLineMs: this.settings.partialLineFlushMs, multiLineMs: this.settings.multiLineFlushMs };
  }

  private async persist(now: number): Promise<void> {
    const live = new Set<string>();
    for (const tailer of this.tailers) {
      this.registry.set(tailer.registryEntry(now));
      live.add(identityKey(tailer.identity));
    }
    this.registry.prune(now, live);
    this.lastPersistAt = now;
    try {
      await this.registry.save();
      this.dirty = false;
    } catch (error) {
      this.problemOnce('registry', `${this.registry.file}: cannot save offsets (${describeError(error)})`);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private problem(message: string): void {
    this.options.onProblem?.(message);
  }

  private readonly reported = new Set<string>();

  /** Reports a problem once per key (an unreadable file is retried every scan, and would repeat forever). */
  private problemOnce(key: string, message: string): void {
    if (this.reported.has(key)) return;
    if (this.reported.size < 10_000) this.reported.add(key);
    this.problem(message);
  }
}

function identityOf(stats: { dev: bigint; ino: bigint }): FileIdentity {
  return { dev: String(stats.dev), ino: String(stats.ino) };
}

/** Where to start in a file read from its end: after its last newline, so a line being written is read whole. */
async function endOfLastLine(handle: FileHandle, size: number): Promise<number> {
  const length = Math.min(size, END_SEARCH_BYTES);
  if (length === 0) return 0;
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, size - length);
  const newline = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
  if (newline === -1) return size <= END_SEARCH_BYTES ? 0 : size;
  return size - length + newline + 1;
}

function describeError(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message ?? String(error);
}
