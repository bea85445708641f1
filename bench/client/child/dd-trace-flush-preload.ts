// Preloaded after `-r dd-trace/init`: dd-trace has no public flush, so this reaches its agent exporter
// (`tracer._tracer._exporter.flush(done)`, what its own serverless flush calls). If a dd-trace version
// moves it, no hook is registered and the child falls back to waiting one flush interval.
import { registerFlushHook } from './flush-hook';

interface DatadogExporter {
  flush(done: () => void): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tracer = require('dd-trace') as { _tracer?: { _exporter?: Partial<DatadogExporter> } };
const exporter = tracer._tracer?._exporter;
if (exporter && typeof exporter.flush === 'function') {
  const flush = exporter.flush.bind(exporter);
  registerFlushHook(() => new Promise<void>((resolve) => flush(resolve)));
}
