// Writes log records and their messages' FTS rows (a delete trigger clears those; schema.ts, version 4).
import type { LogRecord } from '../../logs/record';
import type { Database, Statement } from '../sqlite';
import { boundedJson } from './json';

export interface LogWriterStats {
  records: number;
  /** Messages cut to `maxMessageChars`. */
  truncatedMessages: number;
  /** Attribute maps too large to keep (replaced by a marker). */
  truncatedAttributes: number;
}

export class LogWriter {
  readonly stats: LogWriterStats = { records: 0, truncatedMessages: 0, truncatedAttributes: 0 };
  private readonly insert: Statement;
  private readonly insertText: Statement;

  constructor(
    db: Database,
    private readonly maxMessageChars: number,
    private readonly maxJsonChars: number,
  ) {
    this.insert = db.prepare(
      `INSERT INTO logs (ts, level, service, source, host, message, logger, trace_id, span_id, tags, attributes, file)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertText = db.prepare('INSERT INTO logs_fts (rowid, message) VALUES (?, ?)');
  }

  /** Call inside a transaction. */
  write(records: readonly LogRecord[]): void {
    for (const record of records) {
      let message = typeof record.message === 'string' ? record.message : String(record.message);
      if (message.length > this.maxMessageChars) {
        message = message.slice(0, this.maxMessageChars);
        this.stats.truncatedMessages += 1;
      }
      const attributes = boundedJson(record.attributes ?? {}, this.maxJsonChars);
      if (attributes.truncated) this.stats.truncatedAttributes += 1;
      const { lastInsertRowid } = this.insert.run(
        Number.isFinite(record.timestamp) ? Math.trunc(record.timestamp) : 0,
        record.level ?? 'info',
        record.service ?? '',
        record.source ?? '',
        record.host ?? '',
        message,
        record.logger ?? null,
        record.traceId ?? null,
        record.spanId ?? null,
        JSON.stringify(record.tags ?? []),
        attributes.text,
        record.file || null,
      );
      this.insertText.run(lastInsertRowid, message);
      this.stats.records += 1;
    }
  }
}
