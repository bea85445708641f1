// Typed reads of one YAML instance (or init_config) with problems collected, not thrown, so a user sees every
// mistake at once, each named by its path: `instances[0].port: must be an integer 1-65535, got "abc"`.
import type { ConfigProblem } from '../types';

/** Keys Datadog accepts on every instance; we take them without complaint even where we ignore them. */
const DATADOG_COMMON_KEYS = ['service', 'empty_default_hostname', 'metric_patterns', 'name'];

export class InstanceReader {
  readonly problems: ConfigProblem[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly path: string,
    private readonly secretKeys: readonly string[] = [],
  ) {}

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  problem(key: string, message: string): void {
    this.problems.push({ path: `${this.path}.${key}`, message });
  }

  /** The raw value, marked as known; undefined when absent or null (YAML `key:` with nothing after it). */
  value(key: string): unknown {
    this.seen.add(key);
    const value = this.raw[key];
    return value === null ? undefined : value;
  }

  string(key: string, options: { required: true }): string;
  string(key: string, options?: { default?: string }): string | undefined;
  string(key: string, options: { required?: boolean; default?: string } = {}): string | undefined {
    const value = this.value(key);
    if (value === undefined) {
      if (options.required) this.problem(key, 'is required');
      return options.default ?? (options.required ? '' : undefined);
    }
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number') return String(value);
    this.problem(key, `must be a non-empty string, got ${this.describe(key, value)}`);
    return options.default ?? '';
  }

  integer(key: string, options: { min: number; max: number; default: number }): number {
    const value = this.value(key);
    if (value === undefined) return options.default;
    const parsed = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    if (
      typeof parsed === 'number' &&
      Number.isInteger(parsed) &&
      parsed >= options.min &&
      parsed <= options.max
    ) {
      return parsed;
    }
    this.problem(key, `must be an integer ${options.min}-${options.max}, got ${this.describe(key, value)}`);
    return options.default;
  }

  /** Seconds (integer or decimal), greater than zero and at most `max`. */
  seconds(key: string, options: { default: number; max?: number }): number {
    const value = this.value(key);
    if (value === undefined) return options.default;
    const max = options.max ?? 86_400;
    const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof parsed === 'number' && Number.isFinite(parsed) && parsed > 0 && parsed <= max) return parsed;
    this.problem(key, `must be a number of seconds > 0 and <= ${max}, got ${this.describe(key, value)}`);
    return options.default;
  }

  boolean(key: string, defaultValue: boolean): boolean {
    const value = this.value(key);
    if (value === undefined) return defaultValue;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    this.problem(key, `must be true or false, got ${this.describe(key, value)}`);
    return defaultValue;
  }

  /** A string or a list of strings (Datadog accepts both for e.g. `kafka_connect_str`, `expected_mode`). */
  stringList(key: string, options: { required?: boolean; allowed?: readonly string[] } = {}): string[] {
    const value = this.value(key);
    if (value === undefined) {
      if (options.required) this.problem(key, 'is required');
      return [];
    }
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string' || item.trim() === '')) {
      this.problem(key, `must be a string or a list of strings, got ${this.describe(key, value)}`);
      return [];
    }
    const strings = list as string[];
    if (options.allowed) {
      const allowed = options.allowed;
      const wrong = strings.filter((item) => !allowed.includes(item));
      if (wrong.length > 0) {
        this.problem(key, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(wrong.join(', '))}`);
        return strings.filter((item) => allowed.includes(item));
      }
    }
    return strings;
  }

  /** Datadog `tags`: a list of `key:value` (or bare) strings. */
  tags(key = 'tags'): string[] {
    const value = this.value(key);
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((tag) => typeof tag !== 'string' && typeof tag !== 'number')) {
      this.problem(key, `must be a list of "key:value" strings, got ${this.describe(key, value)}`);
      return [];
    }
    return value.map((tag) => String(tag).trim()).filter((tag) => tag !== '');
  }

  /** A mapping (YAML object); undefined when absent. */
  map(key: string): Record<string, unknown> | undefined {
    const value = this.value(key);
    if (value === undefined) return undefined;
    if (isRecord(value)) return value;
    this.problem(key, `must be a mapping, got ${this.describe(key, value)}`);
    return undefined;
  }

  /** Reports keys nobody read; `alsoAccepted` are keys taken for compatibility but ignored. */
  rejectUnknownKeys(alsoAccepted: readonly string[] = []): void {
    for (const key of Object.keys(this.raw)) {
      if (this.seen.has(key) || alsoAccepted.includes(key) || DATADOG_COMMON_KEYS.includes(key)) continue;
      const known = [...this.seen].sort().join(', ');
      this.problem(key, `unknown key (known keys: ${known})`);
    }
  }

  /** Shows what was given without ever echoing a secret. */
  describe(key: string, value: unknown): string {
    if (this.secretKeys.includes(key)) return `a ${typeOf(value)} (value hidden)`;
    if (typeof value === 'string') return JSON.stringify(truncate(value));
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return `a ${typeOf(value)}`;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'mapping' : typeof value;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
