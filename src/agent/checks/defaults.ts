// Checks the agent runs with no configuration file, as the Datadog Agent ships `conf.d/<check>.d/conf.yaml.default`
// for its host checks. Any configuration file of such a check (even a broken one, which then shows under Config
// Errors) replaces the default, so `conf.d/system.d/conf.yaml` can retune it or turn it off (`enabled: false`).
import { loadCheck } from './registry';
import type { ConfiguredInstance } from './runtime/load';

/** Shown as the instance's Configuration Source in `kinstrument status`. */
export function defaultConfigSource(check: string): string {
  return `built-in default (conf.d/${check}.d/conf.yaml replaces it)`;
}

const DEFAULT_ON = { system: { init_config: {}, instances: [{}] } } as const;

/** What conf.d held, as the agent's loader reports it. */
export interface ConfdContents {
  /** Parsed conf.d documents with the check they configure. */
  documents: readonly { check: string; document: Record<string, unknown> }[];
  /** Check name → configuration problems (a file that could not be read or parsed still configures its check). */
  errors: { byCheck: Readonly<Record<string, readonly string[]>> };
}

/** Checks that conf.d configures: a document with `instances`, or a file that failed to load. */
export function configuredChecks(confd: ConfdContents): Set<string> {
  const names = new Set(Object.keys(confd.errors.byCheck));
  for (const { check, document } of confd.documents) if (document.instances !== undefined) names.add(check);
  return names;
}

/** The default instances of the default-on checks conf.d does not configure. */
export function defaultCheckInstances(configured: ReadonlySet<string>): ConfiguredInstance[] {
  return Object.entries(DEFAULT_ON)
    .filter(([check]) => !configured.has(check))
    .flatMap(([check, document]) => loadCheck(check, document, defaultConfigSource(check)).instances);
}
