// What a metric name becomes in the exposition (sanitised family names, HELP texts), computed once per
// metric name rather than for every sample of every flush.
import { sanitizeMetricName } from './names';

export interface FamilyNames {
  /** `kafka.net.bytes_in` → `kafka_net_bytes_in`. */
  base: string;
  /** The counter family: `base_total` (a name already ending in `_total` keeps it). */
  total: string;
  gaugeHelp: string;
  countHelp: string;
  rateGaugeHelp: string;
  rateCounterHelp: string;
}

function totalName(base: string): string {
  return base.endsWith('_total') ? base : `${base}_total`;
}

export function familyNames(name: string): FamilyNames {
  const base = sanitizeMetricName(name);
  return {
    base,
    total: totalName(base),
    gaugeHelp: `${name} (gauge)`,
    countHelp: `${name} (count), running total`,
    rateGaugeHelp: `${name} (rate), per second over each flush interval`,
    rateCounterHelp: `${name} (rate), running total`,
  };
}

/** FamilyNames by metric name. Bounded: past `limit` names it starts over (costs recomputation only). */
export class FamilyNamesCache {
  private readonly byName = new Map<string, FamilyNames>();

  constructor(private readonly limit: number) {}

  get(name: string): FamilyNames {
    let names = this.byName.get(name);
    if (names === undefined) {
      if (this.byName.size >= this.limit) this.byName.clear();
      names = familyNames(name);
      this.byName.set(name, names);
    }
    return names;
  }
}
