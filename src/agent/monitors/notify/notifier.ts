// The agent's notifier: every notification goes to the agent's log (unless the monitor turns it off) and to
// each of the monitor's webhooks.
import type { AgentLogger } from '../../runtime/log';
import { describe, type MonitorNotification, type Notifier } from './types';
import { DEFAULT_WEBHOOK_OPTIONS, WebhookSender, type WebhookOptions } from './webhook';

export class AgentNotifier implements Notifier {
  readonly webhooks: WebhookSender;

  constructor(
    private readonly logger: AgentLogger,
    webhookOptions: Partial<WebhookOptions> = {},
  ) {
    this.webhooks = new WebhookSender({
      ...DEFAULT_WEBHOOK_OPTIONS,
      onFailure: (url, message) => logger.log('warn', `monitor webhook to ${url} failed: ${message}`),
      ...webhookOptions,
    });
  }

  notify(
    notification: MonitorNotification,
    destinations: { log: boolean; webhooks: readonly string[] },
  ): void {
    if (destinations.log) {
      const level = notification.to === 'ALERT' ? 'error' : notification.to === 'OK' ? 'info' : 'warn';
      this.logger.log(level, describe(notification));
    }
    for (const url of destinations.webhooks) this.webhooks.send(url, notification);
  }
}
