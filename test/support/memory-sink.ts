// A MetricSink that keeps what it is given, for unit tests of the metrics signal's logic.
import type { MetricSink } from '../../src/signals/metrics/statsd-sink';

export interface Recorded {
  kind: 'count' | 'gauge' | 'distribution';
  name: string;
  value: number;
  tags: Record<string, string>;
}

export class MemorySink implements MetricSink {
  readonly recorded: Recorded[] = [];

  count(name: string, value: number, tags: readonly string[]): void {
    this.push('count', name, value, tags);
  }
  gauge(name: string, value: number, tags: readonly string[]): void {
    this.push('gauge', name, value, tags);
  }
  distribution(name: string, value: number, tags: readonly string[]): void {
    this.push('distribution', name, value, tags);
  }
  distributions(name: string, values: readonly number[], tags: readonly string[]): void {
    for (const value of values) this.push('distribution', name, value, tags);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}

  of(name: string, where: Record<string, string> = {}): Recorded[] {
    return this.recorded.filter(
      (r) => r.name === name && Object.entries(where).every(([key, value]) => r.tags[key] === value),
    );
  }

  values(name: string, where: Record<string, string> = {}): number[] {
    return this.of(name, where).map((r) => r.value);
  }

  private push(kind: Recorded['kind'], name: string, value: number, tags: readonly string[]): void {
    const map: Record<string, string> = {};
    for (const tag of tags) {
      const at = tag.indexOf(':');
      map[tag.slice(0, at)] = tag.slice(at + 1);
    }
    this.recorded.push({ kind, name, value, tags: map });
  }
}
