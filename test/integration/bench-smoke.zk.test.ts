// The benchmark harness' quick smoke run (`bench/run --quick`): every benchmark runs end to end against the
// real broker with tiny counts, and every variant and step yields a number. Speed is never judged here.
// One pass proves the harness, so it runs in the ZooKeeper-mode pass only (the `.zk.test` suffix).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { brokers } from '../support/rig-env';

// Compiled next to this file: <build>/test/integration → <build>/bench/run.js.
const RUN = join(__dirname, '..', '..', 'bench', 'run.js');
const dir = mkdtempSync(join(tmpdir(), 'kinstrument-bench-smoke-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Report {
  name: string;
  data: unknown;
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [RUN, ...args], {
    env: { ...process.env, KAFKA_BROKERS: brokers().join(',') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 8 * 60_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

const finite = (value: unknown) => typeof value === 'number' && Number.isFinite(value);

test('bench/run --quick: every benchmark prints its table and every variant and step has a number', async () => {
  const jsonFile = join(dir, 'bench.json');
  const { code, stdout, stderr } = await run(['all', '--quick', '--json', jsonFile]);
  const context = `exit ${code}\nstdout:\n${stdout}\nstderr:\n${stderr.slice(-4000)}`;
  for (const heading of [
    '## Client overhead',
    '## Agent: DogStatsD intake',
    '## kafka_consumer check',
    '## Store',
  ]) {
    assert.ok(stdout.includes(heading), `the report has "${heading}"\n${context}`);
  }
  assert.match(stdout, /\| workload +\| variant +\| +msg\/s \|/, context);
  const { reports } = JSON.parse(readFileSync(jsonFile, 'utf8')) as { reports: Report[] };
  const data = (name: string) => reports.find((r) => r.name === name)?.data;

  const client = data('client') as {
    summaries: {
      workloadId: string;
      variant: string;
      messagesPerSecond: number;
      cpuMicrosPerMessage: number;
    }[];
  };
  const variants = new Set(client.summaries.map((s) => s.variant));
  assert.deepEqual([...variants].sort(), [
    'bare',
    'dd-trace',
    'kinstrument-full',
    'kinstrument-traces',
    'otel',
  ]);
  for (const s of client.summaries) {
    assert.ok(
      finite(s.messagesPerSecond) && finite(s.cpuMicrosPerMessage),
      `${s.workloadId} ${s.variant}\n${context}`,
    );
  }

  const agent = data('agent') as {
    steps: { name: string; processedLinesPerSecond: number; agentRssBytes: number }[];
  };
  assert.ok(agent.steps.length >= 2, context);
  for (const step of agent.steps) {
    assert.ok(
      finite(step.processedLinesPerSecond) && finite(step.agentRssBytes),
      `agent ${step.name}\n${context}`,
    );
  }

  const check = data('consumer-check') as { timings: { elapsedMs: number; state: string }[] };
  assert.ok(check.timings.length >= 1, context);
  for (const timing of check.timings) {
    assert.ok(finite(timing.elapsedMs), context);
    assert.notEqual(timing.state, 'ERROR', context);
  }
  const store = data('store') as {
    results: { kind: string; written: number }[];
    throughAgent: { name: string; spansStored: number; logsStored: number; storedPerSecond: number }[];
  };
  assert.deepEqual(store.results.map((r) => r.kind).sort(), ['logs', 'spans'], context);
  assert.ok(store.throughAgent.length >= 1, context);
  for (const step of store.throughAgent) {
    assert.ok(
      step.spansStored > 0 && step.logsStored > 0 && finite(step.storedPerSecond),
      `store via agent ${step.name}\n${context}`,
    );
  }
  assert.equal(code, 0, context);
});
