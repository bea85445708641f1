// Summarises V8 .cpuprofile files (from `--cpu-prof`): self time by function and by module, so the hot
// spots of an instrumentation can be read without a GUI.
//   node build/bench/tools/profile-summary.js <file.cpuprofile>… [--top N] [--filter TEXT] [--whole] [--paths]
// --paths names functions by their file inside the package (kafkajs' many `module.exports` apart);
// the "inclusive" list counts a sample once for every distinct function on its stack (what runs under it).
// With a `<file>.window.json` sidecar (written by bench/run --cpu-prof) only the measured window counts,
// unless --whole.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { projectRoot } from '../support/paths';
import { parseProfileArgs } from './profile-args';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Monotonic µs bounds (what the benchmark child reports as its measured window). */
export interface Window {
  startMicros: number;
  endMicros: number;
}

/** Module a script belongs to: the package under node_modules, else its path in the project. */
export function moduleOf(url: string): string {
  if (url === '') return '(native / V8)';
  const path = url.replace(/^file:\/\//, '');
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (inModules) return inModules[1]!;
  if (path.startsWith('node:')) return path;
  return relative(projectRoot, path);
}

export interface LoadedProfile {
  profile: CpuProfile;
  window: Window | undefined;
}

/** A script's path inside its package (or the project), for --paths. */
function fileOf(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = /node_modules\/(.*)$/.exec(path);
  if (inModules) return inModules[1]!;
  return path.startsWith('node:') || url === '' ? moduleOf(url) : relative(projectRoot, path);
}

/** A call frame as both summaries name it: function, module (or file, with --paths), 1-based line. */
export function frameLabel(
  frame: { functionName: string; url: string; lineNumber: number },
  paths: boolean | undefined,
): string {
  return `${frame.functionName || '(anonymous)'} ${paths ? fileOf(frame.url) : moduleOf(frame.url)}:${frame.lineNumber + 1}`;
}

/** The `top` entries with the largest values, largest first. */
export function largestFirst(map: ReadonlyMap<string, number>, top: number): [string, number][] {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
}

export interface SummaryOptions {
  top: number;
  filter?: string;
  /** Name functions by file path instead of package. */
  paths?: boolean;
}

/** Self time summed over one or more profiles (e.g. the rounds of one variant and workload). */
export function summarize(profiles: readonly LoadedProfile[], options: SummaryOptions): string {
  const { top, filter } = options;
  let total = 0;
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const label = (node: ProfileNode) => frameLabel(node.callFrame, options.paths);
  for (const { profile, window } of profiles) {
    const selfMicros = new Map<number, number>();
    let at = profile.startTime;
    profile.samples.forEach((id, index) => {
      const delta = profile.timeDeltas[index] ?? 0;
      at += delta;
      if (window && (at < window.startMicros || at > window.endMicros)) return;
      selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
    });
    const parentOf = new Map<number, ProfileNode>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
    for (const node of profile.nodes) {
      const micros = selfMicros.get(node.id) ?? 0;
      if (micros === 0) continue;
      total += micros;
      const module = moduleOf(node.callFrame.url);
      const name = label(node);
      const onStack = new Set<string>();
      for (let at: ProfileNode | undefined = node; at; at = parentOf.get(at.id)) onStack.add(label(at));
      for (const frame of onStack) inclusive.set(frame, (inclusive.get(frame) ?? 0) + micros);
      if (filter && !name.includes(filter)) continue;
      byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
      byModule.set(module, (byModule.get(module) ?? 0) + micros);
    }
  }
  if (filter) for (const name of [...inclusive.keys()]) if (!name.includes(filter)) inclusive.delete(name);
  const lines = (map: Map<string, number>) =>
    largestFirst(map, top).map(
      ([name, micros]) =>
        `${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${name}`,
    );
  return [
    `total ${(total / 1000).toFixed(0)} ms sampled in ${profiles.length} profile(s)` +
      (profiles.some((p) => p.window) ? ' (measured windows only)' : ''),
    '',
    'self time by module:',
    ...lines(byModule),
    '',
    'self time by function:',
    ...lines(byFunction),
    '',
    'inclusive time by function (self + what it called):',
    ...lines(inclusive),
  ].join('\n');
}

function load(file: string, whole: boolean): LoadedProfile {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  if (!Array.isArray(profile.samples) || !Array.isArray(profile.nodes)) {
    process.stderr.write(`profile-summary: ${file} is not a V8 .cpuprofile (no nodes and samples)\n`);
    process.exit(2);
  }
  const sidecar = `${file}.window.json`;
  const window =
    existsSync(sidecar) && !whole ? (JSON.parse(readFileSync(sidecar, 'utf8')) as Window) : undefined;
  return { profile, window };
}

function main(): void {
  const args = parseProfileArgs(process.argv.slice(2), '.cpuprofile.window.json');
  if (args.files.length === 0) {
    process.stderr.write(
      'usage: profile-summary <file.cpuprofile>… [--top N] [--filter TEXT] [--whole] [--paths]\n',
    );
    process.exit(2);
  }
  const whole = args.has('--whole');
  const summary = summarize(
    args.files.map((file) => load(file, whole)),
    { top: args.top, filter: args.filter, paths: args.has('--paths') },
  );
  process.stdout.write(`${summary}\n`);
}

if (require.main === module) main();
