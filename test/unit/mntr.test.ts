import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMntr } from '../../src/agent/checks/zk/four-letter-words';

test('parseMntr splits numeric and text values', () => {
  const parsed = parseMntr(
    'zk_version\t3.8.4-9316c2a, built on 2024-02-12 22:16 UTC\nzk_avg_latency\t0.1234\n' +
      'zk_server_state\tstandalone\nzk_znode_count\t5\r\n',
  );
  assert.equal(parsed.metrics.get('zk_avg_latency'), 0.1234);
  assert.equal(parsed.metrics.get('zk_znode_count'), 5);
  assert.equal(parsed.text.get('zk_server_state'), 'standalone');
  assert.match(parsed.text.get('zk_version') ?? '', /^3\.8\.4/);
  assert.equal(parsed.malformedLines, 0);
});

test('parseMntr counts malformed lines and keeps going', () => {
  const parsed = parseMntr('garbage without tab\n\tno key\n\u0000\u0001binary\nzk_outstanding_requests\t0\n');
  assert.equal(parsed.malformedLines, 3);
  assert.equal(parsed.metrics.get('zk_outstanding_requests'), 0);
});

test('parseMntr on empty input yields nothing', () => {
  const parsed = parseMntr('');
  assert.equal(parsed.metrics.size + parsed.text.size + parsed.malformedLines, 0);
});
