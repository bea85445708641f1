// The HTTP side of the exposition: a `(req, res)` handler the agent mounts (conventionally at /metrics).
// It does not look at the path; routing is the server's job.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzip } from 'node:zlib';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Anything that can render an exposition (the exporter). */
export interface ExpositionSource {
  /** The exposition as UTF-8 bytes (a large one never becomes one big string first). */
  renderBuffer(): Buffer;
}

// Compressing tiny bodies costs more than it saves.
const GZIP_THRESHOLD_BYTES = 1024;
// Exposition text is very repetitive: the fastest level already shrinks it ~10×, and a 35 MB exposition
// (50,000 contexts) compresses in a fraction of the default level's time, CPU the intake needs.
const GZIP_LEVEL = 1;

function acceptsGzip(req: IncomingMessage): boolean {
  const header = req.headers['accept-encoding'];
  return typeof header === 'string' && /\bgzip\b/.test(header);
}

export function createPrometheusHandler(
  source: ExpositionSource,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return;
    }
    let body: Buffer;
    try {
      body = source.renderBuffer();
    } catch (error) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`exposition failed: ${error instanceof Error ? error.message : String(error)}\n`);
      return;
    }
    const send = (payload: Buffer, encoding?: string): void => {
      const headers: Record<string, string | number> = {
        'Content-Type': PROMETHEUS_CONTENT_TYPE,
        'Content-Length': payload.length,
        Vary: 'Accept-Encoding',
      };
      if (encoding !== undefined) headers['Content-Encoding'] = encoding;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : payload);
    };
    if (body.length < GZIP_THRESHOLD_BYTES || !acceptsGzip(req)) {
      send(body);
      return;
    }
    gzip(body, { level: GZIP_LEVEL }, (error, compressed) => (error ? send(body) : send(compressed, 'gzip')));
  };
}
