// Lines to records. With a start pattern (a `multi_line` rule, or the source's known layout) a line that does not
// match it continues the record before: Java stack traces, Kafka's `KafkaConfig values:` dump. Without one, every
// non-empty line is a record. Records are bounded by `maxRecordBytes`; a record that would grow past it is emitted
// (marked truncated) and the rest continues in a new record, so nothing is lost.
//
// `safeOffset` is the file offset up to which every line has gone into an emitted record (or was an empty line
// dropped): the offset to persist once those records are acknowledged. Lines held in the pending record lie after it.
import type { Line, RawRecord } from '../tailer/types';

interface PendingRecord {
  parts: string[];
  bytes: number;
  endOffset: number;
  truncated: boolean;
  partial: boolean;
}

export class MultiLineAggregator {
  private pending: PendingRecord | undefined;
  private safe: number;

  constructor(
    private readonly startPattern: RegExp | undefined,
    private readonly maxRecordBytes: number,
    startOffset: number,
    /** Called each time a record is cut at the size limit. */
    private readonly onCut: () => void = () => undefined,
  ) {
    this.safe = startOffset;
  }

  get safeOffset(): number {
    return this.safe;
  }

  get hasPending(): boolean {
    return this.pending !== undefined;
  }

  push(line: Line, out: RawRecord[]): void {
    if (!this.startPattern) {
      if (line.text.trim() !== '') out.push(toRecord(line));
      this.safe = line.endOffset;
      return;
    }
    const startsRecord = this.startPattern.test(line.text);
    if (this.pending) {
      const fits = this.pending.bytes + 1 + line.bytes <= this.maxRecordBytes;
      if (!startsRecord && fits) {
        this.append(line);
        return;
      }
      this.emit(out, { cutShort: !startsRecord });
      if (!startsRecord) {
        this.onCut();
        // The rest of an oversized record: a record of its own, marked as a piece.
        this.pending = begin(line);
        this.pending.truncated = true;
        return;
      }
    }
    if (line.text.trim() === '') {
      // Nothing to attach an empty line to: drop it, but count it as consumed.
      this.safe = line.endOffset;
      return;
    }
    this.pending = begin(line);
  }

  /** Emits the pending record (the flush timeout passed, or the file is done). */
  flush(out: RawRecord[]): void {
    if (this.pending) this.emit(out, { cutShort: false });
  }

  private append(line: Line): void {
    const pending = this.pending!;
    pending.parts.push(line.text);
    pending.bytes += 1 + line.bytes;
    pending.endOffset = line.endOffset;
    pending.truncated ||= line.truncated;
    pending.partial ||= line.partial;
  }

  private emit(out: RawRecord[], options: { cutShort: boolean }): void {
    const pending = this.pending!;
    this.pending = undefined;
    out.push({
      text: pending.parts.join('\n').trimEnd(),
      endOffset: pending.endOffset,
      truncated: pending.truncated || options.cutShort,
      partial: pending.partial,
      lines: pending.parts.length,
    });
    this.safe = pending.endOffset;
  }
}

function begin(line: Line): PendingRecord {
  return {
    parts: [line.text],
    bytes: line.bytes,
    endOffset: line.endOffset,
    truncated: line.truncated,
    partial: line.partial,
  };
}

function toRecord(line: Line): RawRecord {
  return {
    text: line.text,
    endOffset: line.endOffset,
    truncated: line.truncated,
    partial: line.partial,
    lines: 1,
  };
}
