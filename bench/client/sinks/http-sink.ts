// A loopback HTTP server that reads every request body to the end and hands it to a handler that counts it,
// then answers with what the handler says. Exporters see a real receiver: real sockets, real responses.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkReply {
  status: number;
  contentType: string;
  body: string | Buffer;
}

export type BodyHandler = (request: IncomingMessage, body: Buffer) => SinkReply;

export class HttpSink {
  private server: Server | undefined;
  requests = 0;
  bytes = 0;

  constructor(private readonly handle: BodyHandler) {}

  /** Listens on a free loopback port; returns `http://127.0.0.1:<port>`. */
  async start(): Promise<string> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        this.requests += 1;
        this.bytes += body.length;
        let reply: SinkReply;
        try {
          reply = this.handle(request, body);
        } catch (error) {
          reply = { status: 400, contentType: 'text/plain', body: String(error) };
        }
        response.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body);
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
