// Log-based metrics on a real broker log: `kinstrument agent` tails the rig's server.log, a topic's segments are
// deleted by retention, and the shipped rule's count (read from the agent's Prometheus `/metrics`) equals a plain
// read of the same log files: exactly the lines about that topic's retention deletions. A user rule from the main
// config counts alongside it.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { testKafka, waitFor } from '../support/kafka';
import { rigLogsDir } from '../support/logs';
import { otlpLogs, postOtlp, startUiAgent, type UiAgent } from '../support/ui-agent';

const logsDir = rigLogsDir();
const skip = !logsDir
  ? 'no rig (KINSTRUMENT_TEST_RIG_MODE or KINSTRUMENT_TEST_RIG_LOGS)'
  : !existsSync(join(logsDir, 'server.log')) && `no server.log in ${logsDir}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retention deletions of `topic` in server.log and the files log4j rolled it into, read without the agent. */
function deletionLinesInLog(dir: string, topic: string): string[] {
  const marker = `[UnifiedLog partition=${topic}-`;
  return readdirSync(dir)
    .filter((name) => name.startsWith('server.log'))
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
    .filter(
      (line) =>
        line.includes(marker) &&
        line.includes('Deleting segment LogSegment') &&
        line.includes('due to log retention'),
    );
}

/** Sum of a counter's samples whose labels include every `labels` pair, from Prometheus text exposition. */
function counterSum(exposition: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

interface StatusWithLogMetrics {
  logs?: { filesTailed: number };
  logMetrics?: { rules: number; matches: number; perRule: { name: string; matches: number }[] };
}

test(
  'a retention rule counts exactly the broker log lines of a topic whose segments were deleted',
  { skip, timeout: 180_000 },
  async () => {
    const dir = logsDir!;
    const topic = `kin-retention-${Date.now()}`;
    const agent: UiAgent = await startUiAgent({
      confd: {
        'kafka.d/conf.yaml': [
          'logs:',
          '  - type: file',
          `    path: ${join(dir, 'server.log')}`,
          '    source: kafka',
          '    service: kafka-broker',
        ].join('\n'),
      },
      extraConfig: {
        log_based_metrics: [
          {
            name: 'test.topic_log_lines',
            query: `source:kafka "${topic}"`,
            group_by: [{ path: 'logger' }],
          },
        ],
      },
    });
    const kafka = testKafka('log-metrics-test');
    const producer = kafka.producer();
    try {
      const status = async () =>
        (await (await fetch(`${agent.url}/api/v1/status`)).json()) as StatusWithLogMetrics;
      await waitFor('the agent tailing server.log', async () =>
        (await status()).logs?.filesTailed === 1 ? true : undefined,
      );

      // Segments roll every 500 ms when a message arrives and are deleted by the retention check (every 2 s on the
      // rig) once their newest record is older than 1 s.
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: [
            {
              topic,
              numPartitions: 2,
              replicationFactor: 1,
              configEntries: [
                { name: 'segment.ms', value: '500' },
                { name: 'retention.ms', value: '1000' },
                { name: 'file.delete.delay.ms', value: '0' },
              ],
            },
          ],
        });
      } finally {
        await admin.disconnect();
      }
      await producer.connect();
      for (let round = 0; round < 4; round++) {
        await producer.send({
          topic,
          messages: [
            { partition: 0, value: `a${round}` },
            { partition: 1, value: `b${round}` },
          ],
        });
        await sleep(700);
      }

      // The broker's first retention check runs 30 s after it started; then every 2 s. Wait for deletions, then for
      // the count to stay put over several checks.
      let lines = await waitFor(
        'retention deletions in server.log',
        () => {
          const found = deletionLinesInLog(dir, topic);
          return found.length >= 2 ? found : undefined;
        },
        90_000,
      );
      for (let stable = 0; stable < 3;) {
        await sleep(2500);
        const now = deletionLinesInLog(dir, topic);
        stable = now.length === lines.length ? stable + 1 : 0;
        lines = now;
      }
      const expected = lines.length;

      const promName = 'logs_kafka_segments_deleted_total';
      const counted = await waitFor(
        `${promName}{topic="${topic}"} = ${expected}`,
        async () => {
          const text = await (await fetch(`${agent.url}/metrics`)).text();
          const total = counterSum(text, promName, { topic });
          return total === expected ? text : undefined;
        },
        30_000,
      ).catch(async (error: Error) => {
        const text = await (await fetch(`${agent.url}/metrics`)).text();
        const got = counterSum(text, promName, { topic });
        throw new Error(`${error.message}; /metrics says ${got}; log lines:\n${lines.join('\n')}`);
      });
      assert.equal(
        counterSum(counted, promName, { topic, reason: 'time' }),
        expected,
        'all by retention time',
      );
      assert.match(counted, /# TYPE logs_kafka_segments_deleted_total counter/);

      // Two more flushes later the count has not moved (no double counting), and the status shows the rules.
      await sleep(2500);
      const later = await (await fetch(`${agent.url}/metrics`)).text();
      assert.equal(counterSum(later, promName, { topic }), expected);
      const userTotal = counterSum(later, 'test_topic_log_lines_total', {});
      const linesAboutTopic = readdirSync(dir)
        .filter((name) => name.startsWith('server.log'))
        .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
        .filter((line) => /^\[\d{4}-/.test(line) && line.includes(topic)).length;
      assert.ok(userTotal > expected, `the user rule counts more lines about the topic (${userTotal})`);
      assert.ok(
        userTotal <= linesAboutTopic,
        `${userTotal} <= ${linesAboutTopic} lines mentioning the topic`,
      );
      const final = await status();
      const perRule = Object.fromEntries(final.logMetrics!.perRule.map((r) => [r.name, r.matches]));
      assert.equal(perRule['logs.kafka.segments_deleted'] !== undefined, true);
      assert.ok(perRule['logs.kafka.segments_deleted']! >= expected);
      assert.ok(perRule['test.topic_log_lines']! >= userTotal);
    } finally {
      await producer.disconnect().catch(() => undefined);
      await agent.stop();
    }
  },
);

test("apps' logs received over OTLP are counted by a rule too, grouped by level", async () => {
  const agent = await startUiAgent({
    extraConfig: {
      log_based_metrics: [
        {
          name: 'checkout.declines',
          query: 'service:checkout status:(warn OR error) "card declined"',
          group_by: [{ path: 'status', tag_name: 'level' }],
        },
      ],
    },
  });
  try {
    const now = Date.now();
    await postOtlp(
      agent.otlpUrl,
      '/v1/logs',
      otlpLogs('checkout', [
        { timeMs: now - 50, severity: 'ERROR', body: 'card declined for order 1' },
        { timeMs: now - 40, severity: 'WARN', body: 'Card declined, retrying order 2' },
        { timeMs: now - 30, severity: 'ERROR', body: 'card declined for order 3' },
        { timeMs: now - 20, severity: 'INFO', body: 'card declined (test card) for order 4' },
        { timeMs: now - 10, severity: 'ERROR', body: 'payment gateway timeout' },
      ]),
    );
    await postOtlp(
      agent.otlpUrl,
      '/v1/logs',
      otlpLogs('shipping', [{ timeMs: now, severity: 'ERROR', body: 'card declined' }]),
    );
    const totals = await waitFor('checkout_declines_total for error and warn', async () => {
      const text = await (await fetch(`${agent.url}/metrics`)).text();
      const error = counterSum(text, 'checkout_declines_total', { level: 'error' });
      const warn = counterSum(text, 'checkout_declines_total', { level: 'warn' });
      return error === 2 && warn === 1 ? { error, warn, text } : undefined;
    });
    assert.equal(counterSum(totals.text, 'checkout_declines_total', {}), 3);
  } finally {
    await agent.stop();
  }
});
