// Where finished JSON log lines go.
export interface LogSinkStats {
  /** Lines dropped because the queue was full or the destination unwritable. */
  dropped: number;
  queuedBytes: number;
}

export interface LogSink {
  /** Never throws, never blocks on I/O. */
  write(line: string): void;
  /** Resolves once what was queued before the call is written (or dropped). */
  flush(): Promise<void>;
  close(): Promise<void>;
  stats(): LogSinkStats;
}
