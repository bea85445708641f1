// Monitor states, per group and overall, and the bounded history of their transitions.

export const MONITOR_STATES = ['OK', 'WARN', 'ALERT', 'NO DATA'] as const;
export type MonitorState = (typeof MONITOR_STATES)[number];

/** Worst first when a monitor summarises its groups. */
const SEVERITY: Record<MonitorState, number> = { ALERT: 3, WARN: 2, 'NO DATA': 1, OK: 0 };

export function worstState(states: Iterable<MonitorState>): MonitorState | undefined {
  let worst: MonitorState | undefined;
  for (const state of states) if (worst === undefined || SEVERITY[state] > SEVERITY[worst]) worst = state;
  return worst;
}

export interface GroupStatus {
  /** The group's tags joined (`client_id:p-1,topic:orders`), or `*` for a monitor without group-by. */
  group: string;
  state: MonitorState;
  /** Unix milliseconds when the group entered its state. */
  since: number;
  /** The reduced value (threshold) or outlier score (outlier); absent without data. */
  value?: number;
  /** Why it is in its state, in words. */
  detail: string;
  lastEvaluated: number;
}

export interface Transition {
  /** Unix milliseconds. */
  time: number;
  group: string;
  from: MonitorState;
  to: MonitorState;
  value?: number;
  detail: string;
  notified: boolean;
}

/** Newest last; the oldest entries go first once `capacity` is reached. */
export class BoundedHistory<T> {
  private readonly items: T[] = [];
  constructor(readonly capacity: number) {}

  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  /** Newest first. */
  latest(limit = this.capacity): T[] {
    return this.items.slice(-limit).reverse();
  }

  get size(): number {
    return this.items.length;
  }
}

/**
 * Whether a transition is worth a notification: every change into or out of WARN/ALERT is; changes that
 * only involve NO DATA are when the monitor asks for it (`notify_no_data`), as in Datadog.
 */
export function shouldNotify(from: MonitorState, to: MonitorState, notifyNoData: boolean): boolean {
  if (from === to) return false;
  if (from !== 'NO DATA' && to !== 'NO DATA') return true;
  if (notifyNoData) return true;
  return to === 'ALERT' || to === 'WARN';
}
