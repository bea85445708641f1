// A second, private ZooKeeper-mode rig on its own ports and state directory, for tests that stop and restart
// components: the shared rig on the default ports is never touched.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type RigComponent = 'kafka' | 'zookeeper';

export interface PrivateRigPorts {
  kafka: number;
  zookeeper: number;
  controller: number;
  jolokiaKafka: number;
  jolokiaZookeeper: number;
}

export const DEFAULT_PRIVATE_PORTS: PrivateRigPorts = {
  kafka: 19092,
  zookeeper: 12181,
  controller: 19093,
  jolokiaKafka: 18778,
  jolokiaZookeeper: 18779,
};

const projectRoot = resolve(__dirname, '..', '..', '..');

export interface PrivateRigOptions {
  /** Broker settings over the rig's own server.properties (RIG_KAFKA_PROPERTIES), e.g. a replication factor. */
  kafkaProperties?: Record<string, string>;
}

export class PrivateRig {
  readonly state: string;

  private constructor(
    readonly ports: PrivateRigPorts,
    private readonly options: PrivateRigOptions,
  ) {
    this.state = mkdtempSync(join(tmpdir(), 'kinstrument-private-rig-'));
  }

  /** Starts a fresh private rig (ZooKeeper + Kafka 3.9) and resolves once the broker is RUNNING. */
  static async start(
    ports: PrivateRigPorts = DEFAULT_PRIVATE_PORTS,
    options: PrivateRigOptions = {},
  ): Promise<PrivateRig> {
    const rig = new PrivateRig(ports, options);
    try {
      await rig.script('start.sh');
    } catch (error) {
      await rig.destroy();
      throw error;
    }
    return rig;
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.ports.kafka}`];
  }

  /** Kills one component (SIGTERM, like stop.sh) and waits until its process is gone. */
  async stop(component: RigComponent): Promise<void> {
    const pid = this.pid(component);
    if (pid === undefined) return;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    const deadline = Date.now() + 30_000;
    while (isAlive(pid)) {
      if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  /** Starts one stopped component again (`start.sh --only <component>`), resolving when it is ready. */
  async restart(component: RigComponent): Promise<void> {
    await this.script('start.sh', ['--only', component]);
  }

  /** Stops everything and deletes the state directory; safe to call more than once. */
  async destroy(): Promise<void> {
    try {
      await this.script('stop.sh');
    } finally {
      rmSync(this.state, { recursive: true, force: true });
    }
  }

  private pid(component: RigComponent): number | undefined {
    try {
      const pid = Number(readFileSync(join(this.state, 'run', `${component}.pid`), 'utf8').trim());
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  private script(name: string, args: string[] = []): Promise<void> {
    const env = {
      ...process.env,
      RIG_MODE: 'zk',
      RIG_STATE: this.state,
      KAFKA_PORT: String(this.ports.kafka),
      ZK_PORT: String(this.ports.zookeeper),
      CONTROLLER_PORT: String(this.ports.controller),
      JOLOKIA_KAFKA_PORT: String(this.ports.jolokiaKafka),
      JOLOKIA_ZK_PORT: String(this.ports.jolokiaZookeeper),
      KAFKA_HEAP_OPTS: '-Xms256m -Xmx512m',
      RIG_TIMEOUT: '90',
      RIG_KAFKA_PROPERTIES: Object.entries(this.options.kafkaProperties ?? {})
        .map(([key, value]) => `${key}=${value}`)
        .join('\n'),
    };
    return new Promise((done, fail) => {
      const child = spawn('bash', [join(projectRoot, 'rig', 'bin', name), ...args], { env, stdio: 'pipe' });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', fail);
      child.on('exit', (code) =>
        code === 0
          ? done()
          : fail(new Error(`rig ${name} ${args.join(' ')} exited ${code}:\n${output.slice(-4000)}`)),
      );
    });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
