// CheckRunners for integration tests: check instances loaded as the agent loads conf.d files, every flush kept
// in memory.
import assert from 'node:assert/strict';
import { CheckRunner, loadCheck } from '../../src/agent/checks';
import type { Flush } from '../../src/agent/model';

/** One instance of one check, as a `conf.d/<check>.d/conf.yaml` would give it. */
export interface CheckDocument {
  check: string;
  instance: Record<string, unknown>;
  initConfig?: Record<string, unknown>;
}

export interface TestCheckRunner {
  runner: CheckRunner;
  /** The instances' ids, in the documents' order (for `runOnce`). */
  ids: string[];
  flushes: Flush[];
}

/** A runner over the documents, not started; each flush is pushed onto `flushes`. */
export function checkRunner(documents: readonly CheckDocument[], flushes: Flush[] = []): TestCheckRunner {
  const runner = new CheckRunner({
    sinks: { name: 'memory', write: (flush) => void flushes.push(flush) },
    unrefTimers: true,
  });
  const ids: string[] = [];
  for (const { check, instance, initConfig = {} } of documents) {
    const loaded = loadCheck(check, { init_config: initConfig, instances: [instance] }, `test:${check}.yaml`);
    assert.deepEqual(loaded.problems, []);
    const [configured] = loaded.instances;
    assert.ok(configured);
    runner.add(configured);
    ids.push(configured.id);
  }
  return { runner, ids, flushes };
}

/** A runner over one instance of one check, with that instance's id. */
export function singleCheckRunner(
  check: string,
  instance: Record<string, unknown>,
  initConfig: Record<string, unknown> = {},
): { runner: CheckRunner; id: string; flushes: Flush[] } {
  const { runner, ids, flushes } = checkRunner([{ check, instance, initConfig }]);
  return { runner, id: ids[0]!, flushes };
}
