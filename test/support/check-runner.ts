// A CheckRunner for integration tests: the given check instances, loaded as the agent loads conf.d files, with
// every flush kept in memory.
import assert from 'node:assert/strict';
import { CheckRunner, loadCheck } from '../../src/agent/checks';
import type { Flush } from '../../src/agent/model';

/** Starts a runner over `[check name, instance]` pairs; each flush is pushed onto `flushes`. */
export function startCheckRunner(
  instances: readonly [check: string, instance: Record<string, unknown>][],
  flushes: Flush[],
): CheckRunner {
  const runner = new CheckRunner({
    sinks: { name: 'memory', write: (flush) => void flushes.push(flush) },
    unrefTimers: true,
  });
  for (const [check, instance] of instances) {
    const loaded = loadCheck(check, { init_config: {}, instances: [instance] }, `test:${check}.yaml`);
    assert.deepEqual(loaded.problems, []);
    for (const configured of loaded.instances) runner.add(configured);
  }
  runner.start();
  return runner;
}
