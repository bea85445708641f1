// Instance settings of the `zk` check (Datadog's keys).
import { DEFAULT_NEW_GC_METRICS } from '../../../catalog/checks/jvm';
import { readCommonSettings } from '../config/common';
import { InstanceReader } from '../config/instance-reader';
import type { CommonInstanceSettings, ParseResult } from '../types';

export const EXPECTABLE_MODES = ['leader', 'follower', 'standalone', 'observer'] as const;

export interface ZkCheckConfig {
  common: CommonInstanceSettings;
  host: string;
  port: number;
  /** Seconds per four-letter word. */
  timeout: number;
  /** Empty: no `zookeeper.mode` service check. */
  expectedModes: string[];
  reportInstanceMode: boolean;
  /** Jolokia agent of the ZooKeeper JVM: its JVM metrics (`jvm.*`, tagged `jvm:zookeeper`). */
  jolokiaUrl?: string;
  /** Datadog's `new_gc_metrics` (init_config, or the instance), for the JVM metrics (default true). */
  newGcMetrics: boolean;
}

export function parseZkInstance(
  raw: Record<string, unknown>,
  initConfig: Record<string, unknown>,
  path: string,
): ParseResult<ZkCheckConfig> {
  const reader = new InstanceReader(raw, path);
  const init = new InstanceReader(initConfig, 'init_config');
  const config: ZkCheckConfig = {
    common: readCommonSettings(reader, init),
    host: reader.string('host', { required: true }),
    port: reader.integer('port', { min: 1, max: 65535, default: 2181 }),
    timeout: reader.seconds('timeout', { default: 3, max: 300 }),
    expectedModes: reader.stringList('expected_mode', { allowed: EXPECTABLE_MODES }),
    reportInstanceMode: reader.boolean('report_instance_mode', true),
    jolokiaUrl: reader.string('jolokia_url'),
    newGcMetrics: reader.boolean('new_gc_metrics', init.boolean('new_gc_metrics', DEFAULT_NEW_GC_METRICS)),
  };
  if (config.jolokiaUrl !== undefined && !/^https?:\/\/[^/]+/.test(config.jolokiaUrl)) {
    reader.problem('jolokia_url', `must be an http(s) URL, got ${JSON.stringify(config.jolokiaUrl)}`);
  }
  if (reader.boolean('use_tls', false)) reader.problem('use_tls', 'TLS is not supported yet; remove the key');
  reader.rejectUnknownKeys();
  const problems = [...init.problems, ...reader.problems];
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: config };
}
