// The broker's JMX is readable over HTTP through the Jolokia agent the rig attaches.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jolokiaBulk } from '../support/jolokia';
import { kafkaJolokiaUrl } from '../support/rig-env';

const jolokia = kafkaJolokiaUrl();

test(
  'a Jolokia bulk read of broker MBeans',
  { skip: !jolokia && 'no broker Jolokia URL (KINSTRUMENT_TEST_KAFKA_JOLOKIA)' },
  async () => {
    const [state, messagesIn, missing] = await jolokiaBulk(jolokia ?? '', [
      { type: 'read', mbean: 'kafka.server:type=KafkaServer,name=BrokerState', attribute: 'Value' },
      {
        type: 'read',
        mbean: 'kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec',
        attribute: ['Count', 'OneMinuteRate'],
      },
      { type: 'read', mbean: 'kafka.server:type=NoSuchBean,name=Nothing', attribute: 'Value' },
    ]);
    assert.equal(state?.status, 200);
    assert.equal(state?.value, 3, 'BrokerState 3 = RUNNING');
    assert.equal(messagesIn?.status, 200);
    const meter = messagesIn?.value as { Count: number; OneMinuteRate: number };
    assert.equal(typeof meter.Count, 'number');
    assert.equal(typeof meter.OneMinuteRate, 'number');
    // A bulk request answers every element; a missing bean fails alone.
    assert.equal(missing?.status, 404);
  },
);
