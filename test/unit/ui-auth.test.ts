// Browser sessions for agents that require api_token: an HttpOnly cookie derived from the token (never the
// token itself), public login paths, `?token=` first visits, and a cap on wrong guesses.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { BrowserAuth, SESSION_COOKIE } from '../../src/agent/web';
import { MAX_FAILED_LOGINS_PER_MINUTE } from '../../src/agent/web/auth';

function request(path: string, cookie?: string, method = 'GET'): [IncomingMessage, URL] {
  const req = { method, headers: cookie === undefined ? {} : { cookie } } as IncomingMessage;
  return [req, new URL(path, 'http://agent.local')];
}

test('without a token everything is open and no cookie is made', () => {
  const auth = new BrowserAuth(undefined);
  assert.equal(auth.required, false);
  assert.equal(auth.authorize(...request('/api/v1/logs')), true);
  assert.throws(() => auth.sessionCookie(), /no api_token/);
});

test('the session cookie opens every path; it is HttpOnly, SameSite=Strict, and does not contain the token', () => {
  const token = 's3cret-token-value';
  const auth = new BrowserAuth(token);
  const cookie = auth.sessionCookie();
  assert.match(
    cookie,
    new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/; Max-Age=604800$`),
  );
  assert.equal(cookie.includes(token), false);
  const value = cookie.split(';')[0]!;
  assert.equal(auth.authorize(...request('/api/v1/metrics/query', `other=1; ${value}`)), true);
  assert.equal(auth.authorize(...request('/api/v1/metrics/query')), false);
  assert.equal(auth.authorize(...request('/api/v1/metrics/query', `${SESSION_COOKIE}=forged`)), false);
  // A new token ends the sessions made with the old one.
  assert.equal(new BrowserAuth('another-token').authorize(...request('/api/v1/logs', value)), false);
  assert.match(auth.sessionCookie(true), /; Secure$/);
});

test('the login page and the UI’s code are public; data is not, whatever the query string says', () => {
  const auth = new BrowserAuth('tok');
  const open = [
    '/ui/',
    '/ui/?token=anything',
    '/ui/login',
    '/ui/app.css',
    '/ui/app/main.js',
    '/ui/vendor/uPlot.iife.min.js',
  ];
  for (const path of open) assert.equal(auth.authorize(...request(path)), true, path);
  assert.equal(auth.authorize(...request('/ui/login', undefined, 'POST')), true);
  for (const path of [
    '/api/v1/logs',
    '/api/v1/logs?token=tok',
    '/api/v1/dashboards',
    '/metrics',
    '/ui/other',
  ])
    assert.equal(auth.authorize(...request(path)), false, path);
});

test(`after ${MAX_FAILED_LOGINS_PER_MINUTE} wrong tokens in a minute, logins are throttled until it passes`, () => {
  let now = 0;
  const auth = new BrowserAuth('tok', () => now);
  for (let i = 0; i < MAX_FAILED_LOGINS_PER_MINUTE; i += 1)
    assert.equal(auth.tokenMatches(`guess-${i}`), false);
  assert.equal(auth.loginThrottled(), true);
  now += 60_000;
  assert.equal(auth.loginThrottled(), false);
  assert.equal(auth.tokenMatches('tok'), true);
});
