// Where monitors come from: `<run_path>/monitors.yaml`, written by people (read at start; the API cannot
// change these), and `<run_path>/monitors-api.json`, written by the agent for monitors created through the
// API. Both sit under run_path: conf.d holds one file per check, and a monitors file there would be read as
// a check configuration.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseYamlFile } from '../config/yaml-file';
import {
  MONITOR_LIMITS,
  MonitorDefinitionError,
  parseMonitor,
  toDocument,
  type MonitorDefinition,
} from './definition';

export const MONITORS_FILE = 'monitors.yaml';
export const API_MONITORS_FILE = 'monitors-api.json';

export interface LoadedMonitors {
  monitors: MonitorDefinition[];
  /** Each names the file and the monitor; a broken monitor is skipped, the others load. */
  problems: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readList(document: unknown, file: string, source: 'file' | 'api'): LoadedMonitors {
  const problems: string[] = [];
  if (document === null || document === undefined) return { monitors: [], problems };
  if (!isRecord(document) || !Array.isArray(document.monitors)) {
    return { monitors: [], problems: [`${file}: expected a mapping with a \`monitors:\` list`] };
  }
  const monitors: MonitorDefinition[] = [];
  const ids = new Set<string>();
  document.monitors.slice(0, MONITOR_LIMITS.monitors).forEach((entry: unknown, index: number) => {
    try {
      const monitor = parseMonitor(entry, { where: `${file}: monitors[${index}]`, source });
      if (ids.has(monitor.id)) problems.push(`${file}: monitors[${index}].id: ${monitor.id} is used twice`);
      else {
        ids.add(monitor.id);
        monitors.push(monitor);
      }
    } catch (error) {
      if (error instanceof MonitorDefinitionError) problems.push(...error.problems);
      else throw error;
    }
  });
  if (document.monitors.length > MONITOR_LIMITS.monitors)
    problems.push(`${file}: only the first ${MONITOR_LIMITS.monitors} monitors are read`);
  return { monitors, problems };
}

export function loadMonitorsFile(runPath: string): LoadedMonitors {
  const file = join(runPath, MONITORS_FILE);
  if (!existsSync(file)) return { monitors: [], problems: [] };
  try {
    return readList(parseYamlFile(file), file, 'file');
  } catch (error) {
    return { monitors: [], problems: [(error as Error).message] };
  }
}

export function loadApiMonitors(path: string): LoadedMonitors {
  if (!existsSync(path)) return { monitors: [], problems: [] };
  try {
    return readList(JSON.parse(readFileSync(path, 'utf8')) as unknown, path, 'api');
  } catch (error) {
    return { monitors: [], problems: [`${path}: ${(error as Error).message}`] };
  }
}

/** Atomic (temporary file + rename): a crash never leaves half a file. */
export function saveApiMonitors(path: string, monitors: readonly MonitorDefinition[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(
    temporary,
    `${JSON.stringify({ version: 1, monitors: monitors.map(toDocument) }, null, 2)}\n`,
  );
  renameSync(temporary, path);
}
