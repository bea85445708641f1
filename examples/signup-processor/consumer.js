// Signup worker: for each signup, "sends a welcome mail" (a span of its own, under kinstrument's process span).
const { Kafka } = require('kafkajs');
const { trace } = require('@opentelemetry/api');

const topic = process.env.TOPIC || 'signups';
const kafka = new Kafka({
  clientId: 'signup-worker',
  brokers: (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(','),
});
const consumer = kafka.consumer({ groupId: process.env.GROUP_ID || 'signup-processor' });
const tracer = trace.getTracer('signup-processor');

async function sendWelcomeMail(email) {
  const span = tracer.startSpan('send welcome mail');
  span.setAttribute('mail.to.domain', email.split('@')[1] || '');
  await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
  span.end();
}

(async () => {
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const { email } = JSON.parse(message.value.toString());
      await sendWelcomeMail(email);
    },
  });
})();
