// Series ids the metric writer has resolved, keyed by tag set, then host, then name.
//
// Why this shape: the cache used to hold one `name\0host\0tags` string per series (~200 bytes each, 155,000
// series at 50,000 contexts of kinstrument's client metrics) and built that string for every sample. A tag
// set's key is now kept once, however many metrics carry it; below it, names are interned strings and ids
// small integers, and a batch looks each of its tag sets up once.

/** The series of one tag set (its canonical tags as JSON). */
export interface TagSetSeries {
  readonly key: string;
  /** The stored tag hash, made when a series of this tag set is first looked up in SQLite. */
  hash: string | undefined;
  readonly byHost: Map<string, Map<string, number>>;
}

export class SeriesCache {
  private tagSets = new Map<string, TagSetSeries>();
  private names = new Map<string, string>();
  private entries = 0;

  /** Past `limit` ids the cache starts over (lookups then hit SQLite again): its memory stays bounded. */
  constructor(private readonly limit: number) {}

  get size(): number {
    return this.entries;
  }

  tagSet(key: string): TagSetSeries {
    let set = this.tagSets.get(key);
    if (set === undefined) {
      set = { key, hash: undefined, byHost: new Map() };
      this.tagSets.set(key, set);
    }
    return set;
  }

  /** One copy of each metric name, however many tag sets hold it. */
  name(name: string): string {
    const known = this.names.get(name);
    if (known !== undefined) return known;
    this.names.set(name, name);
    return name;
  }

  get(set: TagSetSeries, host: string, name: string): number | undefined {
    return set.byHost.get(host)?.get(name);
  }

  set(set: TagSetSeries, host: string, name: string, id: number): void {
    if (this.entries >= this.limit) this.clear();
    // After a clear, `set` may be an entry of the old generation: store into the current one.
    const current = this.tagSet(set.key);
    if (current.hash === undefined) current.hash = set.hash;
    let names = current.byHost.get(host);
    if (names === undefined) {
      names = new Map();
      current.byHost.set(host, names);
    }
    if (!names.has(name)) this.entries += 1;
    names.set(name, id);
  }

  clear(): void {
    this.tagSets = new Map();
    this.names = new Map();
    this.entries = 0;
  }
}
