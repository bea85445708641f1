// The metric catalog is data others read (emitting code, tests, README): it must be well-formed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CLIENT_METRIC_COMMON_TAGS,
  CLIENT_METRICS,
  findClientMetric,
  METRIC,
} from '../../src/catalog/client-metrics';

test('names are unique, namespaced, and valid DogStatsD names', () => {
  const names = CLIENT_METRICS.map((m) => m.name);
  assert.equal(new Set(names).size, names.length);
  for (const name of names) {
    assert.match(name, /^(kafka\.client|kinstrument)\.[a-z0-9_.]+[a-z0-9_]$/, name);
    assert.ok(name.length <= 200);
  }
});

test('every entry has a type, a unit, a description and a source; tags are not repeated', () => {
  for (const metric of CLIENT_METRICS) {
    assert.match(metric.type, /^(count|gauge|distribution)$/, metric.name);
    assert.match(metric.unit, /^[a-z_]+$/, metric.name);
    assert.match(metric.role, /^(producer|consumer|any|none)$/, metric.name);
    assert.ok(metric.description.length > 10, metric.name);
    assert.ok(metric.source.length > 3, metric.name);
    assert.equal(new Set(metric.tags).size, metric.tags.length, metric.name);
    for (const tag of metric.tags) {
      assert.ok(
        !(CLIENT_METRIC_COMMON_TAGS as readonly string[]).includes(tag),
        `${metric.name}: ${tag} is common`,
      );
      assert.match(tag, /^[a-z_]+$/);
    }
  }
});

test('the required coverage is there', () => {
  const required = [
    'kafka.client.producer.send.duration',
    'kafka.client.producer.messages_sent',
    'kafka.client.producer.bytes_sent',
    'kafka.client.producer.send.errors',
    'kafka.client.retries',
    'kafka.client.producer.batch_size',
    'kafka.client.producer.transactions',
    'kafka.client.consumer.messages_consumed',
    'kafka.client.consumer.bytes_consumed',
    'kafka.client.consumer.handler.duration',
    'kafka.client.consumer.handler.errors',
    'kafka.client.consumer.end_to_end_latency',
    'kafka.client.consumer.lag',
    'kafka.client.consumer.commits',
    'kafka.client.consumer.commit.errors',
    'kafka.client.consumer.rebalances',
    'kafka.client.consumer.group_joins',
    'kafka.client.consumer.crashes',
    'kafka.client.consumer.heartbeats',
    'kafka.client.request.duration',
    'kafka.client.request.timeouts',
    'kafka.client.request.queue_size',
    'kafka.client.connects',
    'kafka.client.disconnects',
  ];
  for (const name of required) assert.ok(findClientMetric(name), name);
  assert.equal(Object.keys(METRIC).length, CLIENT_METRICS.length);
  assert.equal(findClientMetric('kafka.client.nope'), undefined);
});
