// The checks the agent knows, by the name used in `conf.d/<name>.d/conf.yaml`.
import type { CheckCatalog } from '../../catalog/checks/types';
import { kafkaCheck } from './kafka/check';
import { kafkaConsumerCheck } from './kafka_consumer/check';
import { loadCheckInstances, type LoadResult } from './runtime/load';
import { systemCheck } from './system/check';
import { zkCheck } from './zk/check';

export const CHECK_NAMES = ['kafka', 'kafka_consumer', 'system', 'zk'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export function isCheckName(name: string): name is CheckName {
  return (CHECK_NAMES as readonly string[]).includes(name);
}

/**
 * Validates one check's YAML document (`{ init_config, instances }`) and returns the instances to hand to a
 * CheckRunner, or the problems (`<source>: instances[0].port: …`). `source` is shown by `status`, e.g.
 * `file:/etc/kinstrument/conf.d/kafka.d/conf.yaml`.
 */
export function loadCheck(name: string, document: unknown, source: string): LoadResult {
  switch (name) {
    case 'kafka':
      return loadCheckInstances(kafkaCheck, document, source);
    case 'kafka_consumer':
      return loadCheckInstances(kafkaConsumerCheck, document, source);
    case 'system':
      return loadCheckInstances(systemCheck, document, source);
    case 'zk':
      return loadCheckInstances(zkCheck, document, source);
    default:
      return {
        instances: [],
        problems: [`${source}: unknown check '${name}' (known: ${CHECK_NAMES.join(', ')})`],
      };
  }
}

export const CHECK_CATALOGS: Readonly<Record<CheckName, CheckCatalog>> = {
  kafka: kafkaCheck.catalog,
  kafka_consumer: kafkaConsumerCheck.catalog,
  system: systemCheck.catalog,
  zk: zkCheck.catalog,
};
