// ObjectName parsing (order-independent, quoted values, patterns) and JMX results → metrics.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KAFKA_JMX_METRICS } from '../../src/catalog/checks/kafka';
import type { JolokiaReadResult } from '../../src/agent/checks/jolokia/client';
import { numeric, planJmxReads, submitJmxMetrics } from '../../src/agent/checks/jolokia/jmx-metrics';
import {
  canonicalObjectName,
  hasProperties,
  parseObjectName,
} from '../../src/agent/checks/jolokia/object-name';
import { CounterState } from '../../src/agent/checks/runtime/counter-state';
import { RunContext } from '../../src/agent/checks/runtime/run-context';

test('ObjectNames parse whatever the key order (Jolokia 2.x keeps registration order, 1.x sorts)', () => {
  const registered = parseObjectName(
    'kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,version=9',
  );
  const sorted = parseObjectName(
    'kafka.network:name=RequestsPerSec,request=Produce,type=RequestMetrics,version=9',
  );
  assert.ok(registered && sorted);
  assert.equal(canonicalObjectName(registered), canonicalObjectName(sorted));
  assert.equal(registered.domain, 'kafka.network');
  assert.ok(hasProperties(sorted, { request: 'Produce', name: 'RequestsPerSec' }));
  assert.ok(!hasProperties(sorted, { request: 'Fetch' }));
});

test('ObjectNames with quoted values, patterns, and garbage', () => {
  const quoted = parseObjectName('kafka.server:type="a,b=c",name=\\x');
  assert.equal(quoted?.properties.get('type'), 'a,b=c');
  const pattern = parseObjectName('kafka.server:type=BrokerTopicMetrics,*');
  assert.equal(pattern?.isPropertyListPattern, true);
  assert.equal(pattern?.properties.get('type'), 'BrokerTopicMetrics');
  assert.equal(parseObjectName('no-colon'), undefined);
  assert.equal(parseObjectName('d:novalue'), undefined);
  assert.equal(parseObjectName('d:a=1,a=2'), undefined, 'duplicate keys');
  assert.equal(parseObjectName('d:k="unterminated'), undefined);
});

test('numeric accepts numbers, long-as-string and composite paths only', () => {
  assert.equal(numeric(3), 3);
  assert.equal(numeric('9007199254740993'), 9007199254740992);
  assert.equal(numeric({ used: 5, max: 9 }, 'used'), 5);
  assert.equal(numeric('SECONDS'), undefined);
  assert.equal(numeric(null), undefined);
});

test('one read element per MBean pattern, and results mapped back with tags and sums', () => {
  const definitions = KAFKA_JMX_METRICS.filter((metric) =>
    ['kafka.request.produce.rate', 'kafka.server.socket.connection_count', 'kafka.messages_in.rate'].includes(
      metric.name,
    ),
  );
  const plan = planJmxReads(definitions);
  assert.equal(plan.reads.length, 3);
  let now = 1_000_000;
  const counters = new CounterState();
  const run = (results: JolokiaReadResult[], runNumber: number) => {
    const context = new RunContext({
      check: 'kafka',
      baseTags: ['env:test'],
      counters,
      run: runNumber,
      now: () => now,
      intervalSeconds: 15,
      signal: new AbortController().signal,
    });
    const summary = submitJmxMetrics(context, definitions, plan, results, ['instance:x']);
    return { context, summary };
  };
  const results = (produce: [number, number], connections: [number, number]): JolokiaReadResult[] =>
    plan.reads.map((read) => {
      if (read.mbean.includes('RequestsPerSec')) {
        return {
          ok: true,
          beans: new Map([
            // Sorted key order (Jolokia 1.x) for one, registration order for the other.
            [
              'kafka.network:name=RequestsPerSec,request=Produce,type=RequestMetrics,version=7',
              { Count: produce[0] },
            ],
            [
              'kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,version=9',
              { Count: produce[1] },
            ],
            [
              'kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Fetch,version=11',
              { Count: 1e9 },
            ],
          ]),
        };
      }
      if (read.mbean.includes('socket-server-metrics')) {
        return {
          ok: true,
          beans: new Map([
            [
              'kafka.server:type=socket-server-metrics,listener=PLAINTEXT,networkProcessor=0',
              { 'connection-count': connections[0] },
            ],
            [
              'kafka.server:type=socket-server-metrics,listener=PLAINTEXT,networkProcessor=1',
              { 'connection-count': connections[1] },
            ],
          ]),
        };
      }
      return { ok: false, status: 404, error: 'javax.management.InstanceNotFoundException' };
    });
  const first = run(results([10, 5], [2, 3]), 1);
  assert.equal(first.summary.missing, 1, 'the 404 element is counted, not fatal');
  assert.deepEqual(
    first.context.metrics.map((m) => [m.name, m.value, m.tags.join(',')]),
    [['kafka.server.socket.connection_count', 5, 'env:test,instance:x,listener:PLAINTEXT']],
    'rates submit nothing on the first run; gauges of one listener are summed',
  );
  now += 10_000;
  const second = run(results([30, 25], [1, 1]), 2);
  const produce = second.context.metrics.find((m) => m.name === 'kafka.request.produce.rate');
  assert.equal(produce?.value, 4, '(55 − 15) requests over 10 s, versions summed');
  assert.equal(produce?.type, 'gauge');
});
