// Runs monitors: each on its own interval queries the store over its window, evaluates, updates the state
// of every group, records transitions (bounded history) and notifies. Monitors come from monitors.yaml
// (read-only) and the API (persisted by the agent). Evaluation is synchronous (the store's reads are), so
// two evaluations of one monitor never overlap.
import { randomBytes } from 'node:crypto';
import type { MetricQuery, MetricQueryResult } from '../store/query';
import {
  MONITOR_LIMITS,
  MonitorDefinitionError,
  parseMonitor,
  toDocument,
  type MonitorDefinition,
  type MonitorType,
} from './definition';
import { evaluate, monitorStep, ALL_GROUP, type GroupVerdict } from './evaluate';
import { saveApiMonitors } from './files';
import type { MonitorNotification, Notifier } from './notify/types';
import {
  BoundedHistory,
  shouldNotify,
  worstState,
  type GroupStatus,
  type MonitorState,
  type Transition,
} from './state';

export const HISTORY_CAPACITY = 200;
export const MAX_GROUPS_PER_MONITOR = 500;
/** A group that has had no data this long is forgotten (it was probably a client that went away). */
export const FORGET_AFTER_MS = 24 * 3600 * 1000;

/** A request the engine refuses, with the HTTP status that says why. */
export class MonitorRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'MonitorRequestError';
  }
}

export interface MonitorEngineOptions {
  /** Runs a metric query on the store; throws when it cannot (e.g. the store is off). */
  query: (query: MetricQuery) => MetricQueryResult;
  flushIntervalSeconds: number;
  notifier: Notifier;
  /** Where API-created monitors are kept; undefined keeps them in memory only. */
  apiMonitorsPath?: string;
  clock?: () => number;
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void;
}

interface Runtime {
  definition: MonitorDefinition;
  groups: Map<string, GroupStatus>;
  history: BoundedHistory<Transition>;
  timer?: NodeJS.Timeout;
  evaluations: number;
  lastEvaluated?: number;
  lastError?: string;
  groupsDropped: number;
}

export interface MonitorView {
  id: string;
  name: string;
  type: MonitorType;
  source: 'file' | 'api';
  state: MonitorState;
  groups: GroupStatus[];
  evaluations: number;
  lastEvaluated?: number;
  lastError?: string;
  definition: Record<string, unknown>;
}

export interface MonitorDetail extends MonitorView {
  history: Transition[];
}

const ORDER: Record<MonitorState, number> = { ALERT: 0, WARN: 1, 'NO DATA': 2, OK: 3 };

export class MonitorEngine {
  private readonly monitors = new Map<string, Runtime>();
  private readonly clock: () => number;
  private running = false;
  readonly problems: string[] = [];

  constructor(private readonly options: MonitorEngineOptions) {
    this.clock = options.clock ?? (() => Date.now());
  }

  /** Adds monitors read at start; an API monitor whose id a file monitor already uses is skipped. */
  load(definitions: readonly MonitorDefinition[], problems: readonly string[] = []): void {
    this.problems.push(...problems);
    for (const definition of definitions) {
      if (this.monitors.has(definition.id)) {
        this.problems.push(
          `monitor id ${definition.id} is defined twice; the ${definition.source} one is skipped`,
        );
        continue;
      }
      this.monitors.set(definition.id, this.newRuntime(definition));
    }
  }

  start(): void {
    this.running = true;
    for (const runtime of this.monitors.values()) this.schedule(runtime);
  }

  stop(): void {
    this.running = false;
    for (const runtime of this.monitors.values()) clearInterval(runtime.timer);
  }

  list(): MonitorView[] {
    return [...this.monitors.values()]
      .map((r) => this.view(r))
      .sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.name.localeCompare(b.name));
  }

  get(id: string): MonitorDetail | undefined {
    const runtime = this.monitors.get(id);
    return runtime === undefined ? undefined : { ...this.view(runtime), history: runtime.history.latest() };
  }

  create(document: unknown): MonitorDetail {
    if (this.monitors.size >= MONITOR_LIMITS.monitors)
      throw new MonitorRequestError(`at most ${MONITOR_LIMITS.monitors} monitors`, 409);
    const definition = this.parse(document, undefined);
    if (this.monitors.has(definition.id))
      throw new MonitorRequestError(`a monitor with id ${definition.id} exists`, 409);
    const runtime = this.newRuntime(definition);
    this.monitors.set(definition.id, runtime);
    this.persist();
    if (this.running) this.schedule(runtime);
    return this.get(definition.id) as MonitorDetail;
  }

  update(id: string, document: unknown): MonitorDetail {
    const existing = this.editable(id);
    const definition = this.parse(document, id);
    clearInterval(existing.timer);
    // A changed query makes old group states meaningless; the history stays.
    const runtime: Runtime = { ...this.newRuntime(definition), history: existing.history };
    this.monitors.set(id, runtime);
    this.persist();
    if (this.running) this.schedule(runtime);
    return this.get(id) as MonitorDetail;
  }

  delete(id: string): void {
    const existing = this.editable(id);
    clearInterval(existing.timer);
    this.monitors.delete(id);
    this.persist();
  }

  /** Evaluates one monitor now (the API's "evaluate", and tests). */
  evaluateNow(id: string): MonitorDetail {
    const runtime = this.monitors.get(id);
    if (runtime === undefined) throw new MonitorRequestError('no such monitor', 404);
    this.evaluate(runtime);
    return this.get(id) as MonitorDetail;
  }

  stats(): { monitors: number; byState: Record<MonitorState, number>; problems: string[] } {
    const byState: Record<MonitorState, number> = { OK: 0, WARN: 0, ALERT: 0, 'NO DATA': 0 };
    for (const view of this.list()) byState[view.state] += 1;
    return { monitors: this.monitors.size, byState, problems: [...this.problems] };
  }

  private parse(document: unknown, id: string | undefined): MonitorDefinition {
    const fallbackId = id ?? `monitor-${randomBytes(4).toString('hex')}`;
    const input = id === undefined ? document : { ...(document as object), id };
    try {
      return parseMonitor(input, { where: 'monitor', source: 'api', fallbackId });
    } catch (error) {
      if (error instanceof MonitorDefinitionError) throw new MonitorRequestError(error.message, 400);
      throw error;
    }
  }

  private editable(id: string): Runtime {
    const runtime = this.monitors.get(id);
    if (runtime === undefined) throw new MonitorRequestError('no such monitor', 404);
    if (runtime.definition.source === 'file')
      throw new MonitorRequestError('this monitor is defined in monitors.yaml: change it there', 409);
    return runtime;
  }

  private persist(): void {
    const path = this.options.apiMonitorsPath;
    if (path === undefined) return;
    const api = [...this.monitors.values()].map((r) => r.definition).filter((d) => d.source === 'api');
    saveApiMonitors(path, api);
  }

  private newRuntime(definition: MonitorDefinition): Runtime {
    return {
      definition,
      groups: new Map(),
      history: new BoundedHistory<Transition>(HISTORY_CAPACITY),
      evaluations: 0,
      groupsDropped: 0,
    };
  }

  private schedule(runtime: Runtime): void {
    clearInterval(runtime.timer);
    runtime.timer = setInterval(() => this.evaluate(runtime), runtime.definition.everySeconds * 1000);
    runtime.timer.unref();
    // The first evaluation right away, so a fresh agent shows states without waiting an interval.
    setImmediate(() => {
      if (this.monitors.get(runtime.definition.id) === runtime && this.running) this.evaluate(runtime);
    });
  }

  private evaluate(runtime: Runtime): void {
    const { definition } = runtime;
    const now = this.clock();
    runtime.lastEvaluated = now;
    runtime.evaluations += 1;
    let result: MetricQueryResult;
    try {
      const to = Math.ceil(now / 1000);
      result = this.options.query({
        metric: definition.query.metric,
        from: to - definition.windowSeconds,
        to,
        step: monitorStep(definition, this.options.flushIntervalSeconds),
        filters: definition.query.filters,
        groupBy: definition.query.groupBy,
        rollup: definition.query.rollup,
        aggregation: definition.query.aggregation,
        maxGroups: MAX_GROUPS_PER_MONITOR,
      });
      runtime.lastError = undefined;
    } catch (error) {
      runtime.lastError = (error as Error).message;
      return;
    }
    const verdicts = evaluate(definition, result);
    const seen = new Set<string>();
    for (const verdict of verdicts) {
      seen.add(verdict.group);
      this.apply(runtime, verdict, now);
    }
    for (const group of [...runtime.groups.keys()]) {
      if (seen.has(group)) continue;
      this.apply(
        runtime,
        { group, state: 'NO DATA', detail: 'the group reported no data in the window', hasData: false },
        now,
      );
    }
    for (const [group, status] of runtime.groups) {
      if (group !== ALL_GROUP && status.state === 'NO DATA' && now - status.since > FORGET_AFTER_MS)
        runtime.groups.delete(group);
    }
  }

  private apply(runtime: Runtime, verdict: GroupVerdict, now: number): void {
    const previous = runtime.groups.get(verdict.group);
    if (previous === undefined) {
      // Series the store still lists but that sent nothing in the window are not groups of this monitor (yet).
      if (!verdict.hasData && verdict.group !== ALL_GROUP) return;
      if (runtime.groups.size >= MAX_GROUPS_PER_MONITOR) {
        runtime.groupsDropped += 1;
        return;
      }
    }
    const status: GroupStatus = {
      group: verdict.group,
      state: verdict.state,
      since: previous !== undefined && previous.state === verdict.state ? previous.since : now,
      detail: verdict.detail,
      lastEvaluated: now,
    };
    if (verdict.value !== undefined) status.value = verdict.value;
    runtime.groups.set(verdict.group, status);
    // New groups start from OK: a group that first appears in ALERT is a transition worth telling.
    const from: MonitorState = previous?.state ?? 'OK';
    if (from !== verdict.state) this.transition(runtime, from, status, now);
  }

  private transition(runtime: Runtime, from: MonitorState, status: GroupStatus, now: number): void {
    const { definition } = runtime;
    const notified = shouldNotify(from, status.state, definition.notifyNoData);
    const transition: Transition = {
      time: now,
      group: status.group,
      from,
      to: status.state,
      detail: status.detail,
      notified,
    };
    if (status.value !== undefined) transition.value = status.value;
    runtime.history.push(transition);
    if (!notified) return;
    const notification: MonitorNotification = {
      monitor: { id: definition.id, name: definition.name, type: definition.type, tags: definition.tags },
      group: status.group,
      from,
      to: status.state,
      detail: status.detail,
      message: definition.message,
      timestamp: now,
      event: status.state === 'OK' ? 'recovered' : 'triggered',
    };
    if (status.value !== undefined) notification.value = status.value;
    try {
      this.options.notifier.notify(notification, definition.notify);
    } catch (error) {
      this.options.log?.(
        'warn',
        `monitor ${definition.id}: notification failed: ${(error as Error).message}`,
      );
    }
  }

  private view(runtime: Runtime): MonitorView {
    const groups = [...runtime.groups.values()].sort(
      (a, b) => ORDER[a.state] - ORDER[b.state] || a.group.localeCompare(b.group),
    );
    const view: MonitorView = {
      id: runtime.definition.id,
      name: runtime.definition.name,
      type: runtime.definition.type,
      source: runtime.definition.source,
      state: worstState(groups.map((g) => g.state)) ?? 'NO DATA',
      groups,
      evaluations: runtime.evaluations,
      definition: toDocument(runtime.definition),
    };
    if (runtime.lastEvaluated !== undefined) view.lastEvaluated = runtime.lastEvaluated;
    if (runtime.lastError !== undefined) view.lastError = runtime.lastError;
    return view;
  }
}
