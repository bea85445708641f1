// Where the test rig (or an external cluster given by KAFKA_BROKERS) is, as the test runner announces it.
import { randomBytes } from 'node:crypto';

export type RigMode = 'zk' | 'kraft' | 'external';

export function brokers(): string[] {
  const value = process.env.KAFKA_BROKERS;
  if (!value) {
    throw new Error('KAFKA_BROKERS is not set: run the suite through `npm test`, which starts the rig');
  }
  return value.split(',').map((b) => b.trim());
}

export function rigMode(): RigMode {
  const mode = process.env.KINSTRUMENT_TEST_RIG_MODE;
  return mode === 'zk' || mode === 'kraft' ? mode : 'external';
}

/** Jolokia base URL of the broker JVM, e.g. http://127.0.0.1:8778/jolokia (unset for external clusters). */
export function kafkaJolokiaUrl(): string | undefined {
  return process.env.KINSTRUMENT_TEST_KAFKA_JOLOKIA || undefined;
}

/** Jolokia base URL of the ZooKeeper JVM (zk mode only). */
export function zookeeperJolokiaUrl(): string | undefined {
  return process.env.KINSTRUMENT_TEST_ZK_JOLOKIA || undefined;
}

/** host:port of ZooKeeper's client port (zk mode only). */
export function zookeeperAddress(): { host: string; port: number } | undefined {
  const value = process.env.KINSTRUMENT_TEST_ZOOKEEPER;
  if (!value) return undefined;
  const [host, port] = value.split(':');
  return { host: host ?? '127.0.0.1', port: Number(port) };
}

/** A topic or group name no other test (or earlier run) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
