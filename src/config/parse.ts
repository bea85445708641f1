// Text → typed value for each ConfigKind. Each parser throws a plain message; the resolver adds the source.

export function parseBoolean(text: string): boolean {
  const value = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new Error(`expected true or false, got ${JSON.stringify(text)}`);
}

export function parseInteger(text: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text.trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`expected an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

export function parseRatio(text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new Error(`expected a number from 0 to 1, got ${JSON.stringify(text)}`);
  }
  return value;
}

export function parseEnum<T extends string>(text: string, values: readonly T[]): T {
  const value = text.trim().toLowerCase();
  const match = values.find((v) => v === value);
  if (match === undefined) {
    throw new Error(`expected one of ${values.join(', ')}, got ${JSON.stringify(text)}`);
  }
  return match;
}

export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function parseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`expected an absolute http(s) URL, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`expected an http or https URL, got ${JSON.stringify(text)}`);
  }
  return url.toString();
}

/** `a:b,c:d` or `a:b c:d` (Datadog) → ['a:b', 'c:d']. A bare word is kept as a value-less tag. */
export function parseTags(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** `k=v,k2=v2` (OTEL_EXPORTER_OTLP_HEADERS / OTEL_RESOURCE_ATTRIBUTES), values percent-decoded. */
export function parseKeyValuePairs(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of parseList(text)) {
    const equals = pair.indexOf('=');
    if (equals <= 0)
      throw new Error(`expected key=value pairs separated by commas, got ${JSON.stringify(pair)}`);
    const key = pair.slice(0, equals).trim();
    let value = pair.slice(equals + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      throw new Error(`value of ${key} is not valid percent-encoding`);
    }
    result[key] = value;
  }
  return result;
}

/** `/pattern/flags` → RegExp, anything else stays an exact name. */
export function parseTopicMatcher(text: string): string | RegExp {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(text);
  if (!regex) return text;
  try {
    return new RegExp(regex[1] ?? '', regex[2]);
  } catch (error) {
    throw new Error(`invalid regular expression ${text}: ${(error as Error).message}`);
  }
}

/** Where DogStatsD lines go, from `udp://host[:port]`, `unix[gram]:///path` or an absolute socket path. */
export function parseStatsdUrl(
  text: string,
): { transport: 'udp'; host: string; port: number } | { transport: 'uds'; path: string } {
  const value = text.trim();
  if (value.startsWith('/')) return { transport: 'uds', path: value };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(
      `expected udp://host:port, unix:///path or an absolute socket path, got ${JSON.stringify(text)}`,
    );
  }
  if (url.protocol === 'unix:' || url.protocol === 'unixgram:') {
    const path = decodeURIComponent(url.pathname);
    if (url.host !== '' || !path.startsWith('/') || path === '/') {
      throw new Error(`expected unix:///absolute/path (three slashes), got ${JSON.stringify(text)}`);
    }
    return { transport: 'uds', path };
  }
  if (url.protocol === 'udp:') {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (host === '') throw new Error(`missing host in ${JSON.stringify(text)}`);
    const port = url.port === '' ? 8125 : parseInteger(url.port, 1, 65535);
    return { transport: 'udp', host, port };
  }
  throw new Error(`expected a udp:// or unix:// URL, got ${JSON.stringify(text)}`);
}

/** `stdout`, `stderr`, or a file path. */
export function parseLogDestination(
  text: string,
): { kind: 'stdout' } | { kind: 'stderr' } | { kind: 'file'; path: string } {
  const value = text.trim();
  if (value === '') throw new Error('must not be empty');
  const lower = value.toLowerCase();
  if (lower === 'stdout' || lower === 'stderr') return { kind: lower };
  return { kind: 'file', path: value };
}
