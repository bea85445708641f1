// ES-module producer: node --import kinstrument/register examples/esm/app.mjs
import { Kafka, Partitioners } from 'kafkajs';

const kafka = new Kafka({
  clientId: 'esm-example',
  brokers: (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(','),
});
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
const [ack] = await producer.send({
  topic: process.env.TOPIC || 'signups',
  messages: [{ value: JSON.stringify({ email: 'esm@example.com' }) }],
});
console.log('sent', ack);
await producer.disconnect();
