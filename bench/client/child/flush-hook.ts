// How the child makes an instrumentation send what it has buffered, without knowing which one is loaded:
// each variant's preload registers a flush function under a global symbol; bare kafkajs registers none.
// Flushing at both edges of the measured window puts the export work of exactly those messages inside it.

const FLUSH_HOOK = Symbol.for('kinstrument.bench.flushTelemetry');

type FlushFunction = () => Promise<void>;
type WithHook = { [FLUSH_HOOK]?: FlushFunction };

export function registerFlushHook(flush: FlushFunction): void {
  (globalThis as WithHook)[FLUSH_HOOK] = flush;
}

/** Flushes through the registered hook (bounded in time); false when the variant registered none. */
export async function flushTelemetry(timeoutMs: number): Promise<boolean> {
  const flush = (globalThis as WithHook)[FLUSH_HOOK];
  if (!flush) return false;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    flush().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  return true;
}
