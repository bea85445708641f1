// Allocation sampling over the measured window (`bench/run --alloc-prof DIR`): V8's sampling heap profiler,
// asked to keep the samples of objects the garbage collector has already freed.
//
// Why not Node's --heap-prof: it reports only what is still alive when the process exits, so the
// short-lived objects that a GC-heavy CPU profile points at (decoded headers, contexts, span attributes)
// never show. Here every sampled allocation of the window counts, freed or not.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** Set by the parent to the file the window's allocation profile is written to. */
export const ALLOC_PROFILE_ENV = 'KINSTRUMENT_BENCH_ALLOC_PROFILE';
/** Bytes between samples: fine enough to see objects of a few hundred bytes per message. */
const SAMPLING_INTERVAL_BYTES = 16 * 1024;

export class AllocationSampling {
  private session: Session | undefined;

  constructor(private readonly file: string | undefined = process.env[ALLOC_PROFILE_ENV]) {}

  async start(): Promise<void> {
    if (!this.file) return;
    const session = new Session();
    session.connect();
    await session.post('HeapProfiler.enable');
    // V8 takes the two include flags (DevTools sends them); Node's typings predate them.
    const parameters = {
      samplingInterval: SAMPLING_INTERVAL_BYTES,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    };
    await session.post('HeapProfiler.startSampling', parameters);
    this.session = session;
  }

  async stop(): Promise<void> {
    const session = this.session;
    if (!session || !this.file) return;
    this.session = undefined;
    const { profile } = await session.post('HeapProfiler.stopSampling');
    session.disconnect();
    writeFileSync(this.file, JSON.stringify(profile));
  }
}
