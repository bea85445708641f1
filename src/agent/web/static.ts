// Serves the UI: the HTML shell, the compiled browser modules (dist/ui), the stylesheet, uPlot from
// node_modules, and the login flow for agents that require `api_token`. Files are read per request (the
// UI is small and this keeps a rebuilt UI live without a restart); only names under the UI folder that
// look like our own build output are served.
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, resolve, sep } from 'node:path';
import type { ApiServer } from '../api/server';
import { APP_CSS } from './assets/app-css';
import type { BrowserAuth } from './auth';
import { readFormBody } from './http';
import { loginHtml, SECURITY_HEADERS, UI_NOT_BUILT_HTML, UI_SHELL_HTML } from './page';

/**
 * The package's compiled UI, `<package>/dist/ui`. This file is `<package>/<build>/src/agent/web/static.js`
 * (`<build>` is dist, or a test build folder), so the package root is four folders up.
 */
export const DEFAULT_UI_ROOT = resolve(__dirname, '..', '..', '..', '..', 'dist', 'ui');

const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_/-]*\.js(\.map)?$/;
const VENDOR_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  'uPlot.iife.min.js': { file: 'uPlot.iife.min.js', type: 'text/javascript; charset=utf-8' },
  'uPlot.min.css': { file: 'uPlot.min.css', type: 'text/css; charset=utf-8' },
};

function uplotDist(): string {
  return join(dirname(require.resolve('uplot/package.json')), 'dist');
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-cache', ...extra });
  res.end(body);
}

function redirect(res: ServerResponse, location: string, extra: Record<string, string> = {}): void {
  res.writeHead(303, { ...SECURITY_HEADERS, location, 'cache-control': 'no-store', ...extra }).end();
}

async function sendFile(res: ServerResponse, path: string, type: string): Promise<void> {
  let body: Buffer;
  try {
    body = await readFile(path);
  } catch {
    send(res, 404, 'text/plain; charset=utf-8', 'not found');
    return;
  }
  send(res, 200, type, body);
}

/** The request came through TLS (a reverse proxy in front of the agent says so). */
function behindTls(req: IncomingMessage): boolean {
  return req.headers['x-forwarded-proto'] === 'https';
}

export interface StaticOptions {
  auth: BrowserAuth;
  /** Folder of the compiled UI modules; DEFAULT_UI_ROOT unless a test points elsewhere. */
  uiRoot?: string;
}

export function registerStaticRoutes(api: ApiServer, options: StaticOptions): void {
  const uiRoot = resolve(options.uiRoot ?? DEFAULT_UI_ROOT);
  const { auth } = options;

  api.route('GET', '/', (_req, res) => redirect(res, '/ui/'));
  api.route('GET', '/ui', (_req, res) => redirect(res, '/ui/'));

  api.route('GET', '/ui/', async (req, res, url) => {
    // A first visit with `?token=`: trade it for the cookie, then drop it from the address bar.
    if (auth.required && url.searchParams.has('token')) {
      if (auth.tokenMatches(url.searchParams.get('token')))
        redirect(res, '/ui/', { 'set-cookie': auth.sessionCookie(behindTls(req)) });
      else redirect(res, '/ui/login');
      return;
    }
    const built = await stat(join(uiRoot, 'main.js')).then(
      () => true,
      () => false,
    );
    send(res, built ? 200 : 503, 'text/html; charset=utf-8', built ? UI_SHELL_HTML : UI_NOT_BUILT_HTML);
  });

  api.route('GET', '/ui/login', (_req, res) => {
    if (!auth.required) return redirect(res, '/ui/');
    send(res, 200, 'text/html; charset=utf-8', loginHtml('none'));
  });

  api.route('POST', '/ui/login', async (req, res) => {
    if (!auth.required) return redirect(res, '/ui/');
    if (auth.loginThrottled()) return send(res, 429, 'text/html; charset=utf-8', loginHtml('throttled'));
    const form = await readFormBody(req);
    if (!auth.tokenMatches(form.get('token')))
      return send(
        res,
        401,
        'text/html; charset=utf-8',
        loginHtml(auth.loginThrottled() ? 'throttled' : 'wrong'),
      );
    redirect(res, '/ui/', { 'set-cookie': auth.sessionCookie(behindTls(req)) });
  });

  api.route('POST', '/ui/logout', (_req, res) =>
    redirect(
      res,
      auth.required ? '/ui/login' : '/ui/',
      auth.required ? { 'set-cookie': auth.clearCookie() } : {},
    ),
  );

  api.route('GET', '/ui/app.css', (_req, res) => send(res, 200, 'text/css; charset=utf-8', APP_CSS));

  api.route('GET', '/ui/vendor/*', async (_req, res, url) => {
    const vendor = VENDOR_FILES[url.pathname.slice('/ui/vendor/'.length)];
    if (vendor === undefined) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    await sendFile(res, join(uplotDist(), vendor.file), vendor.type);
  });

  api.route('GET', '/ui/app/*', async (_req, res, url) => {
    const name = url.pathname.slice('/ui/app/'.length);
    const path = resolve(uiRoot, name);
    if (!ASSET_NAME.test(name) || name.includes('..') || !path.startsWith(uiRoot + sep))
      return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    const type = name.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8';
    await sendFile(res, path, type);
  });
}
