// The UI in a real browser (Debian's Chromium, headless) against an agent collecting from the real rig:
// the Kafka dashboard with live data, a broker log line found by search, one trace across two instrumented
// processes in one flame graph, an outlier monitor firing, and hostile text shown as text.
// Screenshots are kept in test-artifacts/.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { createTopics, testKafka, waitFor } from '../support/kafka';
import { postJson, projectRoot, type AppProcess } from '../support/processes';
import {
  brokers,
  kafkaJolokiaUrl,
  rigMode,
  uniqueName,
  zookeeperAddress,
  zookeeperJolokiaUrl,
} from '../support/rig-env';
import { startConsumerService, startProducerService, traceparent } from '../support/tracing';
import { call, otlpLogs, postOtlp, sendStatsd, startUiAgent, type UiAgent } from '../support/ui-agent';

let agent: UiAgent;
let browser: TestBrowser;
const apps: AppProcess[] = [];
const topic = uniqueName('ui-signups');
const group = uniqueName('ui-group');
const kafka = testKafka('ui-browser');

function rigConfd(): Record<string, string> {
  const jolokia = new URL(kafkaJolokiaUrl() ?? 'http://127.0.0.1:8778/jolokia');
  const zkJolokia = zookeeperJolokiaUrl();
  const zk = zookeeperAddress();
  const logs = join(
    projectRoot,
    'rig',
    '.state',
    rigMode() === 'kraft' ? 'kraft' : 'zk',
    'logs',
    'server.log',
  );
  const confd: Record<string, string> = {
    'kafka.d/conf.yaml': [
      'instances:',
      `  - host: ${jolokia.hostname}`,
      `    port: ${jolokia.port}`,
      ...(zkJolokia ? [`    zookeeper_jolokia_url: ${zkJolokia}`] : []),
      '    min_collection_interval: 2',
      'logs:',
      '  - type: file',
      `    path: ${logs}`,
      '    source: kafka',
      '    service: kafka',
      '',
    ].join('\n'),
    'kafka_consumer.d/conf.yaml': [
      'instances:',
      `  - kafka_connect_str: ${brokers()[0]}`,
      '    consumer_groups:',
      `      ${group}: {}`,
      '    min_collection_interval: 2',
      '',
    ].join('\n'),
  };
  if (zk)
    confd['zk.d/conf.yaml'] = [
      'instances:',
      `  - host: ${zk.host}`,
      `    port: ${zk.port}`,
      '    min_collection_interval: 2',
      '',
    ].join('\n');
  return confd;
}

before(async () => {
  browser = await launchBrowser();
  agent = await startUiAgent({ confd: rigConfd() });
  await createTopics(kafka, [topic], 2);
});

after(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await browser?.close();
  await agent?.stop();
});

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`${agent.url}/ui/${hash}`);
}

/** Commits offsets for our group so the kafka_consumer check reports its lag. */
async function commitGroupOffsets(): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ value: `m${i}` })) });
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.setOffsets({
    groupId: group,
    topic,
    partitions: [0, 1].map((partition) => ({ partition, offset: '0' })),
  });
  await admin.disconnect();
}

test('the Kafka dashboard renders live broker, consumer-lag and ZooKeeper data from the rig', async () => {
  await commitGroupOffsets();
  const { page } = browser;
  // Wait for the checks' first points in the store, then look.
  await waitFor(
    'broker metrics in the store',
    async () => {
      const { body } = await call<{ series: { points: unknown[] }[] }>(
        agent.url,
        `/api/v1/metrics/query?metric=kafka.net.bytes_in.rate&from=${Date.now() - 600_000}`,
      );
      return body.series.some((s) => s.points.length > 0) ? true : undefined;
    },
    60_000,
  );
  await waitFor(
    'consumer lag in the store',
    async () => {
      const { body } = await call<{ series: unknown[] }>(
        agent.url,
        `/api/v1/metrics/query?metric=kafka.consumer_lag&filter=consumer_group:${group}&from=${Date.now() - 600_000}`,
      );
      return body.series.length > 0 ? true : undefined;
    },
    60_000,
  );
  await open(page, `#/dashboards/kafka-overview?range=15m&var-consumer_group=${group}`);
  const bytes = page.locator('[data-widget="Broker bytes in / out"]');
  await bytes.locator('canvas').first().waitFor({ timeout: 30_000 });
  assert.ok(Number(await bytes.getAttribute('data-points')) > 0, 'the chart has points');
  assert.equal(await page.locator('[data-widget="Under-replicated partitions"] .big').textContent(), '0');
  // With ZooKeeper the single broker is the controller; under KRaft the controller role may be elsewhere.
  if (rigMode() === 'zk')
    assert.equal(await page.locator('[data-widget="Active controllers"] .big').textContent(), '1');
  const lagRow = page
    .locator('[data-widget="Lag by consumer group and topic"] tbody tr')
    .filter({ hasText: group });
  await lagRow.first().waitFor({ timeout: 30_000 });
  assert.match((await lagRow.first().textContent()) ?? '', new RegExp(`${group}${topic}`));
  if (zookeeperAddress()) {
    await page.locator('[data-widget="Request latency"] canvas').first().waitFor({ timeout: 30_000 });
  }
  assert.equal(await page.locator('[data-variable="consumer_group"]').inputValue(), group);
  await browser.screenshot('kafka-dashboard');
  assert.deepEqual(browser.errors, []);
});

test('a click on a chart point pivots to the logs of that service around that time', async () => {
  const { page } = browser;
  await open(page, '#/dashboards/kafka-overview?range=15m');
  const chart = page.locator('[data-widget="Broker bytes in / out"] .u-over');
  await chart.waitFor({ timeout: 30_000 });
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
  await page.mouse.click(box.x + box.width * 0.9, box.y + box.height / 2);
  const menu = page.locator('[data-testid="pivot-menu"]');
  await menu.waitFor();
  await browser.screenshot('pivot-menu');
  await menu.getByText('Logs of kafka around this time').click();
  await page.waitForURL(/#\/logs\?service=kafka&source=kafka&from=\d+&to=\d+/);
  await page.locator('[data-testid="log-status"]').waitFor();
});

test('a log search finds a broker log line', async () => {
  // Creating a topic makes the broker log it in server.log, which the agent tails.
  const fresh = uniqueName('ui-logged');
  await createTopics(kafka, [fresh], 1);
  const { page } = browser;
  await waitFor(
    'the broker line in the store',
    async () => {
      const { body } = await call<{ logs: unknown[] }>(
        agent.url,
        `/api/v1/logs?query=${encodeURIComponent(`"${fresh}"`)}&from=${Date.now() - 3_600_000}`,
      );
      return body.logs.length > 0 ? true : undefined;
    },
    30_000,
  );
  await open(page, '#/logs?range=1h&source=kafka');
  await page.locator('[data-testid="log-search"]').fill(`"${fresh}"`);
  await page.locator('[data-testid="log-search"]').press('Enter');
  const line = page.locator('tr.log-line').filter({ hasText: fresh }).first();
  await line.waitFor({ timeout: 15_000 });
  assert.match((await line.textContent()) ?? '', /kafka/);
  await line.click();
  await page.locator('[data-testid="log-details"]').waitFor();
  await browser.screenshot('log-explorer-broker-line');
});

test('a trace from two instrumented processes opens with both services in one flame graph', async () => {
  const worker = await startConsumerService(agent.otlpUrl, [topic], uniqueName('ui-worker'));
  apps.push(worker);
  const producer = await startProducerService(agent.otlpUrl);
  apps.push(producer.app);
  const traceId = randomBytes(16).toString('hex');
  await postJson(
    producer.port,
    '/send',
    { topic, messages: [{ key: 'k', value: 'bob@example.com' }] },
    { traceparent: traceparent(traceId, randomBytes(8).toString('hex')) },
  );
  await waitFor(
    'both services’ spans in the store',
    async () => {
      const { status, body } = await call<{ spans: { service: string; name: string }[] }>(
        agent.url,
        `/api/v1/traces/${traceId}`,
      );
      if (status !== 200) return undefined;
      const services = new Set(body.spans.map((s) => s.service));
      return services.has('signup-api') &&
        services.has('signup-worker') &&
        body.spans.some((s) => s.name === 'handle signup')
        ? true
        : undefined;
    },
    60_000,
  );
  // A log record of this trace (as an app using the SDK's log correlation would send it).
  await postOtlp(
    agent.otlpUrl,
    '/v1/logs',
    otlpLogs('signup-worker', [
      { timeMs: Date.now(), severity: 'INFO', body: 'handled signup for bob', traceId },
    ]),
  );

  const { page } = browser;
  await open(page, `#/traces?service=signup-api&range=15m`);
  await page.locator(`[data-trace-id="${traceId}"]`).click();
  await page.waitForURL(new RegExp(`#/traces/${traceId}`));
  const flame = page.locator('[data-testid="flame-graph"]');
  await flame.waitFor();
  assert.ok((await flame.locator('[data-service="signup-api"]').count()) >= 2, 'server and send spans');
  assert.ok(
    (await flame.locator('[data-service="signup-worker"]').count()) >= 2,
    'process and handler spans',
  );
  await flame.locator('.span-bar', { hasText: `signup-worker: process ${topic}` }).click();
  const details = page.locator('[data-testid="span-details"]');
  await details.waitFor();
  assert.match((await details.textContent()) ?? '', new RegExp(`messaging\\.destination\\.name${topic}`));
  await browser.screenshot('trace-flame-graph');
  // From the span to its logs.
  await details.locator('[data-testid="span-logs-link"]').click();
  await page.waitForURL(new RegExp(`#/logs\\?trace_id=${traceId}`));
  await page.locator('tr.log-line', { hasText: 'handled signup for bob' }).waitFor({ timeout: 15_000 });
});

test('an outlier monitor fires when one producer’s send latency leaves the pack', async () => {
  const created = await call(agent.url, '/api/v1/monitors', {
    method: 'POST',
    body: {
      id: 'producer-latency-outlier',
      name: 'Producer send latency outlier',
      type: 'outlier',
      query: {
        metric: 'kafka.client.producer.send.duration.avg',
        filters: ['service:ui-outlier'],
        group_by: ['client_id'],
      },
      window: '30s',
      every: '1s',
      outlier: { algorithm: 'dbscan', tolerance: 3 },
    },
  });
  assert.equal(created.status, 201);
  const { page } = browser;
  await open(page, '#/monitors');
  // Histograms from four producers for a few seconds; p4 is twenty times slower.
  for (let round = 0; round < 6; round += 1) {
    await sendStatsd(
      agent.statsdPort,
      ['p1', 'p2', 'p3', 'p4'].flatMap((client) =>
        [0, 1, 2].map(
          (i) =>
            `kafka.client.producer.send.duration:${client === 'p4' ? 100 + i : 5 + i * 0.5}|h|#service:ui-outlier,client_id:${client}`,
        ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const row = page.locator('[data-monitor-id="producer-latency-outlier"]');
  await page
    .locator('[data-monitor-id="producer-latency-outlier"][data-state="ALERT"]')
    .waitFor({ timeout: 30_000 });
  await row.getByText('Producer send latency outlier').click();
  const slow = page.locator('[data-testid="monitor-groups"] tr[data-group="client_id:p4"]');
  await slow.waitFor();
  assert.equal(await slow.getAttribute('data-state'), 'ALERT');
  for (const peer of ['p1', 'p2', 'p3'])
    assert.equal(
      await page
        .locator(`[data-testid="monitor-groups"] tr[data-group="client_id:${peer}"]`)
        .getAttribute('data-state'),
      'OK',
    );
  await page.locator('[data-testid="monitor-history"]').getByText('client_id:p4').first().waitFor();
  await browser.screenshot('monitor-outlier-alert');
  assert.ok(
    agent.logLines.some((line) =>
      line.includes('monitor "Producer send latency outlier" [client_id:p4]: OK → ALERT'),
    ),
  );
});

test('a malicious log line is shown as text, never run', async () => {
  const evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
  await postOtlp(
    agent.otlpUrl,
    '/v1/logs',
    otlpLogs('ui-evil', [{ timeMs: Date.now(), severity: 'ERROR', body: evil }]),
  );
  await waitFor('the evil record', async () => {
    const { body } = await call<{ logs: unknown[] }>(
      agent.url,
      `/api/v1/logs?service=ui-evil&from=${Date.now() - 600_000}`,
    );
    return body.logs.length > 0 ? true : undefined;
  });
  const { page } = browser;
  await open(page, '#/logs?range=15m&service=ui-evil');
  const cell = page.locator('tr.log-line td.message').first();
  await cell.waitFor();
  assert.equal(await cell.textContent(), evil);
  await page.locator('tr.log-line').first().click();
  await page.locator('[data-testid="log-details"]').waitFor();
  assert.equal(await page.locator('table.logs img, table.logs script').count(), 0);
  // Evaluated in the page (a string: this file is compiled without the DOM library).
  assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined');
  await browser.screenshot('log-explorer-malicious-line');
});

test('a template is cloned, edited and saved as a copy', async () => {
  const { page } = browser;
  await open(page, '#/dashboards/kafka-overview?range=5m');
  await page.getByText('Clone to edit').click();
  await page.waitForURL(/#\/dashboards\/kafka-overview-copy-[0-9a-f]{6}\/edit/);
  const title = page.getByLabel('Title');
  const editor = page.locator('[data-testid="dashboard-json"]');
  await waitFor('the dashboard JSON in the editor', async () =>
    (await editor.inputValue()).includes('"rows"') ? true : undefined,
  );
  await title.fill('Team Kafka');
  await page.getByText('Save', { exact: true }).click();
  await page.waitForURL(/#\/dashboards\/kafka-overview-copy-[0-9a-f]{6}$/);
  await page.locator('h1', { hasText: 'Team Kafka' }).waitFor();
  const list = await call<{ dashboards: { title: string; kind: string }[] }>(agent.url, '/api/v1/dashboards');
  assert.deepEqual(
    list.body.dashboards.map((d) => [d.title, d.kind]),
    [
      ['Kafka overview', 'template'],
      ['Team Kafka', 'saved'],
    ],
  );
});

test('with api_token, a browser signs in on the login page and gets a session cookie', async () => {
  const token = `tok-${randomBytes(12).toString('hex')}`;
  const guarded = await startUiAgent({ apiToken: token });
  try {
    const { page, context } = browser;
    await page.goto(`${guarded.url}/ui/`);
    await page.waitForURL(`${guarded.url}/ui/login`);
    await page.locator('#token').fill('wrong');
    await page.getByText('Sign in').click();
    await page.getByText('That is not the agent’s api_token.').waitFor();
    await page.locator('#token').fill(token);
    await page.getByText('Sign in').click();
    await page.locator('h1', { hasText: 'Kafka overview' }).waitFor();
    const cookies = await context.cookies(guarded.url);
    const session = cookies.find((c) => c.name === 'kinstrument_session');
    assert.ok(session?.httpOnly, 'an HttpOnly session cookie');
    assert.equal(session?.sameSite, 'Strict');
    assert.equal(session?.value.includes(token), false);
    assert.equal(await page.content().then((html) => html.includes(token)), false);
    await browser.screenshot('signed-in');
  } finally {
    await browser.context.clearCookies();
    await guarded.stop();
  }
});
