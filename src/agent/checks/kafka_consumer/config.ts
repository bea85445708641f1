// Instance settings of the `kafka_consumer` check (Datadog's keys, plus bounds and batching knobs).
import { readCommonSettings } from '../config/common';
import { InstanceReader, isRecord } from '../config/instance-reader';
import type { CommonInstanceSettings, ParseResult } from '../types';

/** topic (or topic regex) → partitions; an empty list means every partition. */
export type TopicSelection = Map<string, number[]>;

export interface GroupSelection {
  /** group → topics; an empty map means every topic the group committed offsets for. */
  groups: Map<string, TopicSelection>;
  /** group regex → topic regex → partitions. */
  patterns: { group: RegExp; topics: { topic: RegExp; partitions: number[] }[] }[];
  monitorUnlisted: boolean;
}

export interface KafkaConsumerCheckConfig {
  common: CommonInstanceSettings;
  brokers: string[];
  selection: GroupSelection;
  monitorAllBrokerHighwatermarks: boolean;
  closeAdminClient: boolean;
  /** Seconds per Kafka request (kafkajs connection and request timeouts). */
  kafkaTimeout: number;
  /** Groups whose offsets are fetched at once. */
  concurrency: number;
  maxPartitionContexts: number;
  timestampHistorySize: number;
  lagStatusWindow: number;
  ssl: boolean;
  tlsVerify: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

export const KAFKA_CONSUMER_SECRET_KEYS = ['sasl_plain_password'] as const;

const IGNORED_DATADOG_KEYS = [
  'kafka_client_api_version',
  'consumer_queued_max_messages_kbytes',
  'data_streams_enabled',
  'collect_consumer_group_state',
];

export function parseKafkaConsumerInstance(
  raw: Record<string, unknown>,
  initConfig: Record<string, unknown>,
  path: string,
): ParseResult<KafkaConsumerCheckConfig> {
  const reader = new InstanceReader(raw, path, KAFKA_CONSUMER_SECRET_KEYS);
  const init = new InstanceReader(initConfig, 'init_config');
  const brokers = reader
    .stringList('kafka_connect_str', { required: true })
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker) && !/^\[[0-9a-f:]+\]:\d{1,5}$/i.test(broker)) {
      reader.problem('kafka_connect_str', `must list host:port addresses, got ${JSON.stringify(broker)}`);
    }
  }
  const selection: GroupSelection = {
    groups: readGroups(reader),
    patterns: readPatterns(reader),
    monitorUnlisted: reader.boolean('monitor_unlisted_consumer_groups', false),
  };
  if (!selection.monitorUnlisted && selection.groups.size === 0 && selection.patterns.length === 0) {
    reader.problem(
      'consumer_groups',
      'nothing to monitor: set consumer_groups, consumer_groups_regex or monitor_unlisted_consumer_groups: true',
    );
  }
  const sharedTimeout = init.seconds('kafka_timeout', { default: 5, max: 300 });
  const sharedContexts = init.integer('max_partition_contexts', { min: 1, max: 1_000_000, default: 10_000 });
  const securityProtocol =
    reader.stringList('security_protocol', {
      allowed: ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'],
    })[0] ?? 'PLAINTEXT';
  const config: KafkaConsumerCheckConfig = {
    common: readCommonSettings(reader, init),
    brokers,
    selection,
    monitorAllBrokerHighwatermarks: reader.boolean('monitor_all_broker_highwatermarks', false),
    closeAdminClient: reader.boolean('close_admin_client', true),
    kafkaTimeout: reader.seconds('kafka_timeout', { default: sharedTimeout, max: 300 }),
    concurrency: reader.integer('offset_fetch_concurrency', { min: 1, max: 256, default: 16 }),
    maxPartitionContexts: reader.integer('max_partition_contexts', {
      min: 1,
      max: 1_000_000,
      default: sharedContexts,
    }),
    timestampHistorySize: reader.integer('timestamp_history_size', { min: 4, max: 10_000, default: 120 }),
    lagStatusWindow: reader.integer('lag_status_window', { min: 3, max: 100, default: 10 }),
    ssl: securityProtocol === 'SSL' || securityProtocol === 'SASL_SSL',
    tlsVerify: reader.boolean('tls_verify', true),
  };
  const mechanism = reader.stringList('sasl_mechanism', {
    allowed: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'],
  })[0];
  const username = reader.string('sasl_plain_username');
  const password = reader.string('sasl_plain_password');
  if (securityProtocol.startsWith('SASL_')) {
    if (!mechanism)
      reader.problem('sasl_mechanism', `is required with security_protocol ${securityProtocol}`);
    if (!username)
      reader.problem('sasl_plain_username', `is required with security_protocol ${securityProtocol}`);
    if (!password)
      reader.problem('sasl_plain_password', `is required with security_protocol ${securityProtocol}`);
    if (mechanism && username && password) {
      config.sasl = {
        mechanism: mechanism.toLowerCase() as 'plain' | 'scram-sha-256' | 'scram-sha-512',
        username,
        password,
      };
    }
  }
  reader.rejectUnknownKeys(IGNORED_DATADOG_KEYS);
  const problems = [...init.problems, ...reader.problems];
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: config };
}

function readGroups(reader: InstanceReader): Map<string, TopicSelection> {
  const groups = new Map<string, TopicSelection>();
  const raw = reader.map('consumer_groups');
  for (const [group, topics] of Object.entries(raw ?? {})) {
    groups.set(group, readTopics(reader, `consumer_groups.${group}`, topics));
  }
  return groups;
}

function readPatterns(reader: InstanceReader): GroupSelection['patterns'] {
  const raw = reader.map('consumer_groups_regex');
  const patterns: GroupSelection['patterns'] = [];
  for (const [group, topics] of Object.entries(raw ?? {})) {
    const groupRegex = compile(reader, `consumer_groups_regex.${group}`, group);
    if (!groupRegex) continue;
    const selection = readTopics(reader, `consumer_groups_regex.${group}`, topics);
    const topicRegexes: { topic: RegExp; partitions: number[] }[] = [];
    for (const [topic, partitions] of selection) {
      const topicRegex = compile(reader, `consumer_groups_regex.${group}.${topic}`, topic);
      if (topicRegex) topicRegexes.push({ topic: topicRegex, partitions });
    }
    patterns.push({ group: groupRegex, topics: topicRegexes });
  }
  return patterns;
}

function readTopics(reader: InstanceReader, path: string, value: unknown): TopicSelection {
  const topics: TopicSelection = new Map();
  if (value === null || value === undefined) return topics;
  if (!isRecord(value)) {
    reader.problem(path, 'must be a mapping of topic → list of partitions (or empty)');
    return topics;
  }
  for (const [topic, partitions] of Object.entries(value)) {
    if (partitions === null || partitions === undefined) {
      topics.set(topic, []);
    } else if (
      Array.isArray(partitions) &&
      partitions.every((partition) => Number.isInteger(partition) && (partition as number) >= 0)
    ) {
      topics.set(topic, partitions as number[]);
    } else {
      reader.problem(`${path}.${topic}`, 'must be a list of partition numbers (or empty for all)');
    }
  }
  return topics;
}

function compile(reader: InstanceReader, path: string, source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch (cause) {
    reader.problem(path, `is not a valid regular expression: ${(cause as Error).message}`);
    return undefined;
  }
}
