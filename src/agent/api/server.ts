// The agent's HTTP server on `cmd_port`: the JSON API (`kinstrument status` uses it), `/metrics`, and
// later the UI. Routes are registered by the parts that own them. When `api_token` is set, every request
// must carry it (`Authorization: Bearer …`); it is required when the agent listens beyond loopback.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

interface Route {
  method: string;
  /** Exact path, or a prefix when it ends with `/*`. */
  path: string;
  handler: RouteHandler;
}

export class ApiServer {
  private readonly routes: Route[] = [];
  private server: Server | undefined;
  requests = 0;
  unauthorized = 0;
  handlerErrors = 0;

  constructor(
    private readonly options: {
      host: string;
      port: number;
      token?: string;
      log?: (message: string) => void;
      /** Asked when a request has no valid bearer token (the UI's session cookie, its login page). */
      authorize?: (req: IncomingMessage, url: URL) => boolean;
    },
  ) {}

  route(method: string, path: string, handler: RouteHandler): void {
    this.routes.push({ method, path, handler });
  }

  async start(): Promise<AddressInfo> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    this.server.headersTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port, this.options.host, () => {
        this.server!.off('error', reject);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private authorized(req: IncomingMessage, url: URL): boolean {
    const token = this.options.token;
    if (!token) return true;
    const header = req.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    const expected = Buffer.from(token);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
    return this.options.authorize?.(req, url) ?? false;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests += 1;
    const url = new URL(req.url ?? '/', 'http://agent.local');
    if (!this.authorized(req, url)) {
      this.unauthorized += 1;
      sendJson(res, 401, { error: 'missing or wrong api_token (Authorization: Bearer <token>)' });
      return;
    }
    const route = this.routes.find(
      (r) =>
        r.method === req.method &&
        (r.path === url.pathname || (r.path.endsWith('/*') && url.pathname.startsWith(r.path.slice(0, -1)))),
    );
    if (!route) {
      const pathKnown = this.routes.some((r) => r.path === url.pathname);
      sendJson(res, pathKnown ? 405 : 404, { error: pathKnown ? 'method not allowed' : 'not found' });
      return;
    }
    try {
      await route.handler(req, res, url);
    } catch (error) {
      this.handlerErrors += 1;
      this.options.log?.(`API ${req.method} ${url.pathname} failed: ${(error as Error).message}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    }
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    .end(text);
}
