// Runs the client overhead benchmark: for each workload, `rounds` rounds of every variant, interleaved
// (A B C D E, then B C D E A, …) so drift on a shared machine hits every variant alike.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanEnvironment, runChild } from '../support/child-process';
import { benchBrokers } from '../support/kafka';
import { benchScript } from '../support/paths';
import { ALLOC_PROFILE_ENV } from './child/allocation-sampling';
import { CHILD_RESULT_PREFIX, CHILD_TASK_ENV, type ChildMeasurement } from './child/child-result';
import type { ClientSample } from './client-samples';
import { TelemetrySinks } from './sinks/telemetry-sinks';
import { prepareClientTopics } from './topics';
import { baselineVariants, VARIANTS, type Variant, type VariantId } from './variants';
import {
  clientWorkloads,
  consumeTopicMessagesNeeded,
  type ChildTask,
  type Scale,
  type Workload,
} from './workloads';

export interface ClientRunOptions {
  scale: Scale;
  /** Measured and warm-up messages × this. */
  scaleFactor: number;
  rounds: number;
  /** Only workloads whose id contains this text. */
  only?: string;
  variants?: readonly VariantId[];
  /** Children run with --cpu-prof into this folder (one profile per child, named by variant and workload). */
  cpuProfileDir?: string;
  /** Children sample their window's allocations into this folder (`<variant>-<workload>-r<n>.heapprofile`). */
  allocProfileDir?: string;
  /** Extra Node/V8 flags for every child (diagnostics). */
  childFlags?: readonly string[];
  /** A baseline build of kinstrument (a folder with dist/): its two variants run alongside. */
  baselineDir?: string;
  log: (line: string) => void;
}

export interface ClientRunResult {
  workloads: Workload[];
  variants: Variant[];
  samples: ClientSample[];
}

const CHILD_TIMEOUT_MS = 180_000;

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function totalMessages(workload: Workload, measured: number): number {
  if (workload.kind === 'produce') return (workload.sends + workload.warmupSends) * workload.batchSize;
  return measured + workload.warmupMessages;
}

/** A child's profile files are named by variant, workload and round, then `.cpuprofile` or `.heapprofile`. */
function profileName(variant: Variant, workload: Workload, round: number, extension: string): string {
  return `${variant.id}-${workload.id.replace(/[^a-zA-Z0-9=-]+/g, '_')}-r${round + 1}${extension}`;
}

/** The child's allocation profile file, and its environment variable, when --alloc-prof is on. */
function allocationProfile(dir: string | undefined, variant: Variant, workload: Workload, round: number) {
  if (!dir) return { file: undefined, env: {} };
  const file = join(dir, profileName(variant, workload, round, '.heapprofile'));
  return { file, env: { [ALLOC_PROFILE_ENV]: file } };
}

function profileArgs(dir: string | undefined, variant: Variant, workload: Workload, round: number): string[] {
  if (!dir) return [];
  return [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    `--cpu-prof-name=${profileName(variant, workload, round, '.cpuprofile')}`,
  ];
}

async function runOnce(
  variant: Variant,
  workload: Workload,
  round: number,
  profiles: Pick<ClientRunOptions, 'cpuProfileDir' | 'allocProfileDir' | 'childFlags'>,
): Promise<ClientSample> {
  const { cpuProfileDir } = profiles;
  const allocations = allocationProfile(profiles.allocProfileDir, variant, workload, round);
  const sinks = new TelemetrySinks();
  const addresses = await sinks.start();
  const task: ChildTask = {
    workload,
    brokers: benchBrokers(),
    groupId: `bench-consume-${variant.id}-${randomBytes(4).toString('hex')}`,
  };
  const sample: ClientSample = { workloadId: workload.id, variant: variant.id, round, totalMessages: 0 };
  try {
    const run = await runChild<ChildMeasurement>({
      nodeArgs: [
        '--expose-gc',
        ...(profiles.childFlags ?? []),
        ...profileArgs(cpuProfileDir, variant, workload, round),
        ...variant.preload.flatMap((module) => ['-r', module]),
        benchScript('client', 'child', 'main.js'),
      ],
      env: {
        ...cleanEnvironment(),
        ...variant.env(addresses),
        ...allocations.env,
        [CHILD_TASK_ENV]: JSON.stringify(task),
      },
      resultPrefix: CHILD_RESULT_PREFIX,
      timeoutMs: CHILD_TIMEOUT_MS,
    });
    sample.measurement = run.result;
    sample.childWallMs = run.wallMs;
    if (cpuProfileDir) {
      // The profile covers the whole child; this sidecar lets profile-summary cut it to the window.
      writeFileSync(
        join(cpuProfileDir, `${profileName(variant, workload, round, '.cpuprofile')}.window.json`),
        JSON.stringify(run.result.window),
      );
    }
    if (allocations.file) {
      // alloc-summary divides by the window's messages.
      writeFileSync(`${allocations.file}.messages.json`, JSON.stringify({ messages: run.result.messages }));
    }
    sample.totalMessages = totalMessages(workload, run.result.messages);
    if (run.stderr.trim() !== '') sample.stderr = run.stderr.trim().slice(0, 2_000);
    // Exports already in flight when the child exited land within moments.
    await sleep(100);
    sample.sinks = sinks.counts();
  } catch (error) {
    sample.error = error instanceof Error ? error.message : String(error);
  } finally {
    await sinks.stop();
  }
  return sample;
}

function describeSample(sample: ClientSample): string {
  const m = sample.measurement;
  if (!m) return `FAILED: ${sample.error?.slice(0, 300)}`;
  const rate = (m.messages / m.wallMs) * 1000;
  return (
    `${Math.round(rate).toLocaleString('en-US')} msg/s, ${(m.cpuMicros / m.messages).toFixed(1)} µs CPU/msg ` +
    `(user ${(m.userCpuMicros / m.messages).toFixed(1)}` +
    (m.mainThreadCpuMicros === undefined
      ? ''
      : `, main thread ${(m.mainThreadCpuMicros / m.messages).toFixed(1)}`) +
    ') ' +
    `(window ${(m.wallMs / 1000).toFixed(1)} s of ${((sample.childWallMs ?? 0) / 1000).toFixed(1)} s)`
  );
}

export async function runClientBenchmark(options: ClientRunOptions): Promise<ClientRunResult> {
  const workloads = clientWorkloads(options.scale, options.scaleFactor).filter(
    (w) => !options.only || w.id.includes(options.only),
  );
  const variants = [
    ...VARIANTS.filter((v) => (options.variants ? options.variants.includes(v.id) : v.optional !== true)),
    ...(options.baselineDir ? baselineVariants(options.baselineDir) : []),
  ];
  if (workloads.some((w) => w.kind === 'consume')) {
    options.log('client: preparing topics (the consume topic is pre-filled once and reused)');
    await prepareClientTopics(consumeTopicMessagesNeeded(options.scale, options.scaleFactor));
  } else {
    await prepareClientTopics(0);
  }
  if (options.allocProfileDir) mkdirSync(options.allocProfileDir, { recursive: true });
  const samples: ClientSample[] = [];
  for (const workload of workloads) {
    for (let round = 0; round < options.rounds; round += 1) {
      for (const variant of rotate(variants, round)) {
        const sample = await runOnce(variant, workload, round, options);
        samples.push(sample);
        options.log(
          `client: ${workload.id} round ${round + 1}/${options.rounds} ${variant.id}: ${describeSample(sample)}`,
        );
      }
    }
  }
  return { workloads, variants: [...variants], samples };
}
