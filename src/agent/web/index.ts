// The agent's web UI and the JSON API behind it, mounted on the agent's API server (cmd_port):
//   /ui/…                       the UI (static shell, compiled browser modules, uPlot, login)
//   /api/v1/metrics|tags|…      queries over the store (metrics, logs, traces)
//   /api/v1/dashboards          dashboard templates and saved copies
//   /api/v1/monitors            monitors, their states and history
import { join } from 'node:path';
import type { ApiServer } from '../api/server';
import type { MonitorEngine } from '../monitors';
import { BrowserAuth } from './auth';
import { WebContext } from './context';
import { DashboardStore } from './dashboards/store';
import type { QueriesProvider } from './queries';
import { registerDashboardRoutes } from './routes/dashboards';
import { registerLogRoutes } from './routes/logs';
import { registerMetricRoutes } from './routes/metrics';
import { registerMonitorRoutes } from './routes/monitors';
import { registerTraceRoutes } from './routes/traces';
import { registerUiConfigRoute } from './routes/ui-config';
import { registerStaticRoutes } from './static';

export { BrowserAuth, SESSION_COOKIE } from './auth';
export type { WebQueries, QueriesProvider } from './queries';

export interface WebUiOptions {
  queries: QueriesProvider;
  flushIntervalSeconds: number;
  runPath: string;
  version: string;
  hostname: string;
  apiToken?: string;
  monitors?: MonitorEngine;
  /** Overrides for tests. */
  uiRoot?: string;
  templatesDir?: string;
  clock?: () => number;
}

export interface MountedWebUi {
  /** For ApiServer's `authorize` hook: lets a browser with a session cookie (or at the login page) through. */
  auth: BrowserAuth;
  dashboards: DashboardStore;
}

export function mountWebUi(api: ApiServer, options: WebUiOptions): MountedWebUi {
  const auth = new BrowserAuth(options.apiToken, options.clock);
  const context = new WebContext(options.queries, options.flushIntervalSeconds, options.clock);
  const dashboards = new DashboardStore(join(options.runPath, 'dashboards'), options.templatesDir);
  registerStaticRoutes(api, { auth, uiRoot: options.uiRoot });
  registerUiConfigRoute(api, context, {
    version: options.version,
    hostname: options.hostname,
    flushIntervalSeconds: options.flushIntervalSeconds,
    monitorsEnabled: options.monitors !== undefined,
    authRequired: auth.required,
  });
  registerMetricRoutes(api, context);
  registerLogRoutes(api, context);
  registerTraceRoutes(api, context);
  registerDashboardRoutes(api, dashboards);
  if (options.monitors) registerMonitorRoutes(api, options.monitors);
  return { auth, dashboards };
}
