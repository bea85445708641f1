// Shared copies of the strings contexts keep (metric names, tags), and of the series names they flush.
//
// Why: the parser hands out slices of each datagram line, and V8 keeps a slice's whole parent line alive.
// A context that stored those slices held its first line (~200 bytes) for its lifetime, and every context
// held its own copy of tags most contexts share (`env:prod`, `service:…`). Interned copies are stored once.
// Equal strings are also the same object, so the maps keyed by them (here and in the sinks) hash once.

/** Equal strings → one stored copy. Bounded: past `limit` distinct strings it starts over (only sharing is lost). */
export class Interner {
  private readonly strings = new Map<string, string>();

  constructor(private readonly limit: number) {}

  intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    if (this.strings.size >= this.limit) this.strings.clear();
    const copy = this.copy(text);
    this.strings.set(copy, copy);
    return copy;
  }

  /** A real copy, not a slice of the datagram line `text` may point into. */
  copy(text: string): string {
    return Buffer.from(text, 'utf8').toString('utf8');
  }
}

/** The names one metric flushes under (`name`, `name.avg`, `name.p99`, …), built once and shared. */
export class SeriesNames {
  private readonly suffixed = new Map<string, string>();

  constructor(readonly name: string) {}

  /** `name + suffix`, the same string object every flush. */
  with(suffix: string): string {
    if (suffix === '') return this.name;
    let full = this.suffixed.get(suffix);
    if (full === undefined) {
      // join() builds a flat string; `+` would make a rope that the first hash lookup has to flatten.
      full = [this.name, suffix].join('');
      this.suffixed.set(suffix, full);
    }
    return full;
  }
}

/** SeriesNames by metric name, bounded like the interner. */
export class SeriesNamesRegistry {
  private readonly byName = new Map<string, SeriesNames>();

  constructor(
    private readonly interner: Interner,
    private readonly limit: number,
  ) {}

  get(name: string): SeriesNames {
    const known = this.byName.get(name);
    if (known !== undefined) return known;
    if (this.byName.size >= this.limit) this.byName.clear();
    const names = new SeriesNames(this.interner.intern(name));
    this.byName.set(names.name, names);
    return names;
  }
}
