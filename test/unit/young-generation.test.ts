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
// As the agent does. The timer is kept out of the way (one minute), so 'held' shows the hold set again
// when a worker comes online; 'flag-once' sets the flag alone, once.
const young = new YoungGeneration(phase === 'v8' ? 'v8' : 'held', 60_000);
if (phase === 'flag-once') setFlagsFromString('--semi-space-growth-factor=1');
else young.start();
churn();
sizes.started = newSpaceMb();
const worker = new Worker('setTimeout(() => {}, 3000)', { eval: true });
worker.once('online', () => {
  const afterWorker = () => {
    // A scavenge between the worker's start and its 'online' may still grow the new space one step.
    sizes.online = newSpaceMb();
    churn();
    sizes.afterWorker = newSpaceMb();
    young.stop();
    if (phase !== 'flag-once') churn();
    sizes.stopped = newSpaceMb();
    process.stdout.write(JSON.stringify(sizes));
    process.exit(0);
  };
  setImmediate(afterWorker);
});
`;

interface Sizes {
  started: number;
  online: number;
  afterWorker: number;
  stopped: number;
}

function run(phase: string): Sizes {
  const child = spawnSync(process.execPath, ['-e', SCRIPT, phase], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as Sizes;
}

test('young generation: V8 grows it under this allocation when left alone (young_generation_growth: true)', () => {
  const sizes = run('v8');
  assert.ok(sizes.started > 4, `new space ${sizes.started} MB`);
});

test('young generation: held at its starting 2 MB, held again once a worker thread runs, given back on stop', () => {
  const sizes = run('held');
  assert.ok(sizes.started <= 2, `new space ${sizes.started} MB after start`);
  assert.ok(
    sizes.afterWorker <= Math.max(2, sizes.online),
    `new space ${sizes.online} → ${sizes.afterWorker} MB once the flag was set again`,
  );
  assert.ok(sizes.stopped > sizes.afterWorker, `new space ${sizes.stopped} MB after stop: grows again`);
});

test('young generation: a new isolate puts the growth factor back, which is why it is set again', () => {
  const sizes = run('flag-once');
  assert.ok(sizes.started <= 2);
  assert.ok(
    sizes.afterWorker > Math.max(2, sizes.online),
    `new space ${sizes.afterWorker} MB: if this fails, V8 no longer resets the flag, and holding it again is unneeded`,
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
