// Small HTTP helpers for the web routes: typed query-string reading (every problem becomes a 400 with a
// message naming the parameter), bounded JSON bodies, and the checks that keep cookie-authenticated
// browsers safe from cross-site requests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../api/server';

/** A request the caller got wrong: answered with 400 (or `status`) and this message. */
export class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'BadRequest';
  }
}

/** Largest JSON body accepted (dashboards and monitor definitions are far smaller). */
export const MAX_BODY_BYTES = 512 * 1024;

export class QueryParams {
  constructor(private readonly params: URLSearchParams) {}

  string(name: string): string | undefined {
    const value = this.params.get(name);
    return value === null || value === '' ? undefined : value;
  }

  /** Every value given for `name` (repeated parameters or comma-separated), empty ones dropped. */
  list(name: string, options: { split?: boolean } = {}): string[] {
    const values = this.params.getAll(name);
    const parts = options.split === false ? values : values.flatMap((v) => v.split(','));
    return parts.map((v) => v.trim()).filter((v) => v !== '');
  }

  number(name: string, options: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value))
      throw new BadRequest(`${name} must be a number, got ${JSON.stringify(text)}`);
    if (options.integer && !Number.isInteger(value))
      throw new BadRequest(`${name} must be a whole number, got ${text}`);
    if (options.min !== undefined && value < options.min)
      throw new BadRequest(`${name} must be ≥ ${options.min}`);
    if (options.max !== undefined && value > options.max)
      throw new BadRequest(`${name} must be ≤ ${options.max}`);
    return value;
  }

  boolean(name: string): boolean | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
    throw new BadRequest(`${name} must be true or false, got ${JSON.stringify(text)}`);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(text))
      throw new BadRequest(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(text)}`);
    return text as T;
  }
}

export function params(url: URL): QueryParams {
  return new QueryParams(url.searchParams);
}

/** Reads a JSON body of at most MAX_BODY_BYTES; BadRequest when it is larger, not JSON, or not JSON-typed. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new BadRequest('the body must be application/json', 415);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BadRequest(`the body is larger than ${MAX_BODY_BYTES} bytes`, 413);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new BadRequest('the body is not valid JSON');
  }
}

/** Reads an `application/x-www-form-urlencoded` body (the login form), bounded like JSON bodies. */
export async function readFormBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 16 * 1024) throw new BadRequest('the form is too large', 413);
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A request that changes state must come from our own pages: browsers send `Origin` on cross-site
 * requests, and an HTML form cannot send `application/json` (checked by readJsonBody), so together
 * with the SameSite cookie this closes cross-site request forgery.
 */
export function assertSameOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return;
  const host = req.headers.host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new BadRequest('bad Origin header', 403);
  }
  if (host === undefined || originHost !== host) throw new BadRequest('cross-origin request refused', 403);
}

/** Runs a handler, turning BadRequest into its status and message. */
export async function answer(res: ServerResponse, work: () => unknown | Promise<unknown>): Promise<void> {
  try {
    const body = await work();
    if (!res.headersSent) sendJson(res, 200, body);
  } catch (error) {
    if (error instanceof BadRequest) {
      if (!res.headersSent) sendJson(res, error.status, { error: error.message });
      return;
    }
    if (error instanceof Error && error.name === 'QueryError') {
      if (!res.headersSent) sendJson(res, 400, { error: error.message });
      return;
    }
    throw error;
  }
}
