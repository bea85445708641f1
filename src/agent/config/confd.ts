// Finds check configurations the way the Datadog Agent lays them out:
//   conf.d/<check>.d/conf.yaml   (or conf.yaml.default when there is no conf.yaml; *.example is ignored)
//   conf.d/<check>.yaml
// Each file is parsed on its own: a broken file disables that file only.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlFile } from './yaml-file';

export interface CheckConfigFile {
  check: string;
  file: string;
  /** The parsed YAML, when it parsed. */
  document?: unknown;
  /** Why the file cannot be used (names the file and, for YAML errors, line and column). */
  error?: string;
}

/** Most configuration files read from conf.d; more is surely a mistake (and is reported). */
const MAX_FILES = 1000;

export function discoverCheckConfigs(confdPath: string): { files: CheckConfigFile[]; problems: string[] } {
  const problems: string[] = [];
  if (!existsSync(confdPath))
    return { files: [], problems: [`${confdPath}: conf.d folder not found; no checks configured`] };
  const found: { check: string; file: string }[] = [];
  for (const entry of readdirSync(confdPath).sort()) {
    const path = join(confdPath, entry);
    if (entry.endsWith('.d') && isDirectory(path)) {
      const check = entry.slice(0, -2);
      const files = readdirSync(path).sort();
      const yamls = files.filter((f) => /\.ya?ml$/.test(f));
      const chosen = yamls.length > 0 ? yamls : files.filter((f) => /\.ya?ml\.default$/.test(f));
      for (const file of chosen) found.push({ check, file: join(path, file) });
    } else if (/\.ya?ml$/.test(entry) && !isDirectory(path)) {
      found.push({ check: entry.replace(/\.ya?ml$/, ''), file: path });
    }
  }
  if (found.length > MAX_FILES) {
    problems.push(`${confdPath}: ${found.length} configuration files; only the first ${MAX_FILES} are read`);
    found.length = MAX_FILES;
  }
  const files = found.map(({ check, file }): CheckConfigFile => {
    try {
      return { check, file, document: parseYamlFile(file) };
    } catch (error) {
      return { check, file, error: (error as Error).message };
    }
  });
  return { files, problems };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
