// Log lines appended to a file through a bounded in-memory queue: writes are batched and asynchronous, the
// app never waits for the disk, and when the disk cannot keep up (or the file cannot be opened) lines are
// dropped and counted rather than memory growing. An unopenable file is retried at most every few seconds.
import { open, type FileHandle } from 'node:fs/promises';
import type { LogSink, LogSinkStats } from './log-sink';

export interface FileSinkOptions {
  path: string;
  /** Most bytes waiting to be written; lines beyond are dropped. */
  maxQueuedBytes: number;
  onError: (error: unknown) => void;
  /** Wait after a failed open before trying again. */
  reopenDelayMs?: number;
}

/** Bytes handed to one write call. */
const WRITE_CHUNK_BYTES = 64 * 1024;

export class FileSink implements LogSink {
  private queue: string[] = [];
  private queuedBytes = 0;
  private dropped = 0;
  private handle: FileHandle | undefined;
  private openFailedAt = -Infinity;
  private draining: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: FileSinkOptions) {}

  write(line: string): void {
    const bytes = Buffer.byteLength(line) + 1;
    if (this.closed || this.queuedBytes + bytes > this.options.maxQueuedBytes) {
      this.dropped += 1;
      return;
    }
    this.queue.push(line + '\n');
    this.queuedBytes += bytes;
    this.startDrain();
  }

  private startDrain(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      // Lines queued between the drain's last check and now.
      if (this.queue.length > 0) this.startDrain();
    });
  }

  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch((error: unknown) => this.options.onError(error));
  }

  stats(): LogSinkStats {
    return { dropped: this.dropped, queuedBytes: this.queuedBytes };
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const handle = await this.ensureOpen();
      if (!handle) {
        this.dropQueue();
        return;
      }
      const chunk = this.takeChunk();
      try {
        await handle.appendFile(chunk);
      } catch (error) {
        this.dropped += chunk.split('\n').length - 1;
        this.options.onError(error);
      }
    }
  }

  private async ensureOpen(): Promise<FileHandle | undefined> {
    if (this.handle) return this.handle;
    if (Date.now() - this.openFailedAt < (this.options.reopenDelayMs ?? 5000)) return undefined;
    try {
      this.handle = await open(this.options.path, 'a');
      return this.handle;
    } catch (error) {
      this.openFailedAt = Date.now();
      this.options.onError(error);
      return undefined;
    }
  }

  private takeChunk(): string {
    let size = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || size < WRITE_CHUNK_BYTES)) {
      size += this.queue[count]!.length;
      count += 1;
    }
    const lines = this.queue.splice(0, count);
    const chunk = lines.join('');
    this.queuedBytes -= Buffer.byteLength(chunk);
    return chunk;
  }

  private dropQueue(): void {
    this.dropped += this.queue.length;
    this.queue = [];
    this.queuedBytes = 0;
  }
}
