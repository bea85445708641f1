import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  escapeLabelValue,
  PrometheusExporter,
  renderLabels,
  sanitizeLabelName,
  sanitizeMetricName,
} from '../../src/agent/export/prometheus';
import type { MetricSample } from '../../src/agent/model';

function sample(
  partial: Partial<MetricSample> & Pick<MetricSample, 'name' | 'type' | 'value'>,
): MetricSample {
  return { timestamp: 1_700_000_000, tags: [], ...partial };
}

function exporterAt(options: ConstructorParameters<typeof PrometheusExporter>[0] = {}) {
  let now = 1_700_000_000_000;
  const exporter = new PrometheusExporter({ clock: () => now, ...options });
  return {
    exporter,
    write: (...metrics: MetricSample[]) => exporter.write({ metrics, serviceChecks: [], events: [] }),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** The exposition without the exporter's own metrics. */
function userLines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.includes('kinstrument_prometheus_'));
}

// What Prometheus' text parser insists on, line by line.
const METRIC_LINE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\["\\n])*",?)*\})? (NaN|[+-]Inf|-?[0-9.e+-]+)$/;
const COMMENT_LINE = /^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (gauge|counter))$/;

function assertValidExposition(text: string): void {
  assert.ok(text.endsWith('\n'), 'ends with a newline');
  const typed = new Set<string>();
  for (const line of text.slice(0, -1).split('\n')) {
    assert.ok(METRIC_LINE.test(line) || COMMENT_LINE.test(line), `invalid line: ${JSON.stringify(line)}`);
    const type = /^# TYPE (\S+)/.exec(line)?.[1];
    if (type !== undefined) {
      assert.ok(!typed.has(type), `one TYPE per family: ${type}`);
      typed.add(type);
    }
  }
}

test('metric names: dots and other characters become underscores, no leading digit', () => {
  assert.equal(sanitizeMetricName('kafka.net.bytes_in.rate'), 'kafka_net_bytes_in_rate');
  assert.equal(sanitizeMetricName('http-requests/sec:total'), 'http_requests_sec_total');
  assert.equal(sanitizeMetricName('9lives'), '_9lives');
  assert.equal(sanitizeMetricName('größe'), 'gr__e');
  assert.equal(sanitizeMetricName(''), '_');
});

test('label names: sanitised, and the reserved __ prefix is avoided', () => {
  assert.equal(sanitizeLabelName('consumer.group'), 'consumer_group');
  assert.equal(sanitizeLabelName('__name__'), 'tag__name__');
  assert.equal(sanitizeLabelName('1st'), '_1st');
});

test('label values escape backslash, double quote and newline', () => {
  assert.equal(escapeLabelValue('C:\\path "quoted"\nnext'), 'C:\\\\path \\"quoted\\"\\nnext');
  assert.equal(escapeLabelValue('plain'), 'plain');
});

test('tags become sorted labels: key:value, bare tags as "true", repeated keys joined, host added', () => {
  assert.equal(
    renderLabels(['topic:orders', 'canary', 'url:http://x:80/a', 'env:b', 'env:a'], 'web-1'),
    '{canary="true",env="a,b",host="web-1",topic="orders",url="http://x:80/a"}',
  );
  assert.equal(renderLabels([], undefined), '');
  assert.equal(renderLabels(['host:from-tag'], 'from-field'), '{host="from-tag"}');
});

test('gauges: latest value, one HELP and TYPE per family, valid exposition', () => {
  const { exporter, write } = exporterAt();
  write(
    sample({ name: 'kafka.consumer_lag', type: 'gauge', value: 5, tags: ['topic:a', 'partition:0'] }),
    sample({ name: 'kafka.consumer_lag', type: 'gauge', value: 7, tags: ['topic:a', 'partition:1'] }),
  );
  write(sample({ name: 'kafka.consumer_lag', type: 'gauge', value: 3, tags: ['topic:a', 'partition:0'] }));
  const text = exporter.render();
  assertValidExposition(text);
  assert.deepEqual(userLines(text), [
    '# HELP kafka_consumer_lag kafka.consumer_lag (gauge)',
    '# TYPE kafka_consumer_lag gauge',
    'kafka_consumer_lag{partition="0",topic="a"} 3',
    'kafka_consumer_lag{partition="1",topic="a"} 7',
  ]);
});

test('counts become monotonic _total counters; rates with an interval expose both views', () => {
  const { exporter, write } = exporterAt();
  const counter = (value: number) =>
    sample({ name: 'orders.sent', type: 'rate', value, intervalSeconds: 10, tags: ['role:producer'] });
  write(counter(0.5), sample({ name: 'bytes', type: 'count', value: 100, intervalSeconds: 10 }));
  write(counter(0.2), sample({ name: 'bytes', type: 'count', value: 50, intervalSeconds: 10 }));
  write(sample({ name: 'jmx.rate', type: 'rate', value: 42 }));
  const text = exporter.render();
  assertValidExposition(text);
  assert.deepEqual(userLines(text), [
    '# HELP bytes_total bytes (count), running total',
    '# TYPE bytes_total counter',
    'bytes_total 150',
    '# HELP jmx_rate jmx.rate (rate), per second over each flush interval',
    '# TYPE jmx_rate gauge',
    'jmx_rate 42',
    '# HELP orders_sent orders.sent (rate), per second over each flush interval',
    '# TYPE orders_sent gauge',
    'orders_sent{role="producer"} 0.2',
    '# HELP orders_sent_total orders.sent (rate), running total',
    '# TYPE orders_sent_total counter',
    'orders_sent_total{role="producer"} 7',
  ]);
});

test('rateExposition can keep just the gauge or just the counter', () => {
  const rate = sample({ name: 'r', type: 'rate', value: 2, intervalSeconds: 10 });
  const gaugeOnly = exporterAt({ rateExposition: 'gauge' });
  gaugeOnly.write(rate);
  assert.deepEqual(
    userLines(gaugeOnly.exporter.render()).filter((l) => !l.startsWith('#')),
    ['r 2'],
  );
  const counterOnly = exporterAt({ rateExposition: 'counter' });
  counterOnly.write(rate);
  assert.deepEqual(
    userLines(counterOnly.exporter.render()).filter((l) => !l.startsWith('#')),
    ['r_total 20'],
  );
});

test('a name already ending in _total is not doubled', () => {
  const { exporter, write } = exporterAt();
  write(sample({ name: 'requests.total', type: 'count', value: 4 }));
  assert.ok(exporter.render().includes('\nrequests_total 4\n'));
});

test('family type conflicts are dropped and counted', () => {
  const { exporter, write } = exporterAt();
  write(sample({ name: 'x_total', type: 'gauge', value: 1 }), sample({ name: 'x', type: 'count', value: 1 }));
  const text = exporter.render();
  assert.ok(text.includes('\nx_total 1\n'));
  assert.ok(text.includes('kinstrument_prometheus_samples_dropped_total{reason="type_conflict"} 1'));
  assert.equal(exporter.stats().droppedTypeConflict, 1);
});

test('escaping end to end: awkward tag values and non-finite numbers render validly', () => {
  const { exporter, write } = exporterAt();
  write(
    sample({ name: 'weird', type: 'gauge', value: NaN, tags: ['path:C:\\tmp', 'q:say "hi"', 'nl:a\nb'] }),
    sample({ name: 'big', type: 'gauge', value: Infinity }),
    sample({ name: 'small', type: 'gauge', value: -1e-7 }),
  );
  const text = exporter.render();
  assertValidExposition(text);
  assert.ok(text.includes('weird{nl="a\\nb",path="C:\\\\tmp",q="say \\"hi\\""} NaN\n'));
  assert.ok(text.includes('\nbig +Inf\n'));
  assert.ok(text.includes('\nsmall -1e-7\n'));
});

test('series limit: new series past it are dropped and counted; existing ones keep updating', () => {
  const { exporter, write } = exporterAt({ maxSeries: 2 });
  write(
    sample({ name: 'a', type: 'gauge', value: 1 }),
    sample({ name: 'b', type: 'gauge', value: 1 }),
    sample({ name: 'c', type: 'gauge', value: 1 }),
    sample({ name: 'a', type: 'gauge', value: 1, tags: ['new'] }),
  );
  write(sample({ name: 'a', type: 'gauge', value: 9 }));
  assert.deepEqual(
    userLines(exporter.render()).filter((l) => !l.startsWith('#')),
    ['a 9', 'b 1'],
  );
  assert.deepEqual(exporter.stats(), {
    families: 2,
    series: 2,
    seriesLimit: 2,
    droppedSeriesLimit: 2,
    droppedTypeConflict: 0,
    expiredSeries: 0,
  });
  assert.ok(
    exporter.render().includes('kinstrument_prometheus_samples_dropped_total{reason="series_limit"} 2'),
  );
});

test('stale series disappear after staleAfterSeconds and free their slots; a returning counter restarts', () => {
  const { exporter, write, advance } = exporterAt({ staleAfterSeconds: 30, maxSeries: 2 });
  write(sample({ name: 'old', type: 'count', value: 5 }), sample({ name: 'live', type: 'gauge', value: 1 }));
  advance(20_000);
  write(sample({ name: 'live', type: 'gauge', value: 2 }));
  advance(15_000);
  const text = exporter.render();
  assert.deepEqual(
    userLines(text).filter((l) => !l.startsWith('#')),
    ['live 2'],
  );
  assert.equal(exporter.stats().expiredSeries, 1);
  write(sample({ name: 'old', type: 'count', value: 1 }));
  assert.ok(exporter.render().includes('\nold_total 1\n'));
});

test('an empty exporter still renders its own metrics validly', () => {
  const text = new PrometheusExporter().render();
  assertValidExposition(text);
  assert.ok(text.includes('kinstrument_prometheus_series 0\n'));
});
