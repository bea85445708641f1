// Bytes to lines, with a bounded buffer: a line longer than `maxLineBytes` is emitted in pieces of at most that
// size (cut on a UTF-8 character boundary), each marked truncated, so one runaway line never holds memory or
// blocks the file. Bytes after the last newline wait for more data; `flushPartial` emits them when the caller
// decides the line will not be finished (rotation, close, timeout).
import type { Line } from './types';

const NEWLINE = 0x0a;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export class LineSplitter {
  private parts: Buffer[] = [];
  private pendingLength = 0;
  /** File offset of the first pending byte. */
  private pendingStart = 0;
  /** The pending bytes continue a line already emitted in pieces. */
  private continuesLongLine = false;

  constructor(private readonly maxLineBytes: number) {}

  get pendingBytes(): number {
    return this.pendingLength;
  }

  /** `chunk` was read at file offset `offset`; complete lines (and pieces of overlong ones) go to `out`. */
  push(chunk: Buffer, offset: number, out: Line[]): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      let from = start;
      while (this.pendingLength + (end - from) > this.maxLineBytes) {
        const room = this.maxLineBytes - this.pendingLength;
        let cut = characterBoundary(chunk, from, from + room);
        // Not even one whole character fits after what is pending: emit what is pending, start afresh.
        if (cut <= from && this.pendingLength === 0) cut = from + Math.max(1, room);
        this.append(chunk.subarray(from, cut), offset + from);
        this.emit(offset + cut, { truncated: true, partial: false }, false, out);
        this.continuesLongLine = true;
        from = cut;
      }
      this.append(chunk.subarray(from, end), offset + from);
      if (newline === -1) {
        // The read buffer may be reused by the caller: keep a copy of the unfinished line's bytes.
        if (this.parts.length > 0)
          this.parts[this.parts.length - 1] = Buffer.from(this.parts[this.parts.length - 1]!);
        return;
      }
      this.emit(offset + newline + 1, { truncated: this.continuesLongLine, partial: false }, true, out);
      this.continuesLongLine = false;
      start = newline + 1;
    }
  }

  /** Emits the bytes after the last newline as a line marked partial; `endOffset` is the offset after them. */
  flushPartial(endOffset: number, out: Line[]): void {
    if (this.pendingLength === 0) return;
    this.emit(endOffset, { truncated: this.continuesLongLine, partial: true }, false, out);
    this.continuesLongLine = false;
  }

  private append(bytes: Buffer, offset: number): void {
    if (bytes.length === 0) return;
    if (this.pendingLength === 0) this.pendingStart = offset;
    this.parts.push(bytes);
    this.pendingLength += bytes.length;
  }

  private emit(
    endOffset: number,
    flags: { truncated: boolean; partial: boolean },
    atNewline: boolean,
    out: Line[],
  ): void {
    let bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.pendingLength);
    if (this.pendingStart === 0 && bytes.subarray(0, 3).equals(UTF8_BOM)) bytes = bytes.subarray(3);
    let text = bytes.toString('utf8');
    if (atNewline && text.endsWith('\r')) text = text.slice(0, -1);
    out.push({ text, bytes: this.pendingLength, endOffset, ...flags });
    this.parts = [];
    this.pendingLength = 0;
  }
}

/** The largest offset <= `limit` (and > `from` when possible) that does not split a UTF-8 character. */
function characterBoundary(chunk: Buffer, from: number, limit: number): number {
  let cut = Math.min(limit, chunk.length);
  while (cut > from && cut < chunk.length && (chunk[cut]! & 0xc0) === 0x80) cut--;
  return cut;
}
