// Packet-level DogStatsD parsing: a datagram holds newline-separated lines, each a metric, an event or
// a service check. Malformed lines are counted by reason and skipped; nothing here throws on input.
import { isEventLine, parseEventLine } from './parse-event';
import { parseMetricLine } from './parse-metric';
import { isServiceCheckLine, parseServiceCheckLine } from './parse-service-check';
import {
  DEFAULT_PARSER_LIMITS,
  PARSE_ERROR_REASONS,
  TAG_DROP_REASONS,
  type DogStatsDHandler,
  type ParseErrorReason,
  type ParsedEvent,
  type ParsedMetric,
  type ParsedServiceCheck,
  type ParserLimits,
  type TagDropReason,
} from './types';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export interface ParserStats {
  /** Non-empty lines seen. */
  lines: number;
  /** Metric lines accepted (a packed v1.1 line counts once). */
  metrics: number;
  /** Values carried by accepted metric lines (a packed v1.1 line counts each value). */
  metricValues: number;
  events: number;
  serviceChecks: number;
  /** Lines dropped, by reason. */
  parseErrors: Record<ParseErrorReason, number>;
  parseErrorsTotal: number;
  /** Tags dropped from otherwise accepted lines, by reason. */
  tagsDropped: Record<TagDropReason, number>;
}

function zeroed<K extends string>(keys: readonly K[]): Record<K, number> {
  const record = {} as Record<K, number>;
  for (const key of keys) record[key] = 0;
  return record;
}

export class DogStatsDParser {
  readonly limits: Readonly<ParserLimits>;
  private lines = 0;
  private metrics = 0;
  private metricValues = 0;
  private events = 0;
  private serviceChecks = 0;
  private readonly parseErrors = zeroed(PARSE_ERROR_REASONS);
  private parseErrorsTotal = 0;
  private readonly tagsDropped = zeroed(TAG_DROP_REASONS);
  private readonly countTagDrop = (reason: TagDropReason, count: number): void => {
    this.tagsDropped[reason] += count;
  };

  constructor(limits: Partial<ParserLimits> = {}) {
    this.limits = { ...DEFAULT_PARSER_LIMITS, ...limits };
  }

  /** Parses every line of one datagram and hands the results to `handler`. */
  parsePacket(packet: Buffer, handler: DogStatsDHandler): void {
    let start = 0;
    const length = packet.length;
    while (start < length) {
      let end = packet.indexOf(NEWLINE, start);
      if (end === -1) end = length;
      const next = end + 1;
      if (end > start && packet[end - 1] === CARRIAGE_RETURN) end -= 1;
      if (end > start) this.parseLine(packet, start, end, handler);
      start = next;
    }
  }

  /** A copy of the counters. */
  stats(): ParserStats {
    return {
      lines: this.lines,
      metrics: this.metrics,
      metricValues: this.metricValues,
      events: this.events,
      serviceChecks: this.serviceChecks,
      parseErrors: { ...this.parseErrors },
      parseErrorsTotal: this.parseErrorsTotal,
      tagsDropped: { ...this.tagsDropped },
    };
  }

  private parseLine(packet: Buffer, start: number, end: number, handler: DogStatsDHandler): void {
    this.lines += 1;
    if (end - start > this.limits.maxLineBytes) {
      this.fail('line_too_long');
      return;
    }
    if (isEventLine(packet, start, end)) {
      const event = parseEventLine(packet, start, end, this.limits, this.countTagDrop);
      if (typeof event === 'string') return this.fail(event);
      this.events += 1;
      handler.event(event);
      return;
    }
    const line = packet.toString('utf8', start, end);
    if (isServiceCheckLine(line)) {
      const check = parseServiceCheckLine(line, this.limits, this.countTagDrop);
      if (typeof check === 'string') return this.fail(check);
      this.serviceChecks += 1;
      handler.serviceCheck(check);
      return;
    }
    const metric = parseMetricLine(line, this.limits, this.countTagDrop);
    if (typeof metric === 'string') return this.fail(metric);
    this.metrics += 1;
    this.metricValues += metric.type === 's' ? 1 : metric.values.length;
    handler.metric(metric);
  }

  private fail(reason: ParseErrorReason): void {
    this.parseErrors[reason] += 1;
    this.parseErrorsTotal += 1;
  }
}

export interface ParsedDatagram {
  metrics: ParsedMetric[];
  events: ParsedEvent[];
  serviceChecks: ParsedServiceCheck[];
  stats: ParserStats;
}

/** Parses one datagram into arrays: for tests, tools and one-off use (the server streams instead). */
export function parseDatagram(datagram: string | Buffer, limits: Partial<ParserLimits> = {}): ParsedDatagram {
  const parser = new DogStatsDParser(limits);
  const result: Omit<ParsedDatagram, 'stats'> = { metrics: [], events: [], serviceChecks: [] };
  parser.parsePacket(typeof datagram === 'string' ? Buffer.from(datagram) : datagram, {
    metric: (metric) => result.metrics.push(metric),
    event: (event) => result.events.push(event),
    serviceCheck: (check) => result.serviceChecks.push(check),
  });
  return { ...result, stats: parser.stats() };
}
