// Series ids the metric writer has resolved, keyed by tag set, then host, then name.
//
// Why this shape: the cache used to hold one `name\0host\0tags` string per series (~200 bytes each, 155,000
// series at 50,000 contexts of kinstrument's client metrics) and built that string for every sample. A tag
// set's key is now kept once, however many metrics carry it; below it, names are interned and numbered, the
// ids of a tag set and host sit in one compact table by name number (name-id-table.ts), and a batch looks
// each of its tag sets up once.
import { NameIdTable } from './name-id-table';

/** The series of one tag set (its canonical tags as JSON). */
export interface TagSetSeries {
  readonly key: string;
  /** The stored tag hash, made when a series of this tag set is first looked up in SQLite. */
  hash: string | undefined;
  readonly byHost: Map<string, NameIdTable>;
  /** The cache generation it belongs to: names are numbered anew after a clear. */
  readonly generation: number;
}

export class SeriesCache {
  private tagSets = new Map<string, TagSetSeries>();
  /** Each metric name once, with its number in the tables. */
  private names = new Map<string, { name: string; index: number }>();
  private entries = 0;
  private generation = 0;

  /** Past `limit` ids the cache starts over (lookups then hit SQLite again): its memory stays bounded. */
  constructor(private readonly limit: number) {}

  get size(): number {
    return this.entries;
  }

  tagSet(key: string): TagSetSeries {
    let set = this.tagSets.get(key);
    if (set === undefined) {
      set = { key, hash: undefined, byHost: new Map(), generation: this.generation };
      this.tagSets.set(key, set);
    }
    return set;
  }

  /** One copy of each metric name, however many tag sets hold it. */
  name(name: string): string {
    return this.named(name).name;
  }

  get(set: TagSetSeries, host: string, name: string): number | undefined {
    // A tag set of the generation before a clear: its tables number names the old way.
    if (set.generation !== this.generation) return undefined;
    const known = this.names.get(name);
    return known === undefined ? undefined : set.byHost.get(host)?.get(known.index);
  }

  set(set: TagSetSeries, host: string, name: string, id: number): void {
    if (this.entries >= this.limit) this.clear();
    // After a clear, `set` may be an entry of the old generation: store into the current one.
    const current = this.tagSet(set.key);
    if (current.hash === undefined) current.hash = set.hash;
    let ids = current.byHost.get(host);
    if (ids === undefined) {
      ids = new NameIdTable();
      current.byHost.set(host, ids);
    }
    if (ids.set(this.named(name).index, id)) this.entries += 1;
  }

  private named(name: string): { name: string; index: number } {
    let known = this.names.get(name);
    if (known === undefined) {
      known = { name, index: this.names.size };
      this.names.set(name, known);
    }
    return known;
  }

  clear(): void {
    this.tagSets = new Map();
    this.names = new Map();
    this.entries = 0;
    this.generation += 1;
  }
}
