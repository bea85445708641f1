// Formats records for this service and hands them to the sink; the one place log lines are made.
import type { DiagnosticRecord } from '../../diagnostics/diagnostics';
import type { KafkaLogEntry } from '../../instrumentation/events';
import type { LogIdentity } from './correlation';
import type { LogSink } from './log-sink';
import { formatLogRecord, type LogRecordInput } from './record';

export class LogWriter {
  constructor(
    private readonly identity: LogIdentity,
    private readonly sink: LogSink,
  ) {}

  write(input: LogRecordInput): void {
    this.sink.write(formatLogRecord(input, this.identity));
  }

  kafkajs(entry: KafkaLogEntry): void {
    this.write({
      time: entry.time,
      level: entry.level,
      message: entry.message,
      source: 'kafkajs',
      namespace: entry.namespace,
      fields: entry.extra,
    });
  }

  diagnostic(record: DiagnosticRecord): void {
    this.write({
      time: record.time,
      level: record.level,
      message: record.message,
      source: 'kinstrument',
      namespace: record.key,
      fields: record.extra,
    });
  }
}
