// Shapes shared by the tailer's parts.
import type { StartPosition } from '../config';

/** What the tailer needs to know about a configured source. */
export interface TailSource {
  /** Where the source was configured (`conf.d/kafka.d/conf.yaml: logs[0]`). */
  id: string;
  path: string;
  excludePaths: readonly string[];
  startPosition: StartPosition;
  /** Start-of-record pattern; lines that do not match it continue the record before. */
  multiLine: RegExp | undefined;
}

/** One line (or, past the length limit, one piece of a line), decoded. */
export interface Line {
  text: string;
  bytes: number;
  /** File offset just after the line (after its newline). */
  endOffset: number;
  /** A piece of a line longer than the limit. */
  truncated: boolean;
  /** Emitted without its newline (rotation, close, or the partial-line timeout). */
  partial: boolean;
}

/** One record: a line, or several joined by a multi-line rule. */
export interface RawRecord {
  text: string;
  /** File offset just after the record's last line: where reading resumes once the record is acknowledged. */
  endOffset: number;
  truncated: boolean;
  partial: boolean;
  lines: number;
}

/** Records of one file handed to the consumer; the tailer waits for the promise before it reads on. */
export interface RecordBatch {
  sourceIndex: number;
  file: string;
  records: RawRecord[];
}

export type Deliver = (batch: RecordBatch) => Promise<void>;

export interface FileIdentity {
  /** Device and inode numbers as decimal strings (inodes can exceed 2^53). */
  dev: string;
  ino: string;
}

export interface Fingerprint {
  /** How many bytes from the start of the file were hashed (up to FINGERPRINT_BYTES). */
  length: number;
  hash: string;
}

export function identityKey(identity: FileIdentity): string {
  return `${identity.dev}:${identity.ino}`;
}

export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}
