// One HTTP POST of an encoded batch, classified the way the OTLP/HTTP spec asks clients to treat it:
// 2xx delivered (maybe with partial success); 429/502/503/504, timeouts and connection failures retried;
// every other status dropped (retrying a 400 or 413 would fail the same way forever).
import { WireReader } from '../../intake/otlp/protobuf/reader';

export type SendOutcome =
  | { kind: 'delivered'; status: number; rejected: number; message?: string }
  | { kind: 'retry'; status?: number; retryAfterHeader?: string; error: string }
  | { kind: 'drop'; status: number; error: string };

const RETRYABLE = new Set([429, 502, 503, 504]);
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SendRequest {
  url: string;
  body: Buffer;
  contentType: string;
  gzip: boolean;
  headers: Record<string, string>;
  timeoutMs: number;
}

export async function sendBatch(request: SendRequest): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: {
        ...request.headers,
        'Content-Type': request.contentType,
        ...(request.gzip ? { 'Content-Encoding': 'gzip' } : {}),
      },
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { kind: 'retry', error: `${error instanceof Error ? error.message : String(error)}${cause}` };
  }
  let body: Buffer;
  try {
    body = Buffer.from(await response.arrayBuffer()).subarray(0, MAX_RESPONSE_BYTES);
  } catch (error) {
    return { kind: 'retry', status: response.status, error: `response body: ${String(error)}` };
  }
  if (response.ok)
    return {
      kind: 'delivered',
      status: response.status,
      ...partialSuccess(body, response.headers.get('content-type')),
    };
  const error = `HTTP ${response.status}${errorMessage(body, response.headers.get('content-type'))}`;
  if (RETRYABLE.has(response.status)) {
    const retryAfter = response.headers.get('retry-after');
    return {
      kind: 'retry',
      status: response.status,
      error,
      ...(retryAfter === null ? {} : { retryAfterHeader: retryAfter }),
    };
  }
  return { kind: 'drop', status: response.status, error };
}

/** partial_success { rejected_* = 1, error_message = 2 } of an Export…ServiceResponse, JSON or protobuf. */
function partialSuccess(body: Buffer, contentType: string | null): { rejected: number; message?: string } {
  if (body.length === 0) return { rejected: 0 };
  try {
    if ((contentType ?? '').includes('json')) {
      const parsed = JSON.parse(body.toString('utf8')) as { partialSuccess?: Record<string, unknown> };
      const partial = parsed.partialSuccess;
      if (partial === undefined || partial === null) return { rejected: 0 };
      const count = Object.entries(partial).find(([key]) => key.startsWith('rejected'))?.[1];
      const message = typeof partial.errorMessage === 'string' ? partial.errorMessage : undefined;
      return { rejected: Number(count ?? 0) || 0, ...(message ? { message } : {}) };
    }
    const response = new WireReader(body);
    while (!response.done) {
      if (response.nextField() !== 1) {
        response.skip();
        continue;
      }
      const partial = response.message();
      let rejected = 0;
      let message: string | undefined;
      while (!partial.done) {
        const field = partial.nextField();
        if (field === 1 && partial.wireType === 0) rejected = Number(partial.varintBig());
        else if (field === 2 && partial.wireType === 2) message = partial.string();
        else partial.skip();
      }
      return { rejected, ...(message ? { message } : {}) };
    }
  } catch {
    // An unreadable success body is still a success.
  }
  return { rejected: 0 };
}

function errorMessage(body: Buffer, contentType: string | null): string {
  if (body.length === 0) return '';
  try {
    if ((contentType ?? '').includes('json')) {
      const parsed = JSON.parse(body.toString('utf8')) as { message?: unknown };
      if (typeof parsed.message === 'string') return `: ${parsed.message}`;
    } else if ((contentType ?? '').includes('protobuf')) {
      const status = new WireReader(body);
      while (!status.done) {
        if (status.nextField() === 2 && status.wireType === 2) return `: ${status.string()}`;
        status.skip();
      }
      return '';
    }
  } catch {
    // fall through to the raw text
  }
  return `: ${body.toString('utf8', 0, Math.min(body.length, 200))}`;
}
