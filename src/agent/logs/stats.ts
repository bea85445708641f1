// Counters for `kinstrument status`: what the log collector read, dropped, split and survived.

export interface LogCounters {
  /** Lines read (pieces of overlong lines count one each). */
  linesRead: number;
  bytesRead: number;
  /** Records the consumer acknowledged. */
  recordsSent: number;
  /** Records whose text the source's parser could not read; they are sent raw, never dropped. */
  parseFailures: number;
  /** Pieces emitted because a line or a multi-line record was longer than the limit. */
  truncatedLines: number;
  /** Records dropped by exclude_at_match / include_at_match / exclude_truncated rules. */
  excludedRecords: number;
  /** Lines emitted without their newline (rotation, close, or the partial-line timeout). */
  partialLinesFlushed: number;
  /** Files renamed or deleted away from their path while tailed. */
  rotations: number;
  /** Files that shrank or were rewritten in place (copytruncate, `> file`): read again from the start. */
  truncations: number;
  /** Truncated files whose unread end was found in their copy (copytruncate) and read from there. */
  copiesRecovered: number;
  /** Files not tailed because `maxFiles` files already are. */
  filesSkipped: number;
  /** Turns skipped because every allowed file handle was in use by a file still being drained. */
  openFileLimitHits: number;
  /** Consumer calls that failed (they are retried). */
  deliveryFailures: number;
  /** Records given up on after `maxDeliveryAttempts` failed calls. */
  droppedRecords: number;
}

export function emptyCounters(): LogCounters {
  return {
    linesRead: 0,
    bytesRead: 0,
    recordsSent: 0,
    parseFailures: 0,
    truncatedLines: 0,
    excludedRecords: 0,
    partialLinesFlushed: 0,
    rotations: 0,
    truncations: 0,
    copiesRecovered: 0,
    filesSkipped: 0,
    openFileLimitHits: 0,
    deliveryFailures: 0,
    droppedRecords: 0,
  };
}

export interface LogFileStatus {
  /** The configured path the file was found at. */
  path: string;
  /** Where the file is read now when it moved (rotated away, or the copy of a copytruncate). */
  readingFrom?: string;
  /** The source's id (`<conf file>: logs[i]`). */
  source: string;
  /** Bytes acknowledged by the consumer. */
  offset: number;
  /** The file left its path (rotation) and is read to its end before it is closed. */
  draining: boolean;
  open: boolean;
}

export interface LogCollectorStats extends LogCounters {
  running: boolean;
  sources: number;
  filesTailed: number;
  openFiles: number;
  /** At most MAX_FILES_IN_STATUS files, configured order. */
  files: LogFileStatus[];
  /** The most recent problems (unreadable files, state file errors, failed deliveries), newest last. */
  problems: string[];
}

export const MAX_FILES_IN_STATUS = 100;
export const MAX_PROBLEMS_KEPT = 20;
