// Log lines to stdout or stderr, written as they come (synchronous for files and pipes on Linux, so
// nothing accumulates in memory here).
import type { LogSink } from './log-sink';

export function streamSink(stream: NodeJS.WritableStream, onError: (error: unknown) => void): LogSink {
  return {
    write(line) {
      try {
        stream.write(line + '\n');
      } catch (error) {
        onError(error);
      }
    },
    flush: async () => undefined,
    close: async () => undefined,
    stats: () => ({ dropped: 0, queuedBytes: 0 }),
  };
}
