// One bulk read through Jolokia's HTTP API: a single POST carrying an array of read requests, answered by an
// array in the same order. Each element succeeds or fails alone (a missing MBean is a 404 element, not an
// HTTP error), so callers get one result per request.
import { isRecord } from '../config/instance-reader';

export interface JolokiaTarget {
  /** Base URL, e.g. http://127.0.0.1:8778/jolokia */
  url: string;
  user?: string;
  password?: string;
  timeoutMs: number;
}

export interface JolokiaRead {
  /** ObjectName or pattern. */
  mbean: string;
  attributes: readonly string[];
}

/** Attribute values by bean name (as Jolokia wrote it) for one read element. */
export type BeanValues = Map<string, Record<string, unknown>>;

export type JolokiaReadResult =
  { ok: true; beans: BeanValues } | { ok: false; status: number; error: string };

export function isPattern(mbean: string): boolean {
  return /[*?]/.test(mbean);
}

export async function jolokiaBulkRead(
  target: JolokiaTarget,
  reads: readonly JolokiaRead[],
  signal?: AbortSignal,
): Promise<JolokiaReadResult[]> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.user !== undefined) {
    const credentials = Buffer.from(`${target.user}:${target.password ?? ''}`).toString('base64');
    headers.authorization = `Basic ${credentials}`;
  }
  const body = reads.map((read) => ({
    type: 'read',
    mbean: read.mbean,
    attribute: [...read.attributes],
    // A bean lacking one of the attributes still returns the others.
    config: { ignoreErrors: true, includeRequest: false },
  }));
  const timeout = AbortSignal.timeout(target.timeoutMs);
  const response = await fetch(`${target.url.replace(/\/+$/, '')}/`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  }).catch((cause: unknown) => {
    throw new Error(`Jolokia ${target.url} unreachable: ${describeFetchError(cause, target.timeoutMs)}`);
  });
  if (!response.ok) {
    const hint = response.status === 401 || response.status === 403 ? ' (check user and password)' : '';
    throw new Error(`Jolokia ${target.url} answered HTTP ${response.status}${hint}`);
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (!Array.isArray(payload) || payload.length !== reads.length) {
    throw new Error(`Jolokia ${target.url} did not answer the bulk request with ${reads.length} results`);
  }
  return payload.map((element: unknown, index) => toResult(element, reads[index] as JolokiaRead));
}

function toResult(element: unknown, read: JolokiaRead): JolokiaReadResult {
  if (!isRecord(element)) return { ok: false, status: 0, error: 'malformed Jolokia answer' };
  const status = typeof element.status === 'number' ? element.status : 0;
  if (status !== 200) {
    return {
      ok: false,
      status,
      error: typeof element.error === 'string' ? element.error : `status ${status}`,
    };
  }
  const value = element.value;
  const beans: BeanValues = new Map();
  if (!isRecord(value)) return { ok: true, beans };
  if (isPattern(read.mbean)) {
    for (const [bean, attributes] of Object.entries(value)) {
      if (isRecord(attributes)) beans.set(bean, attributes);
    }
  } else {
    beans.set(read.mbean, value);
  }
  return { ok: true, beans };
}

function describeFetchError(cause: unknown, timeoutMs: number): string {
  if (cause instanceof Error) {
    if (cause.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
    const code = (cause.cause as { code?: string } | undefined)?.code;
    return code ? `${cause.message} (${code})` : cause.message;
  }
  return String(cause);
}
