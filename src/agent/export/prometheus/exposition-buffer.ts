// The exposition written straight into one growing Buffer, a few hundred series at a time.
//
// Why: at 50,000 contexts the exposition is ~190,000 lines, ~35 MB. Built as one string per line, joined,
// then encoded for the response, a scrape held the lines, the joined text and its bytes at once (over
// 100 MB for a moment, in the agent's heap). Here pieces are joined in small batches and encoded into a
// buffer sized from the previous scrape: the heap only ever holds one batch.

// Pieces (name, labels, value…) gathered before one join + encode; a few hundred lines' worth.
const BATCH_PIECES = 2048;
const MIN_BYTES = 64 * 1024;

export class ExpositionBuffer {
  private buffer: Buffer;
  private length = 0;
  private readonly pieces: string[] = [];

  constructor(expectedBytes: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(MIN_BYTES, Math.ceil(expectedBytes * 1.1)));
  }

  /** Appends text as is. */
  text(text: string): void {
    this.pieces.push(text);
    if (this.pieces.length >= BATCH_PIECES) this.drain();
  }

  /** Appends one sample line: `name{labels} value`. */
  sample(name: string, labels: string, value: string): void {
    this.pieces.push(name, labels, ' ', value, '\n');
    if (this.pieces.length >= BATCH_PIECES) this.drain();
  }

  /** The bytes written so far (a view, not a copy). */
  finish(): Buffer {
    this.drain();
    return this.buffer.subarray(0, this.length);
  }

  private drain(): void {
    if (this.pieces.length === 0) return;
    const text = this.pieces.join('');
    this.pieces.length = 0;
    // UTF-8 takes at most 3 bytes per UTF-16 unit; only near the end is the exact size worth computing.
    if (this.length + text.length * 3 > this.buffer.length) {
      const needed = this.length + Buffer.byteLength(text, 'utf8');
      if (needed > this.buffer.length) {
        const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
        this.buffer.copy(grown, 0, 0, this.length);
        this.buffer = grown;
      }
    }
    this.length += this.buffer.write(text, this.length, 'utf8');
  }
}
