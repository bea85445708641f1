// An OTLP/HTTP receiver: accepts /v1/traces (and /v1/metrics, /v1/logs), counts bodies and spans.
// Bodies of either encoding are decoded (with the agent's own decoder for protobuf) to count spans.
import { gunzipSync } from 'node:zlib';
import { decodeSpans } from '../../../src/agent/intake/otlp';
import { HttpSink, type SinkReply } from './http-sink';

interface OtlpTracesJson {
  resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[];
}

export class OtlpSink {
  private readonly http = new HttpSink((request, body) => this.receive(request.url, request.headers, body));
  spans = 0;

  start(): Promise<string> {
    return this.http.start();
  }

  stop(): Promise<void> {
    return this.http.stop();
  }

  get requests(): number {
    return this.http.requests;
  }

  get bytes(): number {
    return this.http.bytes;
  }

  private receive(
    url: string | undefined,
    headers: Record<string, string | string[] | undefined>,
    wire: Buffer,
  ): SinkReply {
    const json = String(headers['content-type'] ?? '').includes('json');
    if (url?.endsWith('/v1/traces')) {
      const body = headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
      if (json) {
        const payload = JSON.parse(body.toString('utf8')) as OtlpTracesJson;
        for (const resource of payload.resourceSpans ?? [])
          for (const scope of resource.scopeSpans ?? []) this.spans += scope.spans?.length ?? 0;
      } else {
        const decoded = decodeSpans(body, 'protobuf');
        this.spans += decoded.records.length + decoded.rejected;
      }
    }
    // An empty success response is valid for both encodings (no partial_success).
    return json
      ? { status: 200, contentType: 'application/json', body: '{}' }
      : { status: 200, contentType: 'application/x-protobuf', body: Buffer.alloc(0) };
  }
}
