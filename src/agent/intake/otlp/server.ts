// An HTTP server of its own for the OTLP receiver (the agent may instead mount `receiver.handle` on its
// API server). Loopback and port 4318 by default, as OTLP/HTTP clients expect.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OtlpReceiver, type OtlpReceiverOptions } from './receiver';

export const DEFAULT_OTLP_HOST = '127.0.0.1';
export const DEFAULT_OTLP_PORT = 4318;

export interface OtlpServerOptions extends OtlpReceiverOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** A slow client must send the whole request within this. Default 30 s. */
  requestTimeoutMs?: number;
}

export class OtlpServer {
  readonly receiver: OtlpReceiver;
  private readonly server: Server;
  private bound: { host: string; port: number } | undefined;

  constructor(private readonly options: OtlpServerOptions) {
    this.receiver = new OtlpReceiver(options);
    this.server = createServer({ requestTimeout: options.requestTimeoutMs ?? 30_000 }, this.receiver.handle);
    // A failing socket (a client resetting mid-request) must not take the process down.
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  get address(): { host: string; port: number } | undefined {
    return this.bound;
  }

  /** `http://host:port`, the value for OTEL_EXPORTER_OTLP_ENDPOINT. */
  get url(): string {
    if (this.bound === undefined) throw new Error('the OTLP server is not listening');
    const host = this.bound.host.includes(':') ? `[${this.bound.host}]` : this.bound.host;
    return `http://${host}:${this.bound.port}`;
  }

  async start(): Promise<{ host: string; port: number }> {
    const host = this.options.host ?? DEFAULT_OTLP_HOST;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen(this.options.port ?? DEFAULT_OTLP_PORT, host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    this.bound = { host: address.address, port: address.port };
    return this.bound;
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const timer = setTimeout(() => this.server.closeAllConnections(), 2_000);
    await closed;
    clearTimeout(timer);
  }
}

/** Starts an OTLP/HTTP server; resolves once it listens. */
export async function createOtlpServer(options: OtlpServerOptions): Promise<OtlpServer> {
  const server = new OtlpServer(options);
  await server.start();
  return server;
}
