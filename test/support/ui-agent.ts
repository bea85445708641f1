// The agent the UI tests talk to: `kinstrument agent -c …` as users run it (the built bin), with its store,
// OTLP receiver, log collection, checks from conf.d, the UI and monitors, all on free ports. Plus the
// little clients the tests feed it with: DogStatsD over UDP, OTLP/HTTP JSON, JSON API calls.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { CLI, freePort } from './agent';
import { startApp, type AppProcess } from './processes';

export interface UiAgentOptions {
  /** Files under conf.d, by relative path (`kafka.d/conf.yaml`). */
  confd?: Record<string, string>;
  /** `<run_path>/monitors.yaml`. */
  monitorsYaml?: string;
  apiToken?: string;
  flushIntervalSeconds?: number;
  /** More keys of the main config file (kinstrument.yaml). */
  extraConfig?: Record<string, unknown>;
}

export interface UiAgent {
  url: string;
  otlpUrl: string;
  statsdPort: number;
  root: string;
  runPath: string;
  /** The agent's log lines (monitor notifications among them). */
  logLines: string[];
  stop(): Promise<void>;
}

export async function startUiAgent(options: UiAgentOptions = {}): Promise<UiAgent> {
  const root = mkdtempSync(join(tmpdir(), 'kinstrument-ui-agent-'));
  const runPath = join(root, 'run');
  const confdPath = join(root, 'conf.d');
  mkdirSync(confdPath, { recursive: true });
  for (const [relative, text] of Object.entries(options.confd ?? {})) {
    mkdirSync(dirname(join(confdPath, relative)), { recursive: true });
    writeFileSync(join(confdPath, relative), text);
  }
  if (options.monitorsYaml !== undefined) {
    mkdirSync(runPath, { recursive: true });
    writeFileSync(join(runPath, 'monitors.yaml'), options.monitorsYaml);
  }
  const [cmdPort, statsdPort, otlpPort] = [await freePort(), await freePort(), await freePort()];
  const config: Record<string, unknown> = {
    hostname: 'ui-test-host',
    tags: ['env:uitest'],
    cmd_port: cmdPort,
    dogstatsd_port: statsdPort,
    otlp_receiver_port: otlpPort,
    flush_interval: options.flushIntervalSeconds ?? 1,
    run_path: runPath,
    confd_path: confdPath,
    logs_enabled: true,
    ...options.extraConfig,
  };
  if (options.apiToken !== undefined) config.api_token = options.apiToken;
  const configFile = join(root, 'kinstrument.yaml');
  writeFileSync(configFile, stringify(config));
  const agent: AppProcess = startApp([CLI, 'agent', '-c', configFile], {});
  try {
    await agent.waitForLine(/kinstrument agent .* running/, 30_000, 'stderr');
  } catch (error) {
    await agent.stop();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${cmdPort}`,
    otlpUrl: `http://127.0.0.1:${otlpPort}`,
    statsdPort,
    root,
    runPath,
    logLines: agent.errorLines,
    async stop() {
      await agent.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Sends DogStatsD lines to the agent over UDP, one datagram each. */
export async function sendStatsd(port: number, lines: readonly string[]): Promise<void> {
  const { createSocket } = await import('node:dgram');
  const socket = createSocket('udp4');
  try {
    for (const line of lines)
      await new Promise<void>((resolve, reject) =>
        socket.send(line, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
      );
  } finally {
    socket.close();
  }
}

export interface TestSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP kind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startMs: number;
  durationMs: number;
  attributes?: Record<string, string>;
  links?: { traceId: string; spanId: string }[];
  error?: boolean;
}

function nanos(ms: number): string {
  return (BigInt(Math.round(ms * 1000)) * 1000n).toString();
}

function attributeList(
  attributes: Record<string, string>,
): { key: string; value: { stringValue: string } }[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: { stringValue: value } }));
}

/** An OTLP/JSON ExportTraceServiceRequest for one service. */
export function otlpTraces(service: string, spans: readonly TestSpan[]): unknown {
  return {
    resourceSpans: [
      {
        resource: { attributes: attributeList({ 'service.name': service }) },
        scopeSpans: [
          {
            scope: { name: 'ui-test' },
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              kind: s.kind,
              startTimeUnixNano: nanos(s.startMs),
              endTimeUnixNano: nanos(s.startMs + s.durationMs),
              attributes: attributeList(s.attributes ?? {}),
              links: (s.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
              status: s.error ? { code: 2, message: 'boom' } : {},
            })),
          },
        ],
      },
    ],
  };
}

/** An OTLP/JSON ExportLogsServiceRequest for one service. */
export function otlpLogs(
  service: string,
  records: readonly { timeMs: number; severity: string; body: string; traceId?: string; spanId?: string }[],
): unknown {
  return {
    resourceLogs: [
      {
        resource: { attributes: attributeList({ 'service.name': service }) },
        scopeLogs: [
          {
            scope: { name: 'ui-test' },
            logRecords: records.map((r) => ({
              timeUnixNano: nanos(r.timeMs),
              severityText: r.severity,
              body: { stringValue: r.body },
              ...(r.traceId ? { traceId: r.traceId } : {}),
              ...(r.spanId ? { spanId: r.spanId } : {}),
            })),
          },
        ],
      },
    ],
  };
}

export async function postOtlp(
  baseUrl: string,
  path: '/v1/traces' | '/v1/logs',
  body: unknown,
): Promise<void> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${text}`);
}

/** A JSON API call; returns status and parsed body. */
export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // HTML or plain text: kept as is
  }
  return { status: response.status, body: body as T, headers: response.headers };
}
