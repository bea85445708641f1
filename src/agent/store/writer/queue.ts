// The bounded queue between intake and the database. Offering never waits: what does not fit is refused
// (and the caller counts it). Items are kept in the chunks they were offered in, so queuing a batch costs
// one array slot, not one per record; with each item its approximate size (record-size.ts), so the queue
// knows the bytes it holds.

interface Chunk<T> {
  items: readonly T[];
  sizes: readonly number[];
  offset: number;
}

export class ChunkQueue<T> {
  private chunks: Chunk<T>[] = [];
  private count = 0;
  private byteCount = 0;

  get size(): number {
    return this.count;
  }

  /** The approximate bytes of the items queued. */
  get bytes(): number {
    return this.byteCount;
  }

  /**
   * Adds items from the front of `items` while fewer than `room` are added and their sizes (`sizes[i]` is
   * `items[i]`'s) stay within `byteRoom`; returns how many were added.
   */
  push(items: readonly T[], sizes: readonly number[], room: number, byteRoom = Infinity): number {
    let taken = 0;
    let bytes = 0;
    const most = Math.min(items.length, room);
    // An empty queue takes one record whatever its size, so no record can wait for room forever.
    while (taken < most && (bytes + (sizes[taken] as number) <= byteRoom || this.count + taken === 0)) {
      bytes += sizes[taken] as number;
      taken += 1;
    }
    if (taken === 0) return 0;
    const whole = taken === items.length;
    this.chunks.push({
      items: whole ? items : items.slice(0, taken),
      sizes: whole ? sizes : sizes.slice(0, taken),
      offset: 0,
    });
    this.count += taken;
    this.byteCount += bytes;
    return taken;
  }

  /** Removes and returns up to `max` items, oldest first. */
  take(max: number): T[] {
    const out: T[] = [];
    while (out.length < max && this.chunks.length > 0) {
      const chunk = this.chunks[0] as Chunk<T>;
      const want = Math.min(max - out.length, chunk.items.length - chunk.offset);
      for (let index = 0; index < want; index += 1) {
        out.push(chunk.items[chunk.offset + index] as T);
        this.byteCount -= chunk.sizes[chunk.offset + index] as number;
      }
      chunk.offset += want;
      if (chunk.offset >= chunk.items.length) this.chunks.shift();
    }
    this.count -= out.length;
    if (this.count === 0) this.byteCount = 0; // no drift from summing floats
    return out;
  }

  clear(): number {
    const dropped = this.count;
    this.chunks = [];
    this.count = 0;
    this.byteCount = 0;
    return dropped;
  }
}
