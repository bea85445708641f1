// Shared set-up for metrics and logs end-to-end tests: instrumented fixture processes reporting to a test
// DogStatsD socket (and OTLP receiver), and reading a topic back the way the broker stored it.
import { Kafka, logLevel } from 'kafkajs';
import { fixture, startApp, type AppProcess } from './processes';
import { brokers, uniqueName } from './rig-env';
import { REGISTER_CJS } from './tracing';

export interface StoredRecord {
  partition: number;
  offset: string;
  /** key + value + header names and values, as the client metrics count them. */
  bytes: number;
  headers: Record<string, string>;
}

export function instrumentedApp(
  script: string,
  service: string,
  env: Record<string, string | undefined>,
): AppProcess {
  return startApp(['-r', REGISTER_CJS, fixture('metrics', script)], {
    KAFKA_BROKERS: brokers().join(','),
    OTEL_SERVICE_NAME: service,
    KINSTRUMENT_METRICS_FLUSH_INTERVAL_MS: '100',
    KINSTRUMENT_TRACES_EXPORTER: 'none',
    DD_ENV: 'e2e',
    DD_VERSION: '1.2.3',
    DD_TAGS: 'team:kafka',
    ...env,
  });
}

/** Every record of `topic` (expecting `count`), read by an uninstrumented consumer. */
export async function readTopic(topic: string, count: number): Promise<StoredRecord[]> {
  const kafka = new Kafka({ clientId: 'read-back', brokers: brokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueName('read-back') });
  const records: StoredRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${records.length} of ${count} records`)), 30_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const headers: Record<string, string> = {};
          let bytes = (message.key?.length ?? 0) + (message.value?.length ?? 0);
          for (const [name, value] of Object.entries(message.headers ?? {})) {
            const text = Buffer.isBuffer(value) ? value : Buffer.from(String(value ?? ''));
            bytes += Buffer.byteLength(name) + text.length;
            headers[name] = text.toString();
          }
          records.push({ partition, offset: message.offset, bytes, headers });
          if (records.length === count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
