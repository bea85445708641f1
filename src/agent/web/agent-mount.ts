// The one call the agent makes to get its UI and monitors: builds the monitor engine (monitors.yaml and
// API-created monitors under run_path), mounts the UI and its API on the agent's API server, and returns
// what the agent must stop and what ApiServer's `authorize` hook needs.
import { join } from 'node:path';
import type { ApiServer } from '../api/server';
import type { AgentConfig } from '../config/main-config';
import {
  AgentNotifier,
  API_MONITORS_FILE,
  loadApiMonitors,
  loadMonitorsFile,
  MonitorEngine,
} from '../monitors';
import type { AgentLogger } from '../runtime/log';
import { VERSION } from '../../version';
import { BadRequest } from './http';
import { mountWebUi, type MountedWebUi } from './index';
import type { QueriesProvider } from './queries';

export interface AgentWebUi extends MountedWebUi {
  monitors: MonitorEngine;
  stop(): void;
}

export function mountAgentWebUi(
  api: ApiServer,
  config: AgentConfig,
  logger: AgentLogger,
  queries: QueriesProvider,
): AgentWebUi {
  const notifier = new AgentNotifier(logger);
  const monitors = new MonitorEngine({
    query: (query) => {
      const store = queries();
      if (store === undefined)
        throw new BadRequest('the store is disabled: monitors have no data to evaluate', 503);
      return store.metrics(query);
    },
    flushIntervalSeconds: config.flushIntervalSeconds,
    notifier,
    apiMonitorsPath: join(config.runPath, API_MONITORS_FILE),
    log: (level, message) => logger.log(level, message),
  });
  const fromFile = loadMonitorsFile(config.runPath);
  const fromApi = loadApiMonitors(join(config.runPath, API_MONITORS_FILE));
  monitors.load([...fromFile.monitors, ...fromApi.monitors], [...fromFile.problems, ...fromApi.problems]);
  for (const problem of monitors.problems) logger.log('error', `monitors: ${problem}`);
  monitors.start();
  if (monitors.list().length > 0) logger.log('info', `monitors: ${monitors.list().length} evaluating`);
  const mounted = mountWebUi(api, {
    queries,
    flushIntervalSeconds: config.flushIntervalSeconds,
    runPath: config.runPath,
    version: VERSION,
    hostname: config.hostname,
    apiToken: config.apiToken,
    monitors,
  });
  return {
    ...mounted,
    monitors,
    stop: () => {
      monitors.stop();
      notifier.webhooks.stop();
    },
  };
}
