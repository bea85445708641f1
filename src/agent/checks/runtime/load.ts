// Turns one check's YAML document (`{ init_config, instances }`) into configured instances the runner can
// schedule, or into problems that name the file, the key and what is wrong.
import { createHash } from 'node:crypto';
import { isRecord } from '../config/instance-reader';
import type { CheckDefinition, CheckInstance, CommonInstanceSettings } from '../types';
import { redact, secretValues } from './secrets';

export interface ConfiguredInstance {
  /** `<check>:<16 hex digits>`, a hash of the instance and init_config (same config → same id). */
  readonly id: string;
  readonly check: string;
  /** Where the configuration came from, e.g. `file:/etc/kinstrument/conf.d/kafka.d/conf.yaml`. */
  readonly source: string;
  readonly settings: CommonInstanceSettings;
  /** Secret values of this instance, for redaction. */
  readonly secrets: readonly string[];
  create(): CheckInstance;
}

export interface LoadResult {
  instances: ConfiguredInstance[];
  /** One line per problem: `<source>: instances[0].port: must be an integer 1-65535, got "abc"`. */
  problems: string[];
}

export function loadCheckInstances<Config>(
  definition: CheckDefinition<Config>,
  document: unknown,
  source: string,
): LoadResult {
  const result: LoadResult = { instances: [], problems: [] };
  if (!isRecord(document)) {
    result.problems.push(`${source}: must be a mapping with 'init_config' and 'instances'`);
    return result;
  }
  const rawInit = document.init_config ?? {};
  const initConfig = isRecord(rawInit) ? rawInit : {};
  if (!isRecord(rawInit)) result.problems.push(`${source}: init_config: must be a mapping`);
  const instances = document.instances;
  if (!Array.isArray(instances) || instances.length === 0) {
    result.problems.push(`${source}: instances: must be a non-empty list`);
    return result;
  }
  instances.forEach((raw: unknown, index) => {
    const path = `instances[${index}]`;
    if (!isRecord(raw)) {
      result.problems.push(`${source}: ${path}: must be a mapping`);
      return;
    }
    const secrets = secretValues(raw, definition.secretKeys);
    const parsed = definition.parseInstance(raw, initConfig, path);
    if (!parsed.ok) {
      for (const problem of parsed.problems) {
        result.problems.push(redact(`${source}: ${problem.path}: ${problem.message}`, secrets));
      }
      return;
    }
    const config = parsed.value;
    if (definition.enabled?.(config) === false) return;
    result.instances.push({
      id: instanceId(definition.name, raw, initConfig),
      check: definition.name,
      source,
      settings: definition.common(config),
      secrets,
      create: () => definition.create(config),
    });
  });
  return result;
}

export function instanceId(check: string, instance: unknown, initConfig: unknown): string {
  const digest = createHash('sha256')
    .update(canonicalJson({ instance, init_config: initConfig }))
    .digest('hex');
  return `${check}:${digest.slice(0, 16)}`;
}

/** JSON with object keys sorted, so key order in the YAML does not change the id. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
