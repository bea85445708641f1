// `npm run demo`: the main job in one command. Starts the Kafka + ZooKeeper rig, the agent with a ready
// conf.d (kafka, kafka_consumer, zk, broker and ZooKeeper logs), and the signup_processor example — a
// producer and a consumer run with `node -r kinstrument/register` — plus a little traffic, then prints
// where to look. Ctrl-C stops everything it started.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

const root = resolve(__dirname, '..', '..');
const demoDir = join(root, '.demo');
const rigLogs = join(root, 'rig', '.state', 'zk', 'logs');
const children: { name: string; child: ChildProcess }[] = [];
const TOPIC = 'signups';
const API = 'http://127.0.0.1:5001';

function say(message: string): void {
  process.stdout.write(`demo: ${message}\n`);
}

function writeDemoConfig(): string {
  mkdirSync(join(demoDir, 'conf.d', 'kafka.d'), { recursive: true });
  mkdirSync(join(demoDir, 'conf.d', 'kafka_consumer.d'), { recursive: true });
  mkdirSync(join(demoDir, 'conf.d', 'zk.d'), { recursive: true });
  const config = join(demoDir, 'kinstrument.yaml');
  writeFileSync(config, 'tags: [env:demo]\nflush_interval: 10\nlogs_enabled: true\n');
  writeFileSync(
    join(demoDir, 'conf.d', 'kafka.d', 'conf.yaml'),
    [
      'instances:',
      '  - host: 127.0.0.1',
      '    port: 8778',
      '    zookeeper_jolokia_url: http://127.0.0.1:8779/jolokia',
      '    min_collection_interval: 10',
      'logs:',
      '  - type: file',
      `    path: ${rigLogs}/server.log`,
      '    source: kafka',
      '    service: kafka',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(demoDir, 'conf.d', 'kafka_consumer.d', 'conf.yaml'),
    'instances:\n  - kafka_connect_str: 127.0.0.1:9092\n    monitor_unlisted_consumer_groups: true\n    min_collection_interval: 10\n',
  );
  writeFileSync(
    join(demoDir, 'conf.d', 'zk.d', 'conf.yaml'),
    [
      'instances:',
      '  - host: 127.0.0.1',
      '    port: 2181',
      '    expected_mode: standalone',
      '    min_collection_interval: 10',
      'logs:',
      '  - type: file',
      `    path: ${rigLogs}/zookeeper.log`,
      '    source: zookeeper',
      '    service: zookeeper',
      '',
    ].join('\n'),
  );
  return config;
}

function start(name: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (line: string) => `[${name}] ${line}`;
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) process.stdout.write(prefix(line) + '\n');
    });
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    say(`${name} exited (${signal ?? code}); stopping the demo`);
    void stopAll(1);
  });
  children.push({ name, child });
  return child;
}

async function waitForAgent(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${API}/api/v1/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the agent did not answer on ${API} within 30 s`);
}

async function ensureTopic(): Promise<void> {
  const admin = new Kafka({
    clientId: 'demo-setup',
    brokers: ['127.0.0.1:9092'],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
}

let stopping = false;
let rigStartedHere = false;
let traffic: NodeJS.Timeout | undefined;

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(traffic);
  say('stopping …');
  for (const { child } of [...children].reverse()) child.kill('SIGTERM');
  await Promise.all(
    children.map(
      ({ child }) => new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r))),
    ),
  );
  if (rigStartedHere) spawnSync('bash', [join(root, 'rig', 'bin', 'stop.sh')], { stdio: 'inherit' });
  say('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  rigStartedHere =
    spawnSync('bash', [join(root, 'rig', 'bin', 'status.sh')], { stdio: 'ignore' }).status !== 0;
  say(
    rigStartedHere
      ? 'starting Kafka 3.9 + ZooKeeper (first run downloads the jars) …'
      : 'reusing the running rig',
  );
  if (spawnSync('bash', [join(root, 'rig', 'bin', 'start.sh')], { stdio: 'inherit' }).status !== 0) {
    throw new Error('the rig did not start (see above)');
  }
  const config = writeDemoConfig();
  start('agent', [join(root, 'dist', 'src', 'cli', 'main.js'), 'agent', '-c', config]);
  await waitForAgent();
  await ensureTopic();
  const register = join(root, 'dist', 'register.js');
  const sdkEnv = (role: string) => ({
    KAFKA_BROKERS: '127.0.0.1:9092',
    OTEL_SERVICE_NAME: 'signup_processor',
    DD_ENV: 'demo',
    KINSTRUMENT_TAGS: `role:${role}`,
    TOPIC,
  });
  start(
    'producer',
    ['-r', register, join(root, 'examples', 'signup-processor', 'producer.js')],
    sdkEnv('producer'),
  );
  start(
    'consumer',
    ['-r', register, join(root, 'examples', 'signup-processor', 'consumer.js')],
    sdkEnv('consumer'),
  );
  let sent = 0;
  traffic = setInterval(() => {
    sent += 1;
    fetch('http://127.0.0.1:3000/signup', {
      method: 'POST',
      body: JSON.stringify({ email: `user${sent}@example.com` }),
    }).catch(() => undefined);
  }, 250);
  say(
    `running. Dashboard: ${API}/ui/   ·   status: npx kinstrument status -c ${config}   ·   metrics: ${API}/metrics`,
  );
  say('Ctrl-C stops everything the demo started.');
}

main().catch((error: unknown) => {
  say(`failed: ${(error as Error).message}`);
  void stopAll(1);
});
