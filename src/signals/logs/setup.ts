// Builds the logs signal from the resolved configuration: the sink, the kafkajs log listener, and the
// writer kinstrument's own diagnostics switch to.
import type { LogDestination, ResolvedConfig } from '../../config/resolved';
import { diagnostics, type DiagnosticWriter } from '../../diagnostics/diagnostics';
import type { KafkaListener } from '../../instrumentation/events';
import type { LogIdentity } from './correlation';
import { FileSink } from './file-sink';
import type { LogSink, LogSinkStats } from './log-sink';
import { LogWriter } from './log-writer';
import { streamSink } from './stream-sink';

/** Bytes of log lines that may wait for the disk before new lines are dropped. */
const MAX_QUEUED_FILE_BYTES = 4 * 1024 * 1024;

export interface LogsSetup {
  listener: KafkaListener;
  diagnosticWriter: DiagnosticWriter;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
  stats(): LogSinkStats;
}

export function logIdentity(config: ResolvedConfig): LogIdentity {
  return { service: config.serviceName, env: config.env, version: config.version, tags: config.tags };
}

export function setUpLogs(config: ResolvedConfig): LogsSetup {
  const sink = createSink(config.logs.destination);
  const writer = new LogWriter(logIdentity(config), sink);
  return {
    listener: {
      name: 'logs',
      kafkaLogLevel: config.logs.level,
      onKafkaLog: (entry) => writer.kafkajs(entry),
    },
    diagnosticWriter: (record) => writer.diagnostic(record),
    flush: () => sink.flush(),
    shutdown: () => sink.close(),
    stats: () => sink.stats(),
  };
}

function createSink(destination: LogDestination): LogSink {
  const onError = (error: unknown) => diagnostics.deliveryError(`logs ${describe(destination)}`, error);
  switch (destination.kind) {
    case 'stdout':
      return streamSink(process.stdout, onError);
    case 'stderr':
      return streamSink(process.stderr, onError);
    case 'file':
      return new FileSink({ path: destination.path, maxQueuedBytes: MAX_QUEUED_FILE_BYTES, onError });
  }
}

function describe(destination: LogDestination): string {
  return destination.kind === 'file' ? destination.path : destination.kind;
}
