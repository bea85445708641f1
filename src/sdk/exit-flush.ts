// Flush telemetry when the process is about to end, without changing how it ends:
// - beforeExit: flush once (the pending export keeps the loop alive until it is done);
// - SIGTERM/SIGINT: if the app listens for the signal itself, flush and leave the exit to the app; if
//   nobody else does, flush (bounded by the timeout) and re-raise the signal so the process ends by it,
//   with the same exit status as without kinstrument.
import { diagnostics } from '../diagnostics/diagnostics';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export function installExitFlush(flush: () => Promise<void>, timeoutMs: number): () => void {
  let flushedBeforeExit = false;
  const bounded = () =>
    Promise.race([
      flush().catch((error: unknown) => diagnostics.internalError('exit.flush', error)),
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);

  const onBeforeExit = () => {
    if (flushedBeforeExit) return;
    flushedBeforeExit = true;
    void bounded();
  };

  const handlers = new Map<NodeJS.Signals, () => void>();
  for (const signal of SIGNALS) {
    const handler = () => {
      const appHandlesIt = process.listenerCount(signal) > 1;
      void bounded().then(() => {
        if (appHandlesIt) return;
        process.removeListener(signal, handler);
        process.kill(process.pid, signal);
      });
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  process.on('beforeExit', onBeforeExit);

  return () => {
    process.removeListener('beforeExit', onBeforeExit);
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}
