// The parser for a source: `kafka`, `zookeeper` and `json` have their own; any other source is taken as JSON when
// a line is a JSON object (as Datadog does) and as plain text otherwise.
import { jsonParser, looksLikeJsonObject } from './json';
import { kafkaParser } from './kafka';
import type { LogParser, ParseResult } from './types';
import { zookeeperParser } from './zookeeper';

export type { LogParser, ParsedLog, ParseResult } from './types';

const rawParser: LogParser = {
  name: 'raw',
  parse(text: string): ParseResult {
    if (looksLikeJsonObject(text)) {
      const json = jsonParser.parse(text);
      if (json.ok) return json;
    }
    return { ok: true, log: { message: text, attributes: {} } };
  },
};

const PARSERS: Record<string, LogParser> = {
  kafka: kafkaParser,
  zookeeper: zookeeperParser,
  json: jsonParser,
};

export function parserFor(source: string): LogParser {
  return PARSERS[source.toLowerCase()] ?? rawParser;
}

/** The record-start pattern of a source's known layout, used when the source has no multi_line rule. */
export function defaultRecordStart(source: string): RegExp | undefined {
  return PARSERS[source.toLowerCase()]?.recordStart;
}
