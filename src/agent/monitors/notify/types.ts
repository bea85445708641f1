// What a notification says, and where notifiers send it.
import type { MonitorState } from '../state';

export interface MonitorNotification {
  monitor: { id: string; name: string; type: string; tags: string[] };
  group: string;
  from: MonitorState;
  to: MonitorState;
  value?: number;
  detail: string;
  /** The monitor's own message. */
  message: string;
  /** Unix milliseconds. */
  timestamp: number;
  /** `recovered` when returning to OK, `triggered` otherwise. */
  event: 'triggered' | 'recovered';
}

export interface Notifier {
  /** Never throws and never waits: delivery happens in the background. */
  notify(
    notification: MonitorNotification,
    destinations: { log: boolean; webhooks: readonly string[] },
  ): void;
}

export function describe(n: MonitorNotification): string {
  const group = n.group === '*' ? '' : ` [${n.group}]`;
  return `monitor "${n.monitor.name}"${group}: ${n.from} → ${n.to}: ${n.detail}${n.message ? ` — ${n.message}` : ''}`;
}
