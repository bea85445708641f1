// init() in code, before kafkajs is required.
const { init } = require('kinstrument');
const kinstrument = init({
  serviceName: 'programmatic-example',
  env: 'dev',
  kafka: { captureMessageKey: true },
});

const { Kafka, Partitioners } = require('kafkajs');

(async () => {
  const kafka = new Kafka({
    clientId: 'programmatic-example',
    brokers: (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(','),
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({
    topic: process.env.TOPIC || 'signups',
    messages: [{ key: 'user-42', value: 'hello' }],
  });
  await producer.disconnect();
  await kinstrument.shutdown();
})();
