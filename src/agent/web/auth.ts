// Browser access when the agent requires `api_token` (it listens beyond loopback). Browsers cannot add an
// `Authorization` header to page loads, so a browser proves it knows the token once — through the login
// form, or by opening `/ui/?token=…` — and gets an HttpOnly, SameSite=Strict session cookie. The cookie
// holds an HMAC derived from the token, never the token itself: a copied cookie opens the UI but is no
// API token, and changing `api_token` ends every session. No page or script ever contains the token.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'kinstrument_session';
const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;
const SESSION_LABEL = 'kinstrument ui session v1';
/** Wrong tokens tolerated per minute (all clients together) before logins answer 429 for the rest of it. */
export const MAX_FAILED_LOGINS_PER_MINUTE = 10;

/**
 * What a browser may load before it has a session: the login page and the UI's code. None of it holds data
 * or the token (the shell is constant text); the app's first API call answers 401 and sends it to the login.
 */
const PUBLIC_PATHS = new Set(['/ui/', '/ui/login', '/ui/logout', '/ui/app.css']);
const PUBLIC_PREFIXES = ['/ui/app/', '/ui/vendor/'];

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function equalSecrets(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class BrowserAuth {
  private readonly session: string | undefined;
  private failedLogins = 0;
  private failureWindowStart = 0;

  constructor(
    private readonly token: string | undefined,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.session =
      token === undefined ? undefined : createHmac('sha256', token).update(SESSION_LABEL).digest('base64url');
  }

  get required(): boolean {
    return this.token !== undefined;
  }

  /**
   * Whether the API server should let a request through that carries no valid bearer token: it has our
   * session cookie, or it is for the login page or the UI's code (`/ui/?token=…` is checked by its route).
   */
  authorize(req: IncomingMessage, url: URL): boolean {
    if (this.session === undefined) return true;
    if (PUBLIC_PATHS.has(url.pathname) || PUBLIC_PREFIXES.some((prefix) => url.pathname.startsWith(prefix)))
      return true;
    const cookie = cookieValue(req, SESSION_COOKIE);
    return cookie !== undefined && equalSecrets(cookie, this.session);
  }

  /** True when `given` is the token; counts failures (see `loginThrottled`). */
  tokenMatches(given: string | null | undefined): boolean {
    if (this.token === undefined || given === null || given === undefined || given === '') return false;
    const ok = equalSecrets(given, this.token);
    if (!ok) this.countFailure();
    return ok;
  }

  loginThrottled(): boolean {
    this.rollWindow();
    return this.failedLogins >= MAX_FAILED_LOGINS_PER_MINUTE;
  }

  /** `Set-Cookie` value opening a session (`secure` when the page was served over TLS by a proxy). */
  sessionCookie(secure = false): string {
    if (this.session === undefined) throw new Error('no api_token: sessions are not used');
    return `${SESSION_COOKIE}=${this.session}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_MAX_AGE_SECONDS}${
      secure ? '; Secure' : ''
    }`;
  }

  clearCookie(): string {
    return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
  }

  private rollWindow(): void {
    const now = this.clock();
    if (now - this.failureWindowStart >= 60_000) {
      this.failureWindowStart = now;
      this.failedLogins = 0;
    }
  }

  private countFailure(): void {
    this.rollWindow();
    this.failedLogins += 1;
  }
}
