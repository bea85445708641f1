// The young generation held small (src/agent/runtime/young-generation.ts): that V8 behaves as the module
// relies on, checked in fresh node processes (the flag is process-wide, so not in the test runner's own).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { youngGenerationMode } from '../../src/agent/runtime/young-generation';

const modulePath = join(__dirname, '..', '..', 'src', 'agent', 'runtime', 'young-generation.js');

// Allocation that V8 answers by growing the new space: short-lived objects, with 20,000 surviving each
// scavenge. Prints the main thread's new space in MB after each phase.
const SCRIPT = `
const { YoungGeneration } = require(${JSON.stringify(modulePath)});
const { Worker } = require('node:worker_threads');
const { getHeapSpaceStatistics, setFlagsFromString } = require('node:v8');
const newSpaceMb = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
const churn = () => { let keep = []; for (let i = 0; i < 3e6; i += 1) { keep.push({ i, s: 'x' + i }); if (keep.length > 20000) keep = []; } };
const phase = process.argv[1];
const sizes = {};
// 'flag-once': the flag alone, set once, without the module's timer.
const young = new YoungGeneration(phase === 'v8' ? 'v8' : 'held');
if (phase === 'flag-once') setFlagsFromString('--semi-space-growth-factor=1');
else young.start();
churn();
sizes.started = newSpaceMb();
const worker = new Worker('setTimeout(() => {}, 3000)', { eval: true });
worker.once('online', () => {
  const afterWorker = () => {
    churn();
    sizes.afterWorker = newSpaceMb();
    young.stop();
    if (phase !== 'flag-once') churn();
    sizes.stopped = newSpaceMb();
    process.stdout.write(JSON.stringify(sizes));
    process.exit(0);
  };
  if (phase === 'flag-once') afterWorker();
  else setTimeout(afterWorker, 1_300);
});
`;

function run(phase: string): { started: number; afterWorker: number; stopped: number } {
  const child = spawnSync(process.execPath, ['-e', SCRIPT, phase], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as { started: number; afterWorker: number; stopped: number };
}

test('young generation: V8 grows it under this allocation when left alone', () => {
  const sizes = run('v8');
  assert.ok(sizes.started > 4, `new space ${sizes.started} MB`);
});

test('young generation: held at 2 MB, also after a worker thread starts, and given back on stop', () => {
  const sizes = run('held');
  assert.ok(sizes.started <= 2, `new space ${sizes.started} MB after start`);
  assert.ok(sizes.afterWorker <= 2, `new space ${sizes.afterWorker} MB once the flag was set again`);
  assert.ok(sizes.stopped > sizes.afterWorker, `new space ${sizes.stopped} MB after stop: grows again`);
});

test('young generation: a new isolate puts the growth factor back, which is why it is set again', () => {
  const sizes = run('flag-once');
  assert.ok(sizes.started <= 2);
  assert.ok(
    sizes.afterWorker > 2,
    `new space ${sizes.afterWorker} MB: if this fails, V8 no longer resets the flag and the timer is unneeded`,
  );
});

test('young generation: the mode follows the config unless node options size it', () => {
  assert.equal(youngGenerationMode(false, ['']), 'held');
  assert.equal(youngGenerationMode(true, ['']), 'v8');
  assert.equal(youngGenerationMode(false, ['--max-semi-space-size=4']), 'node-options');
  assert.equal(youngGenerationMode(true, ['--inspect', '--max_semi_space_size=64']), 'node-options');
  assert.equal(youngGenerationMode(false, ['--semi-space-growth-factor=4']), 'node-options');
  assert.equal(youngGenerationMode(false, ['--max-old-space-size=512']), 'held');
});
