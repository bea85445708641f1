// The three OTLP signals and the names their requests and responses use.

export type OtlpSignal = 'traces' | 'logs' | 'metrics';
export const OTLP_SIGNALS: readonly OtlpSignal[] = ['traces', 'logs', 'metrics'];

/** Default OTLP/HTTP paths. */
export const OTLP_PATHS: Readonly<Record<OtlpSignal, string>> = {
  traces: '/v1/traces',
  logs: '/v1/logs',
  metrics: '/v1/metrics',
};

/** The partial-success counter of each Export…ServiceResponse (JSON field name). */
export const REJECTED_FIELD: Readonly<Record<OtlpSignal, string>> = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
};

export type OtlpEncoding = 'json' | 'protobuf';

export const CONTENT_TYPES: Readonly<Record<OtlpEncoding, string>> = {
  json: 'application/json',
  protobuf: 'application/x-protobuf',
};

/** The encoding a Content-Type names, or undefined when it is not an OTLP one. */
export function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (media === 'application/json') return 'json';
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  return undefined;
}

export function signalOfPath(pathname: string): OtlpSignal | undefined {
  for (const signal of OTLP_SIGNALS) if (OTLP_PATHS[signal] === pathname) return signal;
  return undefined;
}
