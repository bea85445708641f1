// V8's own `gc()`, for the few places where the agent knows better than V8's heuristics when garbage should
// go (a large flush; a thread whose garbage is mostly memory outside its heap).
//
// How: `gc()` exists only with `--expose-gc`; the flag can still be set once the process runs, and the
// function is then found in any new context (Jest takes it the same way for its leak detection). The flag
// is process-wide, so this works on worker threads too.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface GcOptions {
  /** 'minor': the young generation only (a scavenge); 'major' (V8's default): the whole heap. */
  type?: 'minor' | 'major';
}

export type Collect = (options?: GcOptions) => void;

/** The gc function, or why there is none. */
export function exposedGc(): Collect | string {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
    return typeof gc === 'function' ? (gc as Collect) : 'gc() was not exposed';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
