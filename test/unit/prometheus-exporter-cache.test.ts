// The exporter's caches must not change what is exposed: label text cached by the identity of frozen tags
// arrays (as the aggregator hands them out), family names cached by metric name, series in typed columns.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Aggregator } from '../../src/agent/aggregator';
import { PrometheusExporter } from '../../src/agent/export/prometheus';
import { DogStatsDParser } from '../../src/agent/intake/dogstatsd';
import type { MetricSample } from '../../src/agent/model';

function userLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#') && !line.includes('kinstrument_prometheus_'));
}

function gauge(name: string, value: number, tags: readonly string[], host?: string): MetricSample {
  const sample: MetricSample = { name, type: 'gauge', value, timestamp: 1_700_000_000, tags };
  if (host !== undefined) sample.host = host;
  return sample;
}

test('exporter: a frozen tags array shared by several hosts gets each host its own labels', () => {
  const exporter = new PrometheusExporter();
  const tags = Object.freeze(['topic:orders']);
  exporter.write({
    metrics: [gauge('lag', 1, tags, 'a'), gauge('lag', 2, tags, 'b'), gauge('lag', 3, tags)],
    serviceChecks: [],
    events: [],
  });
  assert.deepEqual(userLines(exporter.render()), [
    'lag{host="a",topic="orders"} 1',
    'lag{host="b",topic="orders"} 2',
    'lag{topic="orders"} 3',
  ]);
});

test('exporter: a tags array changed between flushes (not frozen) is rendered again', () => {
  const exporter = new PrometheusExporter();
  const tags = ['topic:orders'];
  exporter.write({ metrics: [gauge('lag', 1, tags)], serviceChecks: [], events: [] });
  tags[0] = 'topic:payments';
  exporter.write({ metrics: [gauge('lag', 2, tags)], serviceChecks: [], events: [] });
  assert.deepEqual(userLines(exporter.render()), ['lag{topic="orders"} 1', 'lag{topic="payments"} 2']);
});

test('exporter: expired series free their slots for new ones, values stay with their labels', () => {
  let now = 1_700_000_000_000;
  const exporter = new PrometheusExporter({ clock: () => now, staleAfterSeconds: 10, maxSeries: 3 });
  const write = (...metrics: MetricSample[]) => exporter.write({ metrics, serviceChecks: [], events: [] });
  write(gauge('g', 1, ['k:a']), gauge('g', 2, ['k:b']), gauge('g', 3, ['k:c']));
  now += 5_000;
  write(gauge('g', 20, ['k:b']));
  now += 6_000; // a and c are stale now, b is not; expiry runs after a write's samples are recorded
  write(gauge('g', 4, ['k:d']));
  assert.equal(exporter.stats().droppedSeriesLimit, 1);
  assert.equal(exporter.stats().expiredSeries, 2);
  write(gauge('g', 4, ['k:d']), gauge('g', 5, ['k:e']), gauge('g', 6, ['k:f']));
  // Within a family, series come in slot order: a new series may take the place of an expired one.
  assert.deepEqual(userLines(exporter.render()).sort(), ['g{k="b"} 20', 'g{k="d"} 4', 'g{k="e"} 5']);
  assert.equal(exporter.stats().droppedSeriesLimit, 2);
});

test('exporter: label texts shared by families are numbered once and given back when no series uses them', () => {
  let now = 1_700_000_000_000;
  const exporter = new PrometheusExporter({ clock: () => now, staleAfterSeconds: 10 });
  const write = (...metrics: MetricSample[]) => exporter.write({ metrics, serviceChecks: [], events: [] });
  // Many series over a few families: the index of each family grows and is rebuilt as it does.
  const many: MetricSample[] = [];
  for (let i = 0; i < 500; i += 1) {
    many.push(gauge('lag', i, [`p:${i}`]), gauge('depth', i * 2, [`p:${i}`]));
  }
  write(...many);
  assert.equal(exporter.stats().series, 1_000);
  now += 6_000;
  // Only the even partitions of `lag` go on; everything else goes stale.
  write(...many.filter((s) => s.name === 'lag' && (s.value as number) % 2 === 0));
  now += 6_000;
  write(gauge('lag', -1, ['p:new']));
  assert.equal(exporter.stats().series, 251);
  const lines = userLines(exporter.render());
  assert.equal(lines.length, 251);
  assert.ok(lines.includes('lag{p="498"} 498'));
  assert.ok(lines.includes('lag{p="new"} -1'));
  assert.ok(!lines.some((line) => line.startsWith('depth')));
  // Every surviving series still carries its own value under its own labels.
  for (const line of lines.filter((l) => l !== 'lag{p="new"} -1')) {
    const [, p, value] = /^lag\{p="(\d+)"\} (\d+)$/.exec(line) ?? [];
    assert.equal(p, value, line);
  }
  // A label text given back and used again gets a number again.
  write(gauge('depth', 7, ['p:1']));
  assert.ok(userLines(exporter.render()).includes('depth{p="1"} 7'));
});

test('exporter: the default series limit leaves room for the default context limit of usual mixes', () => {
  assert.equal(new PrometheusExporter().stats().seriesLimit, 500_000);
});

test('aggregator → exporter: samples of one tag set share one frozen tags array and stable names', () => {
  let now = 1_700_000_000_000;
  const aggregator = new Aggregator({ clock: () => now, hostname: 'h' });
  const parser = new DogStatsDParser();
  const exporter = new PrometheusExporter({ clock: () => now });
  const send = (text: string) => parser.parsePacket(Buffer.from(text), aggregator);
  send('lat:5|d|#b:2,a:1\nsent:1|c|#a:1,b:2\nlat:7|d|#a:1,b:2\nother:1|g|#a:1');
  now += 10_000;
  const first = aggregator.flush();
  send('lat:9|d|#a:1,b:2\nsent:1|c|#b:2,a:1');
  now += 10_000;
  const second = aggregator.flush();
  const tagsOf = (flush: typeof first, name: string) => flush.metrics.find((m) => m.name === name)?.tags;
  const shared = tagsOf(first, 'lat.p50');
  assert.ok(shared !== undefined && Object.isFrozen(shared));
  assert.equal(tagsOf(first, 'sent'), shared, 'same tag set, same array');
  assert.equal(tagsOf(second, 'lat.avg'), shared, 'and the same array next flush');
  assert.deepEqual(shared, ['a:1', 'b:2']);
  assert.deepEqual(tagsOf(first, 'other'), ['a:1']);
  exporter.write(first);
  exporter.write(second);
  const lines = userLines(exporter.render());
  assert.ok(lines.includes('lat_avg{a="1",b="2",host="h"} 9'), lines.join('\n'));
  assert.ok(lines.includes('lat_count_total{a="1",b="2",host="h"} 3'), lines.join('\n'));
  assert.ok(lines.includes('sent_total{a="1",b="2",host="h"} 2'), lines.join('\n'));
  assert.ok(lines.includes('other{a="1",host="h"} 1'), lines.join('\n'));
});

test('exporter: the byte rendering equals the text one, across batch boundaries and non-ASCII labels', () => {
  const exporter = new PrometheusExporter();
  const metrics: MetricSample[] = [];
  for (let i = 0; i < 3_000; i += 1)
    metrics.push(gauge(`m.${i % 7}`, i / 3, [`topic:größe-${i}`, `partition:${i % 10}`], 'h'));
  exporter.write({ metrics, serviceChecks: [], events: [] });
  const bytes = exporter.renderBuffer();
  const text = exporter.render();
  assert.equal(bytes.toString('utf8'), text);
  assert.equal(userLines(text).length, 3_000);
  assert.ok(text.includes('m_3{host="h",partition="3",topic="größe-3"} 1\n'), 'labels survive UTF-8');
  assert.ok(text.endsWith('\n'));
});
