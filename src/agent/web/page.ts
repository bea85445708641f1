// The two HTML documents the agent serves: the UI shell (the app builds everything else with DOM calls)
// and the login form. Both are constant text: no user data and never the API token is written into them.

/** Sent with every UI response: scripts, styles and requests only from the agent itself, no framing. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // `/ui/?token=…` must never travel on in a Referer.
  'referrer-policy': 'no-referrer',
};

export const UI_SHELL_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kinstrument</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/vendor/uPlot.min.css">
<link rel="stylesheet" href="/ui/app.css">
<script src="/ui/vendor/uPlot.iife.min.js"></script>
<script type="module" src="/ui/app/main.js"></script>
</head>
<body>
<div id="app"><p class="boot">Loading kinstrument…</p></div>
</body>
</html>
`;

export const UI_NOT_BUILT_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>kinstrument</title><link rel="stylesheet" href="/ui/app.css"></head>
<body><main class="login"><h1>kinstrument</h1>
<p>The web UI is not built in this installation (dist/ui is missing). Run <code>npm run build</code>.</p>
<p>The JSON API under <code>/api/v1/</code> works without it.</p></main></body>
</html>
`;

export function loginHtml(problem: 'none' | 'wrong' | 'throttled'): string {
  const messages = {
    none: '',
    wrong: '<p class="error" role="alert">That is not the agent’s api_token.</p>',
    throttled: '<p class="error" role="alert">Too many wrong tokens; wait a minute.</p>',
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kinstrument — sign in</title>
<link rel="stylesheet" href="/ui/app.css">
</head>
<body>
<main class="login">
<h1>kinstrument</h1>
<p>This agent requires its <code>api_token</code>.</p>
${messages[problem]}
<form method="post" action="/ui/login">
<label for="token">API token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`;
}
