// Instance settings of the `kafka` check (Datadog's keys where they exist; Jolokia instead of JMX/RMI).
import { DEFAULT_NEW_GC_METRICS } from '../../../catalog/checks/jvm';
import { readCommonSettings } from '../config/common';
import { InstanceReader } from '../config/instance-reader';
import type { CommonInstanceSettings, ParseResult } from '../types';

export interface KafkaCheckConfig {
  common: CommonInstanceSettings;
  host: string;
  /** Jolokia's port on the broker JVM. */
  port: number;
  jolokiaPath: string;
  scheme: 'http' | 'https';
  user?: string;
  password?: string;
  /** Seconds to wait for Jolokia. */
  timeout: number;
  /** Also read ZooKeeper's MBeans and JVM through the Jolokia agent of the ZooKeeper JVM. */
  zookeeperJolokiaUrl?: string;
  /** Datadog's `collect_default_jvm_metrics`: heap, GC, threads, … of the broker (and ZooKeeper) JVM. */
  collectDefaultJvmMetrics: boolean;
  /** Datadog's `new_gc_metrics` (init_config, or the instance): minor/major collection names (default true). */
  newGcMetrics: boolean;
}

export const KAFKA_SECRET_KEYS = ['password'] as const;

/** Datadog JMX keys that make no sense over Jolokia; accepted so Datadog configs load. */
const IGNORED_DATADOG_KEYS = [
  'is_jmx',
  'collect_default_metrics',
  'service_check_prefix',
  'conf',
  'jmx_url',
  'process_name_regex',
  'tools_jar_path',
  'java_bin_path',
  'java_options',
  'rmi_registry_ssl',
  'rmi_connection_timeout',
  'rmi_client_timeout',
];

export function parseKafkaInstance(
  raw: Record<string, unknown>,
  initConfig: Record<string, unknown>,
  path: string,
): ParseResult<KafkaCheckConfig> {
  const reader = new InstanceReader(raw, path, KAFKA_SECRET_KEYS);
  const init = new InstanceReader(initConfig, 'init_config');
  const config: KafkaCheckConfig = {
    common: readCommonSettings(reader, init),
    host: reader.string('host', { required: true }),
    port: reader.integer('port', { min: 1, max: 65535, default: 8778 }),
    jolokiaPath: reader.string('jolokia_path', { default: '/jolokia' }) ?? '/jolokia',
    scheme: reader.stringList('scheme', { allowed: ['http', 'https'] })[0] === 'https' ? 'https' : 'http',
    user: reader.string('user'),
    password: reader.string('password'),
    timeout: reader.seconds('timeout', { default: 10, max: 300 }),
    zookeeperJolokiaUrl: reader.string('zookeeper_jolokia_url'),
    collectDefaultJvmMetrics: reader.boolean('collect_default_jvm_metrics', true),
    newGcMetrics: reader.boolean('new_gc_metrics', init.boolean('new_gc_metrics', DEFAULT_NEW_GC_METRICS)),
  };
  if (!config.jolokiaPath.startsWith('/')) reader.problem('jolokia_path', 'must start with "/"');
  if (config.password !== undefined && config.user === undefined) {
    reader.problem('password', 'is set but user is not (basic auth needs both)');
  }
  if (config.zookeeperJolokiaUrl !== undefined && !/^https?:\/\/[^/]+/.test(config.zookeeperJolokiaUrl)) {
    reader.problem(
      'zookeeper_jolokia_url',
      `must be an http(s) URL, got ${JSON.stringify(config.zookeeperJolokiaUrl)}`,
    );
  }
  reader.rejectUnknownKeys(IGNORED_DATADOG_KEYS);
  const problems = [...init.problems, ...reader.problems];
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: config };
}

export function jolokiaUrl(config: KafkaCheckConfig): string {
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  return `${config.scheme}://${host}:${config.port}${config.jolokiaPath}`;
}
