// Shapes produced by the DogStatsD parser, before any aggregation. These are protocol-level facts
// (what the client sent); host extraction and tag normalisation happen in the aggregator.

/** DogStatsD metric type symbols: count, gauge, timer, histogram, distribution, set. */
export type DogStatsDMetricType = 'c' | 'g' | 'ms' | 'h' | 'd' | 's';

interface ParsedMetricCommon {
  name: string;
  /** 0 < rate <= 1; 1 when the client sent no `@rate`. */
  sampleRate: number;
  /** Raw tags in the order sent (empty tags removed), possibly trimmed by the tag limits. */
  tags: string[];
  /**
   * The text of the line's `#` field (without the `#`) when it has exactly one. Equal texts always give
   * equal `tags`, so consumers may key caches on it instead of re-deriving from `tags` every line.
   */
  tagField?: string;
  /** `|c:<container-id>` (protocol v1.2+), kept for enrichment; unused today. */
  containerId?: string;
  /** `|T<unix seconds>` (protocol v1.3): the client asks for no aggregation. */
  timestamp?: number;
}

/** A numeric metric line; `values` has several entries for packed v1.1 lines (`name:1:2:3|d`). */
export interface ParsedNumericMetric extends ParsedMetricCommon {
  type: Exclude<DogStatsDMetricType, 's'>;
  values: number[];
}

/** A set line: the member is an opaque string (v1.1 packing does not apply to sets). */
export interface ParsedSetMetric extends ParsedMetricCommon {
  type: 's';
  member: string;
}

export type ParsedMetric = ParsedNumericMetric | ParsedSetMetric;

export type ParsedEventPriority = 'normal' | 'low';
export type ParsedEventAlertType = 'error' | 'warning' | 'info' | 'success';

export interface ParsedEvent {
  title: string;
  text: string;
  timestamp?: number;
  host?: string;
  aggregationKey?: string;
  priority?: ParsedEventPriority;
  sourceTypeName?: string;
  alertType?: ParsedEventAlertType;
  tags: string[];
}

export interface ParsedServiceCheck {
  name: string;
  /** 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
  status: 0 | 1 | 2 | 3;
  timestamp?: number;
  host?: string;
  message?: string;
  tags: string[];
}

/** Why a line was dropped. Every reason has its own counter. */
export const PARSE_ERROR_REASONS = [
  'line_too_long',
  'invalid_format',
  'empty_name',
  'unknown_type',
  'invalid_value',
  'too_many_values',
  'invalid_sample_rate',
  'invalid_timestamp',
  'invalid_event',
  'invalid_service_check',
] as const;
export type ParseErrorReason = (typeof PARSE_ERROR_REASONS)[number];

/** Why a single tag was dropped while its line was kept. */
export const TAG_DROP_REASONS = ['too_many_tags', 'tag_too_long'] as const;
export type TagDropReason = (typeof TAG_DROP_REASONS)[number];

/** Where parsed items go. The aggregator implements it; tests collect into arrays. */
export interface DogStatsDHandler {
  metric(metric: ParsedMetric): void;
  event(event: ParsedEvent): void;
  serviceCheck(check: ParsedServiceCheck): void;
}

export interface ParserLimits {
  /** Longest line accepted, in bytes. Longer lines are dropped whole. */
  maxLineBytes: number;
  /** Tags kept per line; the rest are dropped and counted. */
  maxTagsPerLine: number;
  /** Longest tag kept, in characters; longer tags are dropped and counted. */
  maxTagLength: number;
  /** Most values in one packed (v1.1) line. */
  maxValuesPerLine: number;
}

export const DEFAULT_PARSER_LIMITS: Readonly<ParserLimits> = {
  // Datadog's own packet buffer is 8 KiB by default; one line can never usefully exceed it.
  maxLineBytes: 8192,
  maxTagsPerLine: 100,
  maxTagLength: 200,
  maxValuesPerLine: 1024,
};
