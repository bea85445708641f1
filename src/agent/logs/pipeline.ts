// Raw records to LogRecords: the source's processing rules first (on the text as read, as the Datadog Agent does),
// then its parser, then the source's service, tags and the agent's host. A line the parser cannot read is kept,
// raw, with `parseError` set, and counted.
import type { LogSourceConfig } from './config';
import { applyRules } from './processing/rules';
import { parserFor, type LogParser, type ParsedLog } from './parsers';
import type { LogRecord } from './record';
import type { LogCounters } from './stats';
import type { RecordBatch } from './tailer/types';

export interface RecordContext {
  hostname: string;
  globalTags: readonly string[];
}

interface PreparedSource {
  config: LogSourceConfig;
  parser: LogParser;
  tags: readonly string[];
}

export class RecordBuilder {
  private readonly prepared: PreparedSource[];

  constructor(
    sources: readonly LogSourceConfig[],
    private readonly context: RecordContext,
    private readonly counters: LogCounters,
  ) {
    this.prepared = sources.map((config) => ({
      config,
      parser: parserFor(config.source),
      tags: [...new Set([...context.globalTags, ...config.tags])],
    }));
  }

  build(batch: RecordBatch, now: number): LogRecord[] {
    const { config, parser, tags } = this.prepared[batch.sourceIndex]!;
    const records: LogRecord[] = [];
    for (const raw of batch.records) {
      const ruled = applyRules(raw.text, raw.truncated, config.rules);
      if (!ruled.keep) {
        this.counters.excludedRecords++;
        continue;
      }
      const parsed = parser.parse(ruled.text);
      let log: ParsedLog;
      let parseError: string | undefined;
      if (parsed.ok) {
        log = parsed.log;
      } else {
        this.counters.parseFailures++;
        log = { message: ruled.text, attributes: {} };
        parseError = parsed.reason;
      }
      const record: LogRecord = {
        timestamp: log.timestamp ?? now,
        level: log.level ?? 'info',
        message: log.message,
        service: log.service ?? config.service ?? config.source,
        source: config.source,
        host: this.context.hostname,
        tags: log.tags ? [...new Set([...tags, ...log.tags])] : tags,
        attributes: config.sourceCategory
          ? { sourcecategory: config.sourceCategory, ...log.attributes }
          : log.attributes,
        file: batch.file,
      };
      if (log.logger !== undefined) record.logger = log.logger;
      if (log.traceId !== undefined) record.traceId = log.traceId;
      if (log.spanId !== undefined) record.spanId = log.spanId;
      if (raw.truncated) record.truncated = true;
      if (raw.partial) record.partial = true;
      if (parseError !== undefined) record.parseError = parseError;
      records.push(record);
    }
    return records;
  }
}
