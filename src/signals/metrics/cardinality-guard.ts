// Caps the distinct values each tag key may take, so a topic-per-tenant app (or a bug) cannot create
// unbounded series in the agent or unbounded memory here. The first `maxValuesPerKey` values of a key pass
// as they are; later ones become `other`, and each replacement is counted so it can be reported.
import { TAG_OVERFLOW_VALUE } from '../../catalog/client-metrics';

export class CardinalityGuard {
  private readonly admitted = new Map<string, Set<string>>();
  private readonly overflowed = new Map<string, number>();

  /** `keys` are the only tag keys guarded (a fixed set from the catalog): memory is bounded by keys × max. */
  constructor(
    private readonly maxValuesPerKey: number,
    private readonly onOverflow: (key: string) => void = () => undefined,
  ) {}

  /** `key:value`, or `key:other` once the key is full and `value` is new. */
  tag(key: string, value: string): string {
    return `${key}:${this.value(key, value)}`;
  }

  value(key: string, value: string): string {
    let values = this.admitted.get(key);
    if (values === undefined) {
      values = new Set();
      this.admitted.set(key, values);
    }
    if (values.has(value)) return value;
    if (values.size < this.maxValuesPerKey) {
      values.add(value);
      return value;
    }
    this.overflowed.set(key, (this.overflowed.get(key) ?? 0) + 1);
    this.onOverflow(key);
    return TAG_OVERFLOW_VALUE;
  }

  /** Distinct values kept for `key`. */
  size(key: string): number {
    return this.admitted.get(key)?.size ?? 0;
  }

  /** Replacements by `other`, per key, since start. */
  overflowCounts(): Record<string, number> {
    return Object.fromEntries(this.overflowed);
  }
}
