// Sends ready-made OTLP/HTTP protobuf trace requests through OpenTelemetry's own HTTP export machinery,
// so endpoint, headers, OTEL_EXPORTER_OTLP_* environment variables, timeouts, compression, retries with
// back-off and the partial-success warnings behave exactly as with the upstream protobuf exporter.
import { ExportResultCode } from '@opentelemetry/core';
import type { IOtlpExportDelegate } from '@opentelemetry/otlp-exporter-base';
import {
  convertLegacyHttpOptions,
  createOtlpHttpExportDelegate,
} from '@opentelemetry/otlp-exporter-base/node-http';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';

/** A whole ExportTraceServiceRequest body and how many spans it carries. */
export interface EncodedTraceRequest {
  body: Buffer;
  spans: number;
}

export interface EncodedSpanTransport {
  /** Resolves once the receiver accepted the request; rejects with the reason it was not delivered. */
  send(request: EncodedTraceRequest): Promise<void>;
  shutdown(): Promise<void>;
}

export interface OtlpHttpTransportOptions {
  url: string;
  headers: Record<string, string>;
}

export function otlpHttpProtobufTransport(options: OtlpHttpTransportOptions): EncodedSpanTransport {
  const delegate: IOtlpExportDelegate<EncodedTraceRequest> = createOtlpHttpExportDelegate(
    convertLegacyHttpOptions({ url: options.url, headers: options.headers }, 'TRACES', 'v1/traces', {
      'Content-Type': 'application/x-protobuf',
    }),
    {
      serializeRequest: (request: EncodedTraceRequest) => request.body,
      deserializeResponse: (data: Uint8Array) => ProtobufTraceSerializer.deserializeResponse(data),
    },
    'otlp_http_span_exporter',
    { name: 'span', countItems: (request: EncodedTraceRequest) => request.spans },
    undefined,
  );
  return {
    send: (request) =>
      new Promise<void>((resolve, reject) => {
        delegate.export(request, (result) => {
          if (result.code === ExportResultCode.SUCCESS) resolve();
          else reject(result.error ?? new Error('OTLP export failed'));
        });
      }),
    shutdown: () => delegate.shutdown(),
  };
}
