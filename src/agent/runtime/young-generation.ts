// V8's young generation held at the size it has when the agent starts, in every thread of the agent, unless
// the config says `young_generation_growth: true` or Node was started with a semi-space flag of the user's.
//
// Why: under a steady intake V8 doubles a thread's new space whenever more bytes survived its scavenges than
// it holds, up to two 16 MB semi-spaces, and does not shrink it while the intake goes on. At 50,000 contexts
// that was ~30 MB of the agent's 164–171 MB peak (bench/FINDINGS.md, item 16). `--max-semi-space-size`
// caps it only when given to node at start, and `kinstrument` is a plain Node script.
//
// How: a new space grows by --semi-space-growth-factor, which V8 reads each time it grows one; at 1 a new
// space keeps its size. Setting up an isolate (each worker thread: the store's writer, or a library's) puts a
// factor below 2 back to 2 (measured on Node 20: test/unit/young-generation.test.ts), so the flag is set again
// as soon as each new worker runs, and every second for isolates made some other way.
//
// The sizes this gives: the main thread keeps the 8 MB its new space reached while the agent's modules
// loaded; worker threads keep their starting 2 MB. Holding the main thread at 2 MB too (from before the
// modules load) measured worse at 50,000 contexts: 140–151 MB against 132–135, more of each flush promoted.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import type { Worker } from 'node:worker_threads';

export const YOUNG_GENERATION_REASSERT_MS = 1_000;

/** Node options by which the user sizes the young generation themselves; the agent then leaves it alone. */
const USER_SEMI_SPACE_FLAGS = /--(?:max|min)[-_]semi[-_]space[-_]size|--semi[-_]space[-_]growth[-_]factor/;

export type YoungGenerationMode =
  /** Held at its size when the agent starts (the default). */
  | 'held'
  /** Left to V8 (`young_generation_growth: true`). */
  | 'v8'
  /** Sized by the user's own Node options (`NODE_OPTIONS` or the node command line). */
  | 'node-options';

export interface YoungGenerationStats {
  mode: YoungGenerationMode;
  /** The main thread's new space now (both semi-spaces), bytes. */
  newSpaceBytes: number;
}

export function youngGenerationMode(
  growth: boolean,
  nodeOptions: readonly string[] = [...process.execArgv, process.env.NODE_OPTIONS ?? ''],
): YoungGenerationMode {
  if (nodeOptions.some((option) => USER_SEMI_SPACE_FLAGS.test(option))) return 'node-options';
  return growth ? 'v8' : 'held';
}

function hold(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

function release(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
}

// A worker's 'online' comes once its isolate is set up, i.e. after that put the factor back.
const holdOnceOnline = (worker: Worker): void => {
  worker.once('online', hold);
};

export class YoungGeneration {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly mode: YoungGenerationMode,
    private readonly reassertMs = YOUNG_GENERATION_REASSERT_MS,
  ) {}

  /** Call first as the agent starts: a thread grows only until the flag is set (or set again). */
  start(): void {
    if (this.mode !== 'held' || this.timer !== undefined) return;
    hold();
    process.on('worker', holdOnceOnline);
    this.timer = setInterval(hold, this.reassertMs).unref();
  }

  /** Gives V8 its default growth back (an agent run inside a larger program, as in tests). */
  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    process.off('worker', holdOnceOnline);
    release();
  }

  stats(): YoungGenerationStats {
    const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    return { mode: this.mode, newSpaceBytes: newSpace?.space_size ?? 0 };
  }
}
