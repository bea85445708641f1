// Signup API: POST /signup {"email": …} publishes a signup event.
const http = require('node:http');
const { Kafka, Partitioners } = require('kafkajs');

const topic = process.env.TOPIC || 'signups';
const kafka = new Kafka({
  clientId: 'signup-api',
  brokers: (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(','),
});
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/signup') return res.writeHead(404).end();
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', async () => {
    try {
      const { email } = JSON.parse(body || '{}');
      const [ack] = await producer.send({
        topic,
        messages: [{ key: email, value: JSON.stringify({ email, at: Date.now() }) }],
      });
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify(ack));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
});

producer.connect().then(() => server.listen(Number(process.env.PORT || 3000), '127.0.0.1'));
