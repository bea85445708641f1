// `npm test`: unit tests, then the integration suite against a real broker in each rig mode.
//
//   node build/test/run-tests.js [unit|integration] [--only <substring>]
//
// Without KAFKA_BROKERS the rig is started here (reused when already running) in both modes one after
// the other: ZooKeeper mode (Kafka 3.9) and KRaft (Kafka 4.x); RIG_MODE=zk|kraft picks one.
// With KAFKA_BROKERS=host:port the integration suite runs once against that cluster.
//
// node:test runs each file in its own process on the compiled output: no module-loader tricks between the
// test and the require hooks under test.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

type Mode = 'zk' | 'kraft';
interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const projectRoot = resolve(__dirname, '..', '..');
const buildTestDir = join(projectRoot, 'build', 'test');
const tally: Tally = { passed: 0, failed: 0, skipped: 0 };

function testFiles(folder: string, filter: (file: string) => boolean): string[] {
  const dir = join(buildTestDir, folder);
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return [];
  }
  const only = argValue('--only');
  return entries
    .filter((f) => f.endsWith('.test.js') && filter(f) && (!only || f.includes(only)))
    .sort()
    .map((f) => join(dir, f));
}

function argValue(flag: string): string | undefined {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function runFiles(title: string, files: string[], concurrency: number): Promise<void> {
  if (files.length === 0) return;
  console.log(`\n=== ${title}: ${files.length} file(s) ===`);
  const stream = run({ files, concurrency, timeout: 10 * 60_000 });
  stream.on('test:pass', (data) => {
    if (data.details.type === 'suite') return;
    if (data.skip || data.todo) tally.skipped += 1;
    else tally.passed += 1;
  });
  stream.on('test:fail', (data) => {
    if (data.details.type !== 'suite') tally.failed += 1;
  });
  // Wait for the reporter, not the event stream: its output lags the events.
  const report = stream.compose(new spec());
  report.pipe(process.stdout, { end: false });
  await finished(report);
}

function rig(script: string, mode: Mode): number {
  const result = spawnSync('bash', [join(projectRoot, 'rig', 'bin', script)], {
    stdio: script === 'status.sh' ? 'ignore' : 'inherit',
    env: { ...process.env, RIG_MODE: mode },
  });
  return result.status ?? 1;
}

/** Where the rig listens: the rig scripts' defaults, or the same variables they read (KAFKA_PORT, …). */
function rigEnvironment(mode: Mode): NodeJS.ProcessEnv {
  const port = (name: string, fallback: number) => Number(process.env[name] || fallback);
  const zk = mode === 'zk';
  return {
    KAFKA_BROKERS: `127.0.0.1:${port('KAFKA_PORT', 9092)}`,
    KINSTRUMENT_TEST_RIG_MODE: mode,
    KINSTRUMENT_TEST_KAFKA_JOLOKIA: `http://127.0.0.1:${port('JOLOKIA_KAFKA_PORT', 8778)}/jolokia`,
    KINSTRUMENT_TEST_ZK_JOLOKIA: zk ? `http://127.0.0.1:${port('JOLOKIA_ZK_PORT', 8779)}/jolokia` : '',
    KINSTRUMENT_TEST_ZOOKEEPER: zk ? `127.0.0.1:${port('ZK_PORT', 2181)}` : '',
  };
}

async function integrationInRigMode(mode: Mode): Promise<void> {
  const wasRunning = rig('status.sh', mode) === 0;
  // The modes share ports: a rig of the other mode must be out of the way first.
  const other: Mode = mode === 'zk' ? 'kraft' : 'zk';
  const otherWasRunning = rig('status.sh', other) === 0;
  if (otherWasRunning) rig('stop.sh', other);
  try {
    if (rig('start.sh', mode) !== 0) {
      console.error(`the ${mode} rig did not start; integration tests in that mode count as failed`);
      tally.failed += 1;
      return;
    }
    Object.assign(process.env, rigEnvironment(mode));
    // Files named *.zk.test.js need ZooKeeper itself, or need one pass only (the benchmark smoke run): they run
    // in ZooKeeper mode only.
    const files = testFiles('integration', (f) => mode === 'zk' || !f.endsWith('.zk.test.js'));
    await runFiles(`integration (${mode === 'zk' ? 'Kafka 3.9 + ZooKeeper' : 'Kafka 4.x KRaft'})`, files, 2);
  } finally {
    if (!wasRunning && process.env.KINSTRUMENT_KEEP_RIG !== '1') rig('stop.sh', mode);
    if (otherWasRunning) rig('start.sh', other);
  }
}

async function main(): Promise<void> {
  const suite = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'all';
  if (!['all', 'unit', 'integration'].includes(suite)) {
    console.error(`unknown suite '${suite}': use unit, integration or nothing for both`);
    process.exit(2);
  }
  if (suite !== 'integration') {
    await runFiles(
      'unit',
      testFiles('unit', () => true),
      2,
    );
  }
  if (suite !== 'unit') {
    spawnSync('bash', [join(projectRoot, 'scripts', 'ensure-system-deps.sh')], { stdio: 'inherit' });
    if (process.env.KAFKA_BROKERS) {
      process.env.KINSTRUMENT_TEST_RIG_MODE ??= 'external';
      await runFiles(
        `integration (KAFKA_BROKERS=${process.env.KAFKA_BROKERS})`,
        testFiles('integration', () => true),
        2,
      );
    } else {
      const requested = process.env.RIG_MODE;
      if (requested && requested !== 'zk' && requested !== 'kraft') {
        console.error(`RIG_MODE must be 'zk' or 'kraft', got '${requested}'`);
        process.exit(2);
      }
      const modes: Mode[] = requested ? [requested as Mode] : ['zk', 'kraft'];
      for (const mode of modes) await integrationInRigMode(mode);
    }
  }
  const total = tally.passed + tally.failed + tally.skipped;
  console.log(`\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
  if (tally.failed > 0 || total === 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
