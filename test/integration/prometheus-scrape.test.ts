// End to end with a real Prometheus: hot-shots → DogStatsD (UDP) → aggregator → exporter → HTTP →
// Prometheus scrape → PromQL. Prometheus rejects a whole scrape on any malformed line, so a healthy
// target here also proves the exposition is valid. Requires the `prometheus` binary (fails otherwise).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { StatsD } from 'hot-shots';
import { Aggregator } from '../../src/agent/aggregator';
import { createPrometheusHandler, PrometheusExporter } from '../../src/agent/export/prometheus';
import { DogStatsDServer } from '../../src/agent/intake/dogstatsd';
import {
  findPrometheus,
  PROMETHEUS_MISSING,
  startPrometheus,
  type RunningPrometheus,
  type VectorSample,
} from '../support/prometheus';

async function eventually<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs: number,
  log: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; Prometheus log tail:\n${log()}`);
    await sleep(200);
  }
}

function single(samples: VectorSample[]): VectorSample | undefined {
  return samples.length === 1 ? samples[0] : undefined;
}

test(
  'Prometheus scrapes the exposition and answers PromQL with our series, labels and values',
  { timeout: 60_000 },
  async (t) => {
    const binary = findPrometheus();
    if (binary === undefined) assert.fail(PROMETHEUS_MISSING);

    // The agent side: intake, aggregator, exporter, HTTP endpoint.
    const aggregator = new Aggregator({ hostname: 'test-host' });
    const exporter = new PrometheusExporter();
    aggregator.addSink(exporter);
    const intake = new DogStatsDServer({ port: 0, handler: aggregator });
    const { udp } = await intake.start();
    t.after(() => intake.close());
    const handler = createPrometheusHandler(exporter);
    const http = createServer((req, res) => {
      if (req.url?.startsWith('/metrics')) return handler(req, res);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => http.close(() => resolve())));
    const httpPort = (http.address() as AddressInfo).port;

    // A client, as the SDK would send.
    const client = new StatsD({ host: '127.0.0.1', port: udp?.port });
    client.gauge('kafka.consumer.lag', 42, ['topic:orders', 'partition:0', 'consumer_group:billing']);
    client.increment('kafka.producer.messages', 5, ['topic:orders', 'canary']);
    client.increment('kafka.producer.messages', 2, ['topic:orders', 'canary']);
    client.histogram('kafka.batch.size', 10);
    client.histogram('kafka.batch.size', 30);
    client.gauge('odd.labels', 1, ['path:C:\\data "q"', 'url:http://b-1:9092/x']);
    await new Promise<void>((resolve) => client.close(() => resolve()));
    const deadline = Date.now() + 5_000;
    while (intake.stats().metrics < 6 && Date.now() < deadline) await sleep(10);
    assert.equal(intake.stats().metrics, 6);
    await aggregator.flushToSinks();

    let prometheus: RunningPrometheus;
    try {
      prometheus = await startPrometheus({
        binary,
        target: `127.0.0.1:${httpPort}`,
        scrapeIntervalSeconds: 1,
      });
    } catch (error) {
      assert.fail(`could not start prometheus: ${error instanceof Error ? error.message : String(error)}`);
    }
    t.after(() => prometheus.stop());
    const log = () => prometheus.log();

    const lag = await eventually(
      'kafka_consumer_lag in Prometheus',
      async () => single(await prometheus.query('kafka_consumer_lag')),
      20_000,
      log,
    );
    assert.deepEqual(lag.metric, {
      __name__: 'kafka_consumer_lag',
      consumer_group: 'billing',
      host: 'test-host',
      instance: `127.0.0.1:${httpPort}`,
      job: 'kinstrument',
      partition: '0',
      topic: 'orders',
    });
    assert.equal(lag.value[1], '42');

    const [target] = await prometheus.targets();
    assert.equal(target?.health, 'up', `target health; last error: ${target?.lastError}`);
    assert.equal(target?.lastError, '');

    const sent = single(await prometheus.query('kafka_producer_messages_total{topic="orders"}'));
    assert.equal(sent?.value[1], '7', 'the DogStatsD count as a monotonic counter');
    assert.equal(sent?.metric.canary, 'true', 'bare tag as a "true" label');
    const perSecond = single(await prometheus.query('kafka_producer_messages{topic="orders"}'));
    assert.equal(perSecond?.value[1], '0.7', 'and as Datadog shows it: per second over the 10 s window');

    const batch = await prometheus.query('{__name__=~"kafka_batch_size_.*"}');
    const byName = Object.fromEntries(batch.map((s) => [s.metric.__name__, s.value[1]]));
    assert.deepEqual(byName, {
      kafka_batch_size_avg: '20',
      kafka_batch_size_count: '0.2',
      kafka_batch_size_count_total: '2',
      kafka_batch_size_max: '30',
      kafka_batch_size_median: '10',
      kafka_batch_size_95percentile: '30',
    });

    const odd = single(await prometheus.query('odd_labels'));
    assert.equal(odd?.metric.path, 'C:\\data "q"', 'escaped label values survive the round trip');
    assert.equal(odd?.metric.url, 'http://b-1:9092/x');

    const up = single(await prometheus.query('up{job="kinstrument"}'));
    assert.equal(up?.value[1], '1');
  },
);
