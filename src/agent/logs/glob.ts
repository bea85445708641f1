// File globs for `logs[].path` and `exclude_paths`: `*` and `?` within one path segment, `[abc]` / `[!a-z]`
// classes, `**` for any number of directories. Node 20 has no fs.glob, and a walk we write ourselves can be bounded:
// a scan visits at most `maxEntries` directory entries and `**` descends at most `maxDepth` levels, never through
// symbolic links to directories (they can loop).
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';

export interface GlobLimits {
  maxEntries: number;
  maxDepth: number;
}

export interface GlobResult {
  files: string[];
  /** The walk stopped at a limit; some matching files may be missing. */
  truncated: boolean;
}

export const DEFAULT_GLOB_LIMITS: GlobLimits = { maxEntries: 20_000, maxDepth: 16 };

export function hasGlobMagic(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** A problem with the pattern, or undefined when it is usable. */
export function checkGlob(pattern: string): string | undefined {
  if (!isAbsolute(pattern)) return 'must be an absolute path';
  for (const segment of pattern.split(sep)) {
    if (segment.includes('**') && segment !== '**')
      return '"**" must be a whole path segment, as in /var/log/**/server.log';
    try {
      segmentRegExp(segment);
    } catch (error) {
      return (error as Error).message;
    }
  }
  return undefined;
}

/** Matches whole paths (for `exclude_paths`). */
export function globToRegExp(pattern: string): RegExp {
  const segments = pattern.split(sep);
  let source = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    // `a/**/b` also matches `a/b`: the globstar takes its separator with it.
    if (segment === '**') source += last ? '.*' : '(?:[^/]*/)*';
    else source += segmentSource(segment) + (last ? '' : '/');
  });
  return new RegExp(`^${source}$`);
}

export async function expandGlob(
  pattern: string,
  limits: GlobLimits = DEFAULT_GLOB_LIMITS,
): Promise<GlobResult> {
  const segments = pattern.split(sep).filter((segment, index) => segment !== '' || index === 0);
  const found = new Set<string>();
  const budget = { entries: limits.maxEntries, truncated: false };
  await walk(sep, segments.slice(1), 0);
  return { files: [...found].sort(), truncated: budget.truncated };

  async function walk(dir: string, rest: string[], globstarDepth: number): Promise<void> {
    if (budget.entries <= 0) {
      budget.truncated = true;
      return;
    }
    const [segment, ...tail] = rest;
    if (segment === undefined) return;
    const last = tail.length === 0;
    if (segment === '**') {
      await walk(dir, tail, globstarDepth);
      if (globstarDepth >= limits.maxDepth) {
        budget.truncated = true;
        return;
      }
      for (const entry of await list(dir)) {
        if (entry.isDirectory()) await walk(join(dir, entry.name), rest, globstarDepth + 1);
      }
      return;
    }
    if (!hasGlobMagic(segment)) {
      const path = join(dir, segment.replace(/\\(.)/g, '$1'));
      budget.entries--;
      if (last) {
        if (await isFile(path)) found.add(path);
      } else if (await isDirectory(path)) {
        await walk(path, tail, globstarDepth);
      }
      return;
    }
    const matcher = segmentRegExp(segment);
    for (const entry of await list(dir)) {
      if (!matcher.test(entry.name)) continue;
      const path = join(dir, entry.name);
      if (last) {
        if (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path)))) found.add(path);
      } else if (entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectory(path)))) {
        await walk(path, tail, globstarDepth);
      }
    }
  }

  async function list(dir: string): Promise<Dirent[]> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return [];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.length > budget.entries) {
      budget.truncated = true;
      entries = entries.slice(0, Math.max(0, budget.entries));
    }
    budget.entries -= entries.length;
    return entries;
  }
}

function segmentRegExp(segment: string): RegExp {
  return new RegExp(`^${segmentSource(segment)}$`);
}

/** One path segment's glob as regular-expression source; throws on an unclosed class. */
function segmentSource(segment: string): string {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i]!;
    if (char === '\\' && i + 1 < segment.length) {
      source += escapeRegExp(segment[++i]!);
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) throw new Error(`unclosed "[" in "${segment}"`);
      let body = segment.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      source += `[${body.replace(/\\/g, '\\\\').replace(/\//g, '')}]`;
      i = close;
    } else {
      source += escapeRegExp(char);
    }
  }
  return source;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
