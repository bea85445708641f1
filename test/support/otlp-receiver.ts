// A real OTLP/HTTP receiver for tests (protobuf — the SDK's default — and JSON, both through the agent's own
// decoder): collects exported spans in memory.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeSpans } from '../../src/agent/intake/otlp';
import type { AttributeValue } from '../../src/agent/intake/otlp/model';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  service: string | undefined;
  attributes: Record<string, string | number | boolean>;
  links: { traceId: string; spanId: string }[];
  status: { code: number; message?: string };
  events: { name: string; attributes: Record<string, string | number | boolean> }[];
  startTimeUnixNano: string;
  endTimeUnixNano: string;
}

/** Decoded attributes as tests read them: scalars only. */
function scalarAttributes(
  attributes: Record<string, AttributeValue>,
): Record<string, string | number | boolean> {
  const result: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      result[key] = value;
  }
  return result;
}

export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  private server: Server | undefined;
  requests = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.requests += 1;
        try {
          let body = Buffer.concat(chunks);
          if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
          const json = String(req.headers['content-type'] ?? '').includes('json');
          if (req.url === '/v1/traces') {
            this.collect(body, json ? 'json' : 'protobuf');
          }
          if (json) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
          else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
        } catch (error) {
          res.writeHead(400).end(String(error));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Both encodings through the agent's own decoder, so the tests read what the agent would store. */
  private collect(body: Buffer, encoding: 'json' | 'protobuf'): void {
    const decoded = decodeSpans(body, encoding);
    if (decoded.rejected > 0) throw new Error(`rejected spans: ${decoded.rejectReason ?? 'unknown'}`);
    for (const span of decoded.records) {
      const service = span.resource['service.name'];
      this.spans.push({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId || undefined,
        name: span.name,
        kind: span.kind,
        service: typeof service === 'string' ? service : undefined,
        attributes: scalarAttributes(span.attributes),
        links: span.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
        status: { code: span.status.code, message: span.status.message },
        events: span.events.map((e) => ({ name: e.name, attributes: scalarAttributes(e.attributes) })),
        startTimeUnixNano: span.startTimeUnixNano,
        endTimeUnixNano: span.endTimeUnixNano,
      });
    }
  }
}
