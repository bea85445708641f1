// The exposition handler behind a real node:http server.
import assert from 'node:assert/strict';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import {
  createPrometheusHandler,
  PROMETHEUS_CONTENT_TYPE,
  PrometheusExporter,
} from '../../src/agent/export/prometheus';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function call(port: number, method: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/metrics', method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function serve(
  t: { after(fn: () => Promise<void>): void },
  exporter: PrometheusExporter,
): Promise<number> {
  const server = createServer(createPrometheusHandler(exporter));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

test('GET returns the exposition with the 0.0.4 content type; HEAD has headers only; POST is refused', async (t) => {
  const exporter = new PrometheusExporter();
  exporter.write({
    metrics: [
      { name: 'kafka.net.bytes_in.rate', type: 'gauge', value: 1024, timestamp: 0, tags: ['broker:1'] },
    ],
    serviceChecks: [],
    events: [],
  });
  const port = await serve(t, exporter);

  const got = await call(port, 'GET');
  assert.equal(got.status, 200);
  assert.equal(got.headers['content-type'], PROMETHEUS_CONTENT_TYPE);
  assert.match(got.body.toString(), /^kafka_net_bytes_in_rate\{broker="1"\} 1024$/m);

  const head = await call(port, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  assert.equal(Number(head.headers['content-length']), got.body.length);

  const post = await call(port, 'POST');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
});

test('large expositions are gzipped for clients that accept it (Prometheus does)', async (t) => {
  const exporter = new PrometheusExporter();
  exporter.write({
    metrics: Array.from({ length: 200 }, (_, i) => ({
      name: 'kafka.log.partition.size',
      type: 'gauge' as const,
      value: i,
      timestamp: 0,
      tags: [`topic:t${i}`, 'partition:0'],
    })),
    serviceChecks: [],
    events: [],
  });
  const port = await serve(t, exporter);
  const zipped = await call(port, 'GET', { 'Accept-Encoding': 'gzip, deflate' });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  const plain = await call(port, 'GET');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(gunzipSync(zipped.body).toString(), plain.body.toString());
  assert.ok(zipped.body.length < plain.body.length / 3);
});
