// The bounded queue between intake and the database. Offering never waits: what does not fit is refused
// (and the caller counts it). Items are kept in the chunks they were offered in, so queuing a batch costs
// one array slot, not one per record.

interface Chunk<T> {
  items: readonly T[];
  offset: number;
}

export class ChunkQueue<T> {
  private chunks: Chunk<T>[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds up to `room` items from the front of `items`; returns how many were added. */
  push(items: readonly T[], room: number): number {
    const taken = Math.max(0, Math.min(items.length, room));
    if (taken === 0) return 0;
    this.chunks.push({ items: taken === items.length ? items : items.slice(0, taken), offset: 0 });
    this.count += taken;
    return taken;
  }

  /** Removes and returns up to `max` items, oldest first. */
  take(max: number): T[] {
    const out: T[] = [];
    while (out.length < max && this.chunks.length > 0) {
      const chunk = this.chunks[0] as Chunk<T>;
      const want = Math.min(max - out.length, chunk.items.length - chunk.offset);
      for (let index = 0; index < want; index += 1) out.push(chunk.items[chunk.offset + index] as T);
      chunk.offset += want;
      if (chunk.offset >= chunk.items.length) this.chunks.shift();
    }
    this.count -= out.length;
    return out;
  }

  clear(): number {
    const dropped = this.count;
    this.chunks = [];
    this.count = 0;
    return dropped;
  }
}
