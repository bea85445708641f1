// The shipped example configurations are valid: a user copying them gets a working setup.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCheck } from '../../src/agent/checks';
import { loadAgentConfig } from '../../src/agent/config/main-config';
import { parseYamlFile } from '../../src/agent/config/yaml-file';
import { parseLogsSection } from '../../src/agent/logs';

const examples = join(__dirname, '..', '..', '..', 'examples', 'agent');

test('kinstrument.yaml.example loads', () => {
  const config = loadAgentConfig(join(examples, 'kinstrument.yaml.example'));
  assert.equal(config.cmdPort, 5001);
  const rule = config.logMetricRules.find((r) => r.name === 'kafka.fetch_errors_by_topic');
  assert.equal(rule?.extract?.exec('Error for partition orders-3 at offset 7')?.groups?.topic, 'orders');
});

for (const check of readdirSync(join(examples, 'conf.d'))) {
  test(`conf.d/${check}/conf.yaml.example is a valid ${check.replace(/\.d$/, '')} configuration`, () => {
    const file = join(examples, 'conf.d', check, 'conf.yaml.example');
    const loaded = loadCheck(check.replace(/\.d$/, ''), parseYamlFile(file), `file:${file}`);
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.instances.length, 1);
    const logs = parseLogsSection(parseYamlFile(file), file);
    assert.deepEqual(logs.problems, []);
  });
}
