// Every query the UI makes, against a running agent with its store: data arrives the way it does in
// production (DogStatsD over UDP, OTLP/HTTP traces and logs, a tailed log file) and each endpoint is called.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { waitFor } from '../support/kafka';
import {
  call,
  otlpLogs,
  otlpTraces,
  postOtlp,
  sendStatsd,
  startUiAgent,
  type UiAgent,
} from '../support/ui-agent';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
let agent: UiAgent;
let logFile = '';
const started = Date.now();
const traceId = hex(16);
const batchTraceId = hex(16);
const ids = { server: hex(8), send: hex(8), process: hex(8), handler: hex(8), batch: hex(8) };
const SERVICE = 'ui-api-producer';

before(async () => {
  // The broker log: its conf.d source is read at start, the lines are appended later (tailed from the start).
  const logDir = mkdtempSync(join(tmpdir(), 'kinstrument-ui-log-'));
  logFile = join(logDir, 'server.log');
  writeFileSync(logFile, '');
  const confd = {
    'uitest.d/conf.yaml': [
      'logs:',
      '  - type: file',
      `    path: ${logFile}`,
      '    source: kafka',
      '    service: kafka-broker',
      '    start_position: beginning',
      '',
    ].join('\n'),
  };
  agent = await startUiAgent({
    confd,
    monitorsYaml: [
      'monitors:',
      '  - id: from-file',
      '    name: Defined in monitors.yaml',
      '    query: { metric: ui.test.queue_depth }',
      '    threshold: { comparator: above, critical: 1000 }',
      '    every: 1m',
      '',
    ].join('\n'),
  });
  const now = Date.now();
  await postOtlp(
    agent.otlpUrl,
    '/v1/traces',
    otlpTraces(SERVICE, [
      { traceId, spanId: ids.server, name: 'POST /signup', kind: 2, startMs: now - 2000, durationMs: 40 },
      {
        traceId,
        spanId: ids.send,
        parentSpanId: ids.server,
        name: 'send signups',
        kind: 4,
        startMs: now - 1990,
        durationMs: 25,
        attributes: { 'messaging.destination.name': 'signups' },
      },
    ]),
  );
  await postOtlp(
    agent.otlpUrl,
    '/v1/traces',
    otlpTraces('ui-api-worker', [
      {
        traceId,
        spanId: ids.process,
        parentSpanId: ids.send,
        name: 'process signups',
        kind: 5,
        startMs: now - 1950,
        durationMs: 12,
        error: true,
      },
      {
        traceId,
        spanId: ids.handler,
        parentSpanId: ids.process,
        name: 'handle signup',
        kind: 1,
        startMs: now - 1948,
        durationMs: 5,
      },
      {
        traceId: batchTraceId,
        spanId: ids.batch,
        name: 'process signups',
        kind: 5,
        startMs: now - 1000,
        durationMs: 8,
        links: [{ traceId, spanId: ids.send }],
      },
    ]),
  );
  await postOtlp(
    agent.otlpUrl,
    '/v1/logs',
    otlpLogs(SERVICE, [
      { timeMs: now - 1985, severity: 'INFO', body: 'signup sent for alice', traceId, spanId: ids.send },
      { timeMs: now - 1900, severity: 'ERROR', body: 'signup rejected <script>alert(1)</script>' },
    ]),
  );
  await sendStatsd(agent.statsdPort, [
    ...['p1', 'p2', 'p3'].map(
      (client) =>
        `kafka.client.producer.send.duration:5|h|#service:${SERVICE},client_id:${client},topic:signups`,
    ),
    `kafka.client.producer.send.duration:80|h|#service:${SERVICE},client_id:p4,topic:signups`,
    `ui.test.queue_depth:42|g|#service:${SERVICE},topic:signups`,
    `ui.test.queue_depth:7|g|#service:other-service,topic:audit`,
  ]);
});

after(async () => {
  await agent?.stop();
});

test('the UI shell, its modules and uPlot are served with a strict content security policy', async () => {
  const shell = await fetch(`${agent.url}/ui/`);
  assert.equal(shell.status, 200);
  assert.match(shell.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  assert.equal(shell.headers.get('x-content-type-options'), 'nosniff');
  assert.match(await shell.text(), /<script type="module" src="\/ui\/app\/main\.js">/);
  for (const [path, type] of [
    ['/ui/app/main.js', /javascript/],
    ['/ui/app/traces/flame-layout.js', /javascript/],
    ['/ui/vendor/uPlot.iife.min.js', /javascript/],
    ['/ui/vendor/uPlot.min.css', /css/],
    ['/ui/app.css', /css/],
  ] as const) {
    const response = await fetch(`${agent.url}${path}`);
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get('content-type') ?? '', type, path);
  }
  for (const path of [
    '/ui/app/../../package.json',
    '/ui/app/%2e%2e/%2e%2e/package.json',
    '/ui/app/main.ts',
    '/ui/vendor/uPlot.js',
  ])
    assert.equal((await fetch(`${agent.url}${path}`)).status, 404, path);
  const root = await fetch(`${agent.url}/`, { redirect: 'manual' });
  assert.equal(root.headers.get('location'), '/ui/');
  const config = await call(agent.url, '/api/v1/ui/config');
  assert.deepEqual(
    {
      store: config.body.storeEnabled,
      monitors: config.body.monitorsEnabled,
      auth: config.body.authRequired,
      flush: config.body.flushIntervalSeconds,
    },
    { store: true, monitors: true, auth: false, flush: 1 },
  );
});

test('metrics: DogStatsD series by name, tag filter and group-by; names and tag values for the pickers', async () => {
  const range = `from=${started - 60_000}&to=${Date.now() + 60_000}`;
  const gauge = await waitFor('the gauge in the store', async () => {
    const { body } = await call<{ series: { groupTags: string[]; points: [number, number][] }[] }>(
      agent.url,
      `/api/v1/metrics/query?metric=ui.test.queue_depth&${range}&group_by=service`,
    );
    return body.series.length === 2 && body.series.every((s) => s.points.length > 0) ? body : undefined;
  });
  assert.deepEqual(
    gauge.series.map((s) => [s.groupTags, s.points.at(-1)![1]]),
    [
      [['service:other-service'], 7],
      [[`service:${SERVICE}`], 42],
    ],
  );
  const filtered = await call<{ series: { points: [number, number][] }[]; step: number }>(
    agent.url,
    `/api/v1/metrics/query?metric=ui.test.queue_depth&${range}&filter=topic:audit&step=5`,
  );
  assert.equal(filtered.body.step, 5);
  assert.equal(filtered.body.series[0]!.points.at(-1)![1], 7);

  const latency = await waitFor('histogram aggregates by client', async () => {
    const { body } = await call<{ series: { group: { client_id: string }; points: [number, number][] }[] }>(
      agent.url,
      `/api/v1/metrics/query?metric=kafka.client.producer.send.duration.avg&${range}&group_by=client_id&rollup=max`,
    );
    return body.series.length === 4 ? body : undefined;
  });
  assert.deepEqual(
    latency.series.map((s) => [s.group.client_id, s.points.at(-1)![1]]),
    [
      ['p1', 5],
      ['p2', 5],
      ['p3', 5],
      ['p4', 80],
    ],
  );
  const names = await call<{ metrics: { name: string }[] }>(
    agent.url,
    '/api/v1/metrics/names?prefix=ui.test',
  );
  assert.deepEqual(
    names.body.metrics.map((m) => m.name),
    ['ui.test.queue_depth'],
  );
  const keys = await call<{ keys: string[] }>(agent.url, '/api/v1/tags/keys?metric=ui.test.queue_depth');
  for (const key of ['host', 'service', 'topic']) assert.ok(keys.body.keys.includes(key), key);
  const values = await call<{ values: string[] }>(
    agent.url,
    '/api/v1/tags/values?key=client_id&metric=kafka.client.producer.send.duration.avg',
  );
  assert.deepEqual(values.body.values, ['p1', 'p2', 'p3', 'p4']);
  // Mistakes are 400s that say what is wrong.
  for (const [path, message] of [
    [`/api/v1/metrics/query?${range}`, /metric is required/],
    [`/api/v1/metrics/query?metric=x&${range}&rollup=median`, /rollup must be one of/],
    ['/api/v1/metrics/query?metric=x&from=10&to=5', /from must be before to/],
    ['/api/v1/metrics/query?metric=x&from=0&to=99999999999999', /longer than 400 days/],
    ['/api/v1/tags/values', /key is required/],
  ] as const) {
    const { status, body } = await call<{ error: string }>(agent.url, path);
    assert.equal(status, 400, path);
    assert.match(body.error, message);
  }
});

test('logs: a tailed file and OTLP records, full-text search, facets, trace filter, pages', async () => {
  appendFileSync(
    logFile,
    [
      '[2024-03-01 06:00:00,123] INFO [ReplicaFetcher replicaId=1] Partition signups-0 is under-replicated (kafka.server.ReplicaFetcherThread)',
      '[2024-03-01 06:00:01,456] WARN <script>alert("x")</script> in a broker line (kafka.server.KafkaApis)',
      '',
    ].join('\n'),
  );
  const wide = `from=${started - 60_000}&to=${Date.now() + 60_000}`;
  const otlp = await waitFor('OTLP logs', async () => {
    const { body } = await call<{
      logs: { message: string; traceId?: string; service: string; source: string }[];
    }>(agent.url, `/api/v1/logs?query=signup&${wide}`);
    return body.logs.length === 2 ? body : undefined;
  });
  assert.deepEqual(
    otlp.logs.map((l) => [l.message, l.service, l.source]),
    [
      ['signup rejected <script>alert(1)</script>', SERVICE, 'otlp'],
      ['signup sent for alice', SERVICE, 'otlp'],
    ],
  );
  const byTrace = await call<{ logs: { message: string; spanId?: string }[] }>(
    agent.url,
    `/api/v1/logs?trace_id=${traceId}&${wide}`,
  );
  assert.deepEqual(
    byTrace.body.logs.map((l) => [l.message, l.spanId]),
    [['signup sent for alice', ids.send]],
  );
  const page = await call<{ logs: unknown[]; nextCursor?: string }>(
    agent.url,
    `/api/v1/logs?query=signup&limit=1&${wide}`,
  );
  assert.equal(page.body.logs.length, 1);
  const next = await call<{ logs: { message: string }[]; nextCursor?: string }>(
    agent.url,
    `/api/v1/logs?query=signup&limit=1&${wide}&cursor=${page.body.nextCursor}`,
  );
  assert.deepEqual(
    next.body.logs.map((l) => l.message),
    ['signup sent for alice'],
  );
  assert.equal(next.body.nextCursor, undefined);
  const errors = await call<{ logs: { level: string }[] }>(
    agent.url,
    `/api/v1/logs?level=error&service=${SERVICE}&${wide}`,
  );
  assert.deepEqual(
    errors.body.logs.map((l) => l.level),
    ['error'],
  );

  // The broker lines carry their own time (2024-03-01 06:00, local time): they are found there.
  const brokerRange = `from=${new Date(2024, 1, 29).getTime()}&to=${new Date(2024, 2, 2).getTime()}`;
  const brokerLines = await waitFor(
    'the tailed broker log',
    async () => {
      const { body } = await call<{
        logs: { message: string; source: string; level: string; logger?: string }[];
      }>(agent.url, `/api/v1/logs?${brokerRange}`);
      return body.logs.length === 2 ? body.logs : undefined;
    },
    20_000,
  );
  assert.deepEqual(
    brokerLines.map((l) => [l.source, l.level, l.logger]),
    [
      ['kafka', 'warn', 'kafka.server.KafkaApis'],
      ['kafka', 'info', 'kafka.server.ReplicaFetcherThread'],
    ],
  );
  const broker = await call<{ logs: { message: string }[] }>(
    agent.url,
    `/api/v1/logs?query=under-replicated&${brokerRange}`,
  );
  assert.equal(broker.body.logs.length, 1);
  assert.match(broker.body.logs[0]!.message, /Partition signups-0 is under-replicated/);
  const facets = await call<{ facets: Record<string, { value: string; count: number }[]> }>(
    agent.url,
    `/api/v1/logs/facets?${brokerRange}&facet=service&facet=level`,
  );
  assert.deepEqual(facets.body.facets.service, [{ value: 'kafka-broker', count: 2 }]);
  assert.deepEqual(facets.body.facets.level, [
    { value: 'info', count: 1 },
    { value: 'warn', count: 1 },
  ]);
  assert.deepEqual(facets.body.facets.source, [], 'only the facets asked for');
  for (const [path, message] of [
    ['/api/v1/logs?trace_id=xyz', /trace_id must be 32 hex digits/],
    ['/api/v1/logs/facets?facet=colour', /facet must be one of/],
    ['/api/v1/logs?cursor=garbage', /invalid cursor/],
  ] as const) {
    const { status, body } = await call<{ error: string }>(agent.url, path);
    assert.equal(status, 400, path);
    assert.match(body.error, message);
  }
});

test('traces: search by service, operation, duration and errors; one trace across services; batch links', async () => {
  const range = `from=${started - 60_000}&to=${Date.now() + 60_000}`;
  const all = await waitFor('the traces', async () => {
    const { body } = await call<{
      traces: {
        traceId: string;
        services: string[];
        spanCount: number;
        error: boolean;
        root?: { name: string };
      }[];
    }>(agent.url, `/api/v1/traces?${range}`);
    return body.traces.length >= 2 ? body : undefined;
  });
  const main = all.traces.find((t) => t.traceId === traceId)!;
  assert.deepEqual(
    [main.services, main.spanCount, main.error, main.root?.name],
    [[SERVICE, 'ui-api-worker'], 4, true, 'POST /signup'],
  );
  const search = async (query: string) =>
    (await call<{ traces: { traceId: string }[] }>(agent.url, `/api/v1/traces?${range}&${query}`)).body.traces
      .map((t) => t.traceId)
      .sort();
  assert.deepEqual(await search(`service=${SERVICE}`), [traceId]);
  assert.deepEqual(
    await search('service=ui-api-worker&operation=process+signups'),
    [traceId, batchTraceId].sort(),
  );
  assert.deepEqual(await search('min_duration_ms=30'), [traceId]);
  assert.deepEqual(await search('max_duration_ms=10&service=ui-api-worker'), [batchTraceId, traceId].sort());
  assert.deepEqual(await search('error=true'), [traceId]);
  assert.deepEqual(await search('error=false&service=ui-api-worker'), [batchTraceId]);

  const trace = await call<{
    spans: { spanId: string; parentSpanId?: string; service: string }[];
    linkedTraceIds: string[];
  }>(agent.url, `/api/v1/traces/${traceId}`);
  assert.deepEqual(
    trace.body.spans.map((s) => [s.spanId, s.parentSpanId ?? null, s.service]),
    [
      [ids.server, null, SERVICE],
      [ids.send, ids.server, SERVICE],
      [ids.process, ids.send, 'ui-api-worker'],
      [ids.handler, ids.process, 'ui-api-worker'],
    ],
  );
  const batch = await call<{ linkedTraceIds: string[] }>(
    agent.url,
    `/api/v1/traces/${batchTraceId.toUpperCase()}`,
  );
  assert.deepEqual(batch.body.linkedTraceIds, [traceId]);
  assert.equal((await call(agent.url, `/api/v1/traces/${hex(16)}`)).status, 404);
  assert.equal((await call(agent.url, '/api/v1/traces/not-a-trace')).status, 404);
  const services = await call<{ services: string[] }>(agent.url, '/api/v1/services');
  assert.ok(services.body.services.includes(SERVICE) && services.body.services.includes('ui-api-worker'));
  const operations = await call<{ operations: { name: string }[] }>(
    agent.url,
    `/api/v1/operations?service=${SERVICE}`,
  );
  assert.deepEqual(
    operations.body.operations.map((o) => o.name),
    ['POST /signup', 'send signups'],
  );
});

test('dashboards: the template, a clone saved under run_path, edits, deletion; cross-site writes refused', async () => {
  const list = await call<{ dashboards: { id: string; kind: string }[] }>(agent.url, '/api/v1/dashboards');
  assert.deepEqual(
    list.body.dashboards.map((d) => [d.id, d.kind]),
    [['kafka-overview', 'template']],
  );
  const template = await call<{ dashboard: { title: string; rows: unknown[] } }>(
    agent.url,
    '/api/v1/dashboards/kafka-overview',
  );
  const created = await call<{ dashboard: { id: string; title: string } }>(agent.url, '/api/v1/dashboards', {
    method: 'POST',
    body: { ...template.body.dashboard, title: 'My Kafka' },
  });
  assert.equal(created.status, 201);
  const id = created.body.dashboard.id;
  const saved = await call(agent.url, `/api/v1/dashboards/${id}`, {
    method: 'PUT',
    body: { ...template.body.dashboard, title: 'Renamed' },
  });
  assert.equal(saved.status, 200);
  assert.equal(
    (await call<{ dashboard: { title: string } }>(agent.url, `/api/v1/dashboards/${id}`)).body.dashboard
      .title,
    'Renamed',
  );
  assert.equal(
    (
      await call(agent.url, '/api/v1/dashboards/kafka-overview', {
        method: 'PUT',
        body: template.body.dashboard,
      })
    ).status,
    409,
  );
  const invalid = await call<{ error: string }>(agent.url, `/api/v1/dashboards/${id}`, {
    method: 'PUT',
    body: { title: 'x', rows: 'no' },
  });
  assert.equal(invalid.status, 400);
  assert.match(invalid.body.error, /rows must be a list/);
  const crossSite = await call(agent.url, '/api/v1/dashboards', {
    method: 'POST',
    body: { ...template.body.dashboard, title: 'evil' },
    headers: { origin: 'https://evil.example' },
  });
  assert.equal(crossSite.status, 403);
  const form = await fetch(`${agent.url}/api/v1/dashboards`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: '{}',
  });
  assert.equal(form.status, 415);
  assert.equal((await call(agent.url, `/api/v1/dashboards/${id}`, { method: 'DELETE' })).status, 200);
  assert.equal((await call(agent.url, `/api/v1/dashboards/${id}`)).status, 404);
});

test('monitors: monitors.yaml and API monitors, evaluation, history, webhook with retry', async () => {
  const received: unknown[] = [];
  let attempts = 0;
  const hook: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      attempts += 1;
      if (attempts === 1) return void res.writeHead(503).end();
      received.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  try {
    const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
    const list = await call<{ monitors: { id: string; source: string }[] }>(agent.url, '/api/v1/monitors');
    assert.deepEqual(
      list.body.monitors.map((m) => [m.id, m.source]),
      [['from-file', 'file']],
    );
    assert.equal(
      (
        await call(agent.url, '/api/v1/monitors/from-file', {
          method: 'PUT',
          body: { name: 'x', query: { metric: 'm' }, threshold: { critical: 1 } },
        })
      ).status,
      409,
    );

    const created = await call<{ monitor: { id: string } }>(agent.url, '/api/v1/monitors', {
      method: 'POST',
      body: {
        id: 'queue-depth',
        name: 'Queue depth',
        query: { metric: 'ui.test.queue_depth', group_by: ['service'] },
        window: '1m',
        every: '1h',
        threshold: { reducer: 'last', comparator: 'above', critical: 40, warning: 5 },
        notify: { webhooks: [hookUrl] },
      },
    });
    assert.equal(created.status, 201);
    const evaluated = await call<{
      monitor: { state: string; groups: { group: string; state: string; value: number }[] };
    }>(agent.url, '/api/v1/monitors/queue-depth/evaluate', { method: 'POST' });
    assert.equal(evaluated.body.monitor.state, 'ALERT');
    assert.deepEqual(
      evaluated.body.monitor.groups.map((g) => [g.group, g.state, g.value]),
      [
        [`service:${SERVICE}`, 'ALERT', 42],
        ['service:other-service', 'WARN', 7],
      ],
    );
    const detail = await call<{
      monitor: { history: { group: string; from: string; to: string; notified: boolean }[] };
    }>(agent.url, '/api/v1/monitors/queue-depth');
    assert.deepEqual(detail.body.monitor.history.map((t) => [t.group, t.from, t.to, t.notified]).sort(), [
      ['service:other-service', 'OK', 'WARN', true],
      [`service:${SERVICE}`, 'OK', 'ALERT', true],
    ]);
    // Two notifications; the webhook's first answer was 503, so one of them arrived on a retry.
    await waitFor('both webhook notifications', () => (received.length === 2 ? true : undefined), 15_000);
    assert.equal(attempts, 3);
    assert.deepEqual(
      (received as { group: string; to: string; monitor: { id: string } }[])
        .map((n) => [n.monitor.id, n.group, n.to])
        .sort(),
      [
        ['queue-depth', 'service:other-service', 'WARN'],
        ['queue-depth', `service:${SERVICE}`, 'ALERT'],
      ],
    );
    assert.ok(
      agent.logLines.some((line) =>
        /ERROR \| monitor "Queue depth" \[service:ui-api-producer\]: OK → ALERT/.test(line),
      ),
    );

    const bad = await call<{ error: string }>(agent.url, '/api/v1/monitors', {
      method: 'POST',
      body: { name: 'x', type: 'outlier', query: { metric: 'm' } },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /group_by: an outlier monitor compares groups/);
    const updated = await call<{ monitor: { definition: { threshold: { critical: number } } } }>(
      agent.url,
      '/api/v1/monitors/queue-depth',
      {
        method: 'PUT',
        body: { name: 'Queue depth', query: { metric: 'ui.test.queue_depth' }, threshold: { critical: 100 } },
      },
    );
    assert.equal(updated.body.monitor.definition.threshold.critical, 100);
    assert.equal((await call(agent.url, '/api/v1/monitors/queue-depth', { method: 'DELETE' })).status, 200);
    assert.equal((await call(agent.url, '/api/v1/monitors/queue-depth')).status, 404);
  } finally {
    await new Promise<void>((resolve) => hook.close(() => resolve()));
  }
});

test('with api_token: the UI’s code is public, data needs the bearer token or the session cookie from the login', async () => {
  const token = `tok-${hex(12)}`;
  const guarded = await startUiAgent({ apiToken: token });
  try {
    const shell = await fetch(`${guarded.url}/ui/`);
    assert.equal(shell.status, 200);
    assert.equal((await shell.text()).includes(token), false);
    assert.equal((await call(guarded.url, '/api/v1/ui/config')).status, 401);
    assert.equal(
      (await call(guarded.url, '/api/v1/ui/config', { headers: { authorization: `Bearer ${token}` } }))
        .status,
      200,
    );

    const login = (value: string) =>
      fetch(`${guarded.url}/ui/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: value }).toString(),
      });
    const wrong = await login('nope');
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /not the agent’s api_token/);
    const right = await login(token);
    assert.equal(right.status, 303);
    assert.equal(right.headers.get('location'), '/ui/');
    const cookie = right.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^kinstrument_session=[^;]+; HttpOnly; SameSite=Strict; Path=\//);
    assert.equal(cookie.includes(token), false);
    const session = cookie.split(';')[0]!;
    assert.equal(
      (await call(guarded.url, '/api/v1/ui/config', { headers: { cookie: session } })).status,
      200,
    );
    assert.equal(
      (await call(guarded.url, '/api/v1/ui/config', { headers: { cookie: 'kinstrument_session=forged' } }))
        .status,
      401,
    );

    // First visit with ?token=: the cookie is set and the token leaves the address bar.
    const visit = await fetch(`${guarded.url}/ui/?token=${token}`, { redirect: 'manual' });
    assert.equal(visit.status, 303);
    assert.equal(visit.headers.get('location'), '/ui/');
    assert.match(visit.headers.get('set-cookie') ?? '', /HttpOnly/);
    assert.equal(visit.headers.get('referrer-policy'), 'no-referrer');
    const bad = await fetch(`${guarded.url}/ui/?token=wrong`, { redirect: 'manual' });
    assert.equal(bad.headers.get('location'), '/ui/login');
  } finally {
    await guarded.stop();
  }
});
