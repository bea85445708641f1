// Hash-route parsing and building, with no DOM: shared by the router, links and tests.

export interface ParsedHash {
  path: string;
  query: URLSearchParams;
}

export function parseHash(hash: string): ParsedHash {
  const body = hash.replace(/^#/, '') || '/';
  const mark = body.indexOf('?');
  return mark === -1
    ? { path: body, query: new URLSearchParams() }
    : { path: body.slice(0, mark), query: new URLSearchParams(body.slice(mark + 1)) };
}

export function matchRoute(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const part = want[i] as string;
    const value = have[i] as string;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return undefined;
  }
  return params;
}

/** `#/logs?service=a` from a path and query values (empty ones left out). */
export function hashFor(
  path: string,
  query: Record<string, string | number | undefined | readonly string[]> = {},
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, String(v));
    else search.set(key, String(value));
  }
  const text = search.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}
