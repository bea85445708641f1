// ZooKeeper's logs in two layouts:
// - Kafka's `[%d] %p %m (%c)%n`, which ZooKeeper writes when started with Kafka's log4j configuration (our rig,
//   and `zookeeper-server-start.sh` from a Kafka distribution);
// - ZooKeeper's own `%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n` (its log4j.properties, and
//   logback.xml since 3.8):
//   2026-11-25 06:22:34,549 [myid:] - INFO  [main:QuorumPeerConfig@174] - Reading configuration from: …
import { normaliseLevel, type LogAttributeValue } from '../record';
import { KAFKA_RECORD_START, parseKafkaLayout } from './kafka';
import { findThrowableStart, parseLog4jTimestamp, throwableAttributes } from './log4j';
import type { LogParser, ParseResult } from './types';

// The thread name may hold colons and parentheses (`main-SendThread(127.0.0.1:2181)`): it ends at the first
// `:Class@line] - ` after it. `%C{1}@%L` prints `?@?` when location is unknown.
const STOCK =
  /^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[,.]\d{1,9})?) \[myid:([^\]]*)\] - ([A-Za-z]+) *\[(.*?):([\w$.?]+)@(\d+|\?)\] - ?/;
const STOCK_RECORD_START = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[,.]\d{1,9})? \[myid:/;

export const zookeeperParser: LogParser = {
  name: 'zookeeper',
  recordStart: new RegExp(`(?:${KAFKA_RECORD_START.source})|(?:${STOCK_RECORD_START.source})`),
  parse(text: string): ParseResult {
    if (text.startsWith('[')) return parseKafkaLayout(text);
    return parseStockLayout(text);
  },
};

export function parseStockLayout(text: string): ParseResult {
  const match = STOCK.exec(text);
  if (!match)
    return { ok: false, reason: 'not in the "[timestamp] LEVEL message (logger)" or ZooKeeper layout' };
  const [header, time, myid, levelText, thread, className, line] = match;
  const timestamp = parseLog4jTimestamp(time!);
  if (timestamp === undefined) return { ok: false, reason: `invalid timestamp "${time}"` };
  const level = normaliseLevel(levelText);
  if (level === undefined) return { ok: false, reason: `unknown level "${levelText}"` };
  const lines = text.slice(header!.length).split('\n');
  const attributes: Record<string, LogAttributeValue> = { 'logger.thread_name': thread! };
  if (myid !== '') attributes['zookeeper.myid'] = myid!;
  if (line !== '?') attributes['logger.line'] = Number(line);
  const throwable = findThrowableStart(lines, 1);
  if (throwable !== -1) Object.assign(attributes, throwableAttributes(lines, throwable));
  return {
    ok: true,
    log: {
      timestamp,
      level,
      logger: className === '?' ? undefined : className,
      message: lines.join('\n').trimEnd(),
      attributes,
    },
  };
}
