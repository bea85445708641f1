// The OTLP receiver's status section: refusals summed once per request, each reason named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatOtlpReceiverStatus, OtlpReceiver } from '../../src/agent/intake/otlp';

const nullSink = { offerSpans: () => 0, offerLogs: () => 0 };

test('a request refused undecoded with the store full counts once, and busy refusals are named', () => {
  const stats = new OtlpReceiver({ sink: nullSink }).stats();
  stats.errors.sinkFull = 3;
  stats.errors.sinkFullUndecoded = 2; // two of the three sinkFull requests, not two more
  stats.errors.busy = 4;
  const line = formatOtlpReceiverStatus(stats).find((row) => row.includes('Refused requests'));
  assert.equal(line, '  Refused requests: 7 (sinkFull=3, sinkFullUndecoded=2, busy=4)');
});
