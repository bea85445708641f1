// What the UI needs to know about this agent before its first query.
import type { ApiServer } from '../../api/server';
import type { WebContext } from '../context';
import { answer } from '../http';

export interface UiConfig {
  version: string;
  hostname: string;
  flushIntervalSeconds: number;
  storeEnabled: boolean;
  monitorsEnabled: boolean;
  /** The agent requires a token (browsers hold a session cookie); the UI then offers "sign out". */
  authRequired: boolean;
}

export function registerUiConfigRoute(
  api: ApiServer,
  context: WebContext,
  config: Omit<UiConfig, 'storeEnabled'>,
): void {
  api.route('GET', '/api/v1/ui/config', (_req, res) =>
    answer(res, (): UiConfig => ({ ...config, storeEnabled: context.storeEnabled })),
  );
}
