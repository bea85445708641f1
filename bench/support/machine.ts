// What the numbers were measured on: they mean little without the machine, the runtime and the broker.
import { cpus, freemem, loadavg, release, totalmem, type as osType } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './paths';

export interface MachineDetails {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  /** 1-minute load average when the run started: the machine is shared, so this says how busy it was. */
  loadAverage1m: number;
  os: string;
  node: string;
  kafkajs: string;
  kafka: string;
}

function packageVersion(name: string): string {
  try {
    const manifest = JSON.parse(
      readFileSync(join(projectRoot, 'node_modules', name, 'package.json'), 'utf8'),
    ) as { version?: string };
    return manifest.version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

/** The broker's version from its Jolokia agent (the rig has one); `unknown` when there is none. */
async function kafkaVersion(): Promise<string> {
  const base = process.env.KINSTRUMENT_TEST_KAFKA_JOLOKIA || 'http://127.0.0.1:8778/jolokia';
  try {
    const response = await fetch(`${base}/read/kafka.server:type=app-info/version`, {
      signal: AbortSignal.timeout(3_000),
    });
    const body = (await response.json()) as { value?: unknown };
    return typeof body.value === 'string' ? body.value : 'unknown';
  } catch {
    return 'unknown (no Jolokia)';
  }
}

export async function machineDetails(): Promise<MachineDetails> {
  const processors = cpus();
  return {
    date: new Date().toISOString(),
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: totalmem() / 1024 ** 3,
    freeMemoryGiB: freemem() / 1024 ** 3,
    loadAverage1m: loadavg()[0] ?? Number.NaN,
    os: `${osType()} ${release()}`,
    node: process.version,
    kafkajs: packageVersion('kafkajs'),
    kafka: await kafkaVersion(),
  };
}

export function describeMachine(details: MachineDetails): string {
  return [
    `date: ${details.date}`,
    `cpu: ${details.cpuModel}, ${details.cores} cores; memory ${details.memoryGiB.toFixed(1)} GiB ` +
      `(${details.freeMemoryGiB.toFixed(1)} free); load average (1 min) ${details.loadAverage1m.toFixed(2)}`,
    `os: ${details.os}; node ${details.node}; kafkajs ${details.kafkajs}; Kafka ${details.kafka}`,
  ].join('\n');
}
