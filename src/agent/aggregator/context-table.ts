// The aggregator's live contexts (name + tag set + host), grouped by tag set (tags and host).
//
// Why grouped: clients send many metrics with the same tags (a consumer's service, topic, partition…).
// Keying each context by the full `name + host + tags` text stored that text and a tags array per context;
// here each tag set is stored once (its joined text, one interned tags array) and contexts hang off it by
// metric name. Every sample of a tag set also carries the same tags array, which lets the sinks cache
// what they derive from tags (the Prometheus label text) by array identity.
//
// Tag sets are also found by the raw text of a line's tag field (`ParsedMetric.tagField`): that text always
// resolves to the same tag set, and looking it up skips sorting and joining the tags on every line.
import type { DistributionState } from './distribution-state';
import type { HistogramState } from './histogram-state';
import type { Interner, SeriesNames, SeriesNamesRegistry } from './interner';
import type { CounterState, GaugeState, SetState } from './simple-states';

export type ContextState = CounterState | GaugeState | SetState | HistogramState | DistributionState;

export interface TagSet {
  /** Sorted, de-duplicated, interned; shared by every context and every flushed sample of the set. */
  readonly tags: readonly string[];
  readonly host: string | undefined;
  /** By metric name. */
  readonly contexts: Map<string, Context>;
  /** Raw tag-field texts that resolve to this set (several when clients order tags differently). */
  readonly aliases: string[];
}

// Orderings of one tag set remembered; a client sending more variants than this takes the slower path.
const MAX_ALIASES = 4;

export interface Context {
  readonly names: SeriesNames;
  readonly tagSet: TagSet;
  readonly state: ContextState;
  lastSampleMs: number;
}

export class ContextTable {
  /** By `tagSetKey`, in the order tag sets were first seen (flushes list contexts in that order). */
  private readonly tagSets = new Map<string, TagSet>();
  /** Raw tag-field text → its tag set. Entries leave with their tag set. */
  private readonly aliases = new Map<string, TagSet>();
  private count = 0;

  constructor(
    private readonly interner: Interner,
    private readonly names: SeriesNamesRegistry,
    private readonly defaultHost: string | undefined,
  ) {}

  get size(): number {
    return this.count;
  }

  /**
   * The joined tags, plus the host unless it is the default one (the usual case, which then costs no string
   * concatenation per sample). Tags hold no comma and no newline and hosts no newline: the key is unambiguous.
   */
  private tagSetKey(tags: readonly string[], host: string | undefined): string {
    const joined = tags.join(',');
    return host === this.defaultHost ? joined : `${joined}\n${host ?? ''}`;
  }

  /** The tag set of resolved (sorted, de-duplicated) `tags` and `host`, if any context uses it. */
  tagSet(tags: readonly string[], host: string | undefined): TagSet | undefined {
    return this.tagSets.get(this.tagSetKey(tags, host));
  }

  /** The tag set a raw tag-field text resolved to before, if it is still in use. */
  tagSetOfField(field: string): TagSet | undefined {
    return this.aliases.get(field);
  }

  /** Remembers that `field` resolves to `tagSet`. */
  addAlias(field: string, tagSet: TagSet): void {
    if (tagSet.aliases.length >= MAX_ALIASES || this.aliases.has(field)) return;
    // A copy: `field` is a slice of the datagram line and would keep the whole line alive.
    const key = this.interner.copy(field);
    tagSet.aliases.push(key);
    this.aliases.set(key, tagSet);
  }

  /** Registers a new tag set (the caller has checked there is none for these tags and host). */
  createTagSet(tags: readonly string[], host: string | undefined): TagSet {
    const tagSet: TagSet = {
      tags: Object.freeze(tags.map((tag) => this.interner.intern(tag))),
      host: host === undefined ? undefined : this.interner.intern(host),
      contexts: new Map(),
      aliases: [],
    };
    // The key is built here from the interned tags: a fresh string, not a slice of the line.
    this.tagSets.set(this.tagSetKey(tagSet.tags, host), tagSet);
    return tagSet;
  }

  /** Adds a context to `tagSet`; the caller has checked that the set has none by this name. */
  add(name: string, state: ContextState, now: number, tagSet: TagSet): Context {
    const names = this.names.get(name);
    const context: Context = { names, tagSet, state, lastSampleMs: now };
    tagSet.contexts.set(names.name, context);
    this.count += 1;
    return context;
  }

  /**
   * Visits every context; a context for which `visit` returns false is removed (and its tag set when it
   * was the last one). Removing while iterating a Map is safe: entries not yet visited are still visited.
   * After each context for which `pauseHere()` is true the generator yields, so a caller can let the event
   * loop run in between. Contexts added meanwhile are visited too (Map iteration reaches entries added
   * during it), and only the sweep removes contexts, so none is visited twice or missed.
   */
  *sweepSteps(visit: (context: Context) => boolean, pauseHere: () => boolean): Generator<void, void, void> {
    for (const [key, tagSet] of this.tagSets) {
      for (const [name, context] of tagSet.contexts) {
        if (!visit(context)) {
          tagSet.contexts.delete(name);
          this.count -= 1;
        }
        if (pauseHere()) yield;
      }
      if (tagSet.contexts.size > 0) continue;
      this.tagSets.delete(key);
      for (const alias of tagSet.aliases) this.aliases.delete(alias);
    }
  }

  /** Every context, for stats. */
  *contexts(): IterableIterator<Context> {
    for (const tagSet of this.tagSets.values()) yield* tagSet.contexts.values();
  }
}
