// Settings every check instance shares: collection interval, run timeout and tags.
import type { CommonInstanceSettings } from '../types';
import type { InstanceReader } from './instance-reader';

export const DEFAULT_MIN_COLLECTION_INTERVAL = 15;
export const DEFAULT_RUN_TIMEOUT = 30;

/**
 * Reads `min_collection_interval` (instance, else init_config, else 15 s), `run_timeout` (30 s) and `tags`.
 * `init` is the reader over `init_config`.
 */
export function readCommonSettings(instance: InstanceReader, init: InstanceReader): CommonInstanceSettings {
  const sharedInterval = init.seconds('min_collection_interval', {
    default: DEFAULT_MIN_COLLECTION_INTERVAL,
  });
  return {
    minCollectionInterval: instance.seconds('min_collection_interval', { default: sharedInterval }),
    runTimeout: instance.seconds('run_timeout', { default: DEFAULT_RUN_TIMEOUT, max: 3600 }),
    tags: instance.tags(),
  };
}
