// What a check is made of (config schema + catalog + collect function) and what it submits through.
import type { CheckCatalog } from '../../catalog/checks/types';
import type { ServiceCheckStatus } from '../model';

export interface SubmitOptions {
  tags?: readonly string[];
  hostname?: string;
}

/** What a check's collect function submits through, with Datadog `AgentCheck` semantics. */
export interface CheckContext {
  gauge(name: string, value: number, options?: SubmitOptions): void;
  /** Occurrences during this run. */
  count(name: string, value: number, options?: SubmitOptions): void;
  /** A cumulative counter: the increase since the previous run is submitted (first run and resets: nothing). */
  monotonicCount(name: string, value: number, options?: SubmitOptions): void;
  /** A cumulative counter: its per-second derivative between runs is submitted (first run: nothing). */
  rate(name: string, value: number, options?: SubmitOptions): void;
  serviceCheck(
    name: string,
    status: ServiceCheckStatus,
    options?: SubmitOptions & { message?: string },
  ): void;
  event(event: {
    title: string;
    text: string;
    tags?: readonly string[];
    alertType?: 'error' | 'warning' | 'info' | 'success';
    aggregationKey?: string;
  }): void;
  setMetadata(key: string, value: string): void;
  /** A problem worth showing in `status` that did not fail the run (e.g. a missing MBean). */
  warning(message: string): void;
  /** Aborted when the run times out or the runner stops: long operations should give up. */
  readonly signal: AbortSignal;
}

/** One configured instance, ready to run. */
export interface CheckInstance {
  collect(context: CheckContext): Promise<void>;
  /** Releases connections kept between runs. */
  close?(): Promise<void>;
}

/** A validation problem, located by its path inside the YAML document, e.g. `instances[0].port`. */
export interface ConfigProblem {
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: ConfigProblem[] };

/** Settings every instance of every check understands. */
export interface CommonInstanceSettings {
  /** Seconds between runs (Datadog default 15). */
  minCollectionInterval: number;
  /** Seconds a run may take before it is abandoned (and counted as failed). */
  runTimeout: number;
  tags: string[];
}

export interface CheckDefinition<Config> {
  readonly name: string;
  readonly catalog: CheckCatalog;
  /** Instance keys whose values are secrets: never shown in status, errors or logs. */
  readonly secretKeys: readonly string[];
  /**
   * Validates one instance (with `init_config` for shared defaults). `path` is where the instance lives in
   * the document (`instances[0]`), so problems can name the key.
   */
  parseInstance(
    instance: Record<string, unknown>,
    initConfig: Record<string, unknown>,
    path: string,
  ): ParseResult<Config>;
  /** Common settings for the runner (interval, timeout, tags) from the parsed config. */
  common(config: Config): CommonInstanceSettings;
  /** False for a valid instance the user switched off (`enabled: false`): it is not scheduled. Default: true. */
  enabled?(config: Config): boolean;
  create(config: Config): CheckInstance;
}
