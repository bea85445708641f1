// The client workloads, shared by the harness (which schedules them) and the child (which runs one).
// Counts are fixed per workload, so every variant does the same work and CPU per message compares directly.

export const MESSAGE_BYTES = 1024;
export const PRODUCE_TOPIC = 'bench-produce-1k';
export const CONSUME_TOPIC = 'bench-consume-1k';
export const TOPIC_PARTITIONS = 3;
/** Pre-filled messages share one producer trace context per this many, as if sent in batches of 10. */
export const MESSAGES_PER_PRODUCER_CONTEXT = 10;

export interface ProduceWorkload {
  kind: 'produce';
  id: string;
  topic: string;
  batchSize: number;
  acks: 1 | -1;
  /** send() calls measured, after `warmupSends` unmeasured ones. */
  sends: number;
  warmupSends: number;
  /** Concurrent send loops, like an app serving several requests at once. */
  inFlight: number;
}

export interface ConsumeWorkload {
  kind: 'consume';
  id: string;
  topic: string;
  mode: 'eachMessage' | 'eachBatch';
  /** Messages measured, after `warmupMessages` unmeasured ones. */
  messages: number;
  warmupMessages: number;
}

export type Workload = ProduceWorkload | ConsumeWorkload;

/** What a child needs to run one workload once. */
export interface ChildTask {
  workload: Workload;
  brokers: string[];
  /** Consumer group of this run (a fresh one each time, so it reads the topic from the start). */
  groupId: string;
}

export type Scale = 'full' | 'quick';

/** Measured and warm-up messages per workload shape. */
interface Counts {
  messages: number;
  warmup: number;
}

// Sized for a measured window of one to three seconds with bare kafkajs on this 2-core box when it is quiet
// (it is 2-3× slower when busy): shorter windows, as the first counts gave (0.2-0.5 s on a quiet box),
// left the flushes at their edges and the main thread's 10 ms CPU ticks in every figure. Each child also
// spends 2-3 s starting, connecting, warming up and flushing, so a full run (8 workloads × 5 variants ×
// 3 rounds = 120 children) takes 10-15 minutes here.
const FULL: Record<'b1' | 'b10' | 'b100' | 'eachMessage' | 'eachBatch', Counts> = {
  b1: { messages: 6_000, warmup: 1_000 },
  b10: { messages: 12_000, warmup: 2_000 },
  b100: { messages: 30_000, warmup: 4_000 },
  eachMessage: { messages: 40_000, warmup: 5_000 },
  eachBatch: { messages: 80_000, warmup: 10_000 },
};
// Seconds in total: proves the harness works, measures nothing worth quoting.
const QUICK: Counts = { messages: 200, warmup: 100 };

function countsFor(scale: Scale, shape: keyof typeof FULL, factor: number): Counts {
  const counts = scale === 'quick' ? QUICK : FULL[shape];
  return { messages: counts.messages * factor, warmup: counts.warmup * factor };
}

export function clientWorkloads(scale: Scale, factor = 1): Workload[] {
  const produce = (batchSize: 1 | 10 | 100, acks: 1 | -1): ProduceWorkload => {
    const counts = countsFor(scale, `b${batchSize}`, factor);
    return {
      kind: 'produce',
      id: `produce b${batchSize} acks=${acks}`,
      topic: PRODUCE_TOPIC,
      batchSize,
      acks,
      sends: Math.max(1, Math.round(counts.messages / batchSize)),
      warmupSends: Math.max(1, Math.round(counts.warmup / batchSize)),
      inFlight: 8,
    };
  };
  const consume = (mode: ConsumeWorkload['mode']): ConsumeWorkload => {
    const counts = countsFor(scale, mode, factor);
    return {
      kind: 'consume',
      id: `consume ${mode}`,
      topic: CONSUME_TOPIC,
      mode,
      messages: counts.messages,
      warmupMessages: counts.warmup,
    };
  };
  const all: Workload[] = [
    produce(1, 1),
    produce(10, 1),
    produce(100, 1),
    produce(1, -1),
    produce(10, -1),
    produce(100, -1),
    consume('eachMessage'),
    consume('eachBatch'),
  ];
  // The quick run keeps one producer shape and both consumer shapes: enough to exercise every code path.
  return scale === 'quick' ? all.filter((w) => w.kind === 'consume' || w.id === 'produce b10 acks=1') : all;
}

/** Messages the pre-filled topic must hold for one consume run of this scale. */
export function consumeTopicMessagesNeeded(scale: Scale, factor = 1): number {
  const largest = Math.max(
    ...(['eachMessage', 'eachBatch'] as const).map((mode) => {
      const counts = countsFor(scale, mode, factor);
      return counts.messages + counts.warmup;
    }),
  );
  // Headroom: eachBatch stops at a batch boundary, past the exact count.
  return largest + 5_000;
}
