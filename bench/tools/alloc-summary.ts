// Summarises the allocation profiles that `bench/run --alloc-prof DIR` writes (V8 sampling heap profiles of
// a child's measured window, freed objects included): bytes allocated by module and by function, and per
// message where the `<file>.messages.json` sidecar says how many the window held.
//   node build/bench/tools/alloc-summary.js <file.heapprofile>… [--top N] [--filter TEXT] [--paths]
// "Under" counts a function's own allocations and those of everything it called.
import { existsSync, readFileSync } from 'node:fs';
import { parseProfileArgs } from './profile-args';
import { frameLabel, largestFirst, moduleOf } from './profile-summary';

interface AllocationNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: AllocationNode[];
}

export interface AllocationProfile {
  head: AllocationNode;
}

export interface LoadedAllocationProfile {
  profile: AllocationProfile;
  /** Messages in the sampled window, when known. */
  messages: number | undefined;
}

export interface AllocationSummaryOptions {
  top: number;
  filter?: string;
  /** Name functions by file path instead of package. */
  paths?: boolean;
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

export function summarizeAllocations(
  profiles: readonly LoadedAllocationProfile[],
  options: AllocationSummaryOptions,
): string {
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const under = new Map<string, number>();
  let total = 0;
  const add = (map: Map<string, number>, key: string, bytes: number) =>
    map.set(key, (map.get(key) ?? 0) + bytes);

  // Returns the bytes allocated at and below `node`; a recursive function counts once in `under`.
  const walk = (node: AllocationNode, onStack: Set<string>): number => {
    const name = frameLabel(node.callFrame, options.paths);
    const outermost = !onStack.has(name);
    if (outermost) onStack.add(name);
    let below = node.selfSize;
    for (const child of node.children) below += walk(child, onStack);
    if (outermost) {
      onStack.delete(name);
      add(under, name, below);
    }
    if (node.selfSize > 0) {
      total += node.selfSize;
      if (!options.filter || name.includes(options.filter)) {
        add(byFunction, name, node.selfSize);
        add(byModule, moduleOf(node.callFrame.url), node.selfSize);
      }
    }
    return below;
  };
  // The root is V8's placeholder, not a function: its children are the stacks' outermost frames.
  for (const { profile } of profiles) {
    total += profile.head.selfSize;
    for (const child of profile.head.children) walk(child, new Set());
  }
  if (options.filter)
    for (const name of [...under.keys()]) if (!name.includes(options.filter)) under.delete(name);

  const messages = profiles.every((p) => p.messages !== undefined)
    ? profiles.reduce((sum, p) => sum + (p.messages ?? 0), 0)
    : undefined;
  const perMessage = (bytes: number) =>
    messages ? `  ${(bytes / messages).toFixed(0).padStart(6)} B/msg` : '';
  const lines = (map: Map<string, number>) =>
    largestFirst(map, options.top).map(
      ([name, bytes]) => `${megabytes(bytes).padStart(8)} MB${perMessage(bytes)}  ${name}`,
    );
  return [
    `total ${megabytes(total)} MB sampled in ${profiles.length} profile(s)` +
      (messages
        ? ` over ${messages.toLocaleString('en-US')} messages (${(total / messages).toFixed(0)} B/msg)`
        : ''),
    '',
    'allocated by module:',
    ...lines(byModule),
    '',
    'allocated by function (its own allocations):',
    ...lines(byFunction),
    '',
    'allocated under function (itself and what it called):',
    ...lines(under),
  ].join('\n');
}

function load(file: string): LoadedAllocationProfile {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as AllocationProfile;
  if (typeof profile?.head?.selfSize !== 'number' || !Array.isArray(profile.head.children)) {
    process.stderr.write(`alloc-summary: ${file} is not a V8 sampling heap profile (no head node)\n`);
    process.exit(2);
  }
  const sidecar = `${file}.messages.json`;
  const messages = existsSync(sidecar)
    ? (JSON.parse(readFileSync(sidecar, 'utf8')) as { messages?: number }).messages
    : undefined;
  return { profile, messages };
}

function main(): void {
  const args = parseProfileArgs(process.argv.slice(2), '.messages.json');
  if (args.files.length === 0 || args.has('--help')) {
    process.stderr.write('usage: alloc-summary <file.heapprofile>… [--top N] [--filter TEXT] [--paths]\n');
    process.exit(args.files.length === 0 ? 2 : 0);
  }
  const summary = summarizeAllocations(args.files.map(load), {
    top: args.top,
    filter: args.filter,
    paths: args.has('--paths'),
  });
  process.stdout.write(`${summary}\n`);
}

if (require.main === module) main();
