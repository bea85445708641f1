// Sees kafkajs' own files as they load, so the patch is in place before the app holds kafkajs' classes.
//
// Not require-in-the-middle (what OpenTelemetry's InstrumentationBase installs): that resolves the path of
// every require() in the process, every time, before looking at it (`Module._resolveFilename`, with
// package.json scope lookups), and kafkajs calls require('./vN/request') and ('./vN/response') inside every
// produce and fetch request — 5–8 µs per request on the benchmark machine, about a tenth of a traced send
// of one message (bench/FINDINGS.md, item 7). Here a require whose id cannot name one of the watched files
// is passed through after one string test; the others are resolved once per (requiring module, id) and
// remembered.
import Module from 'node:module';
import { sep } from 'node:path';
import { guarded } from '../../diagnostics/diagnostics';

export type KafkajsFile =
  | 'src/index.js'
  | 'src/retry/index.js'
  | 'src/loggers/index.js'
  | 'src/broker/index.js'
  | 'src/protocol/recordBatch/header/v0/index.js';

const WATCHED: ReadonlySet<string> = new Set<KafkajsFile>([
  'src/index.js',
  'src/retry/index.js',
  'src/loggers/index.js',
  'src/broker/index.js',
  'src/protocol/recordBatch/header/v0/index.js',
]);

export interface KafkajsFileLoad {
  file: KafkajsFile;
  /** The kafkajs copy the file belongs to (`…/node_modules/kafkajs`). */
  packageRoot: string;
  filename: string;
}

/** Returns what the requirer gets in place of `exports` (the same object when patched in place). */
export type OnKafkajsLoad = (exports: unknown, load: KafkajsFileLoad) => unknown;

interface RequiringModule {
  filename?: string | null;
}
type RequireFunction = (this: RequiringModule, id: string) => unknown;
interface ModuleInternals {
  prototype: { require: RequireFunction };
  _resolveFilename(request: string, parent: RequiringModule): string;
}
const ModuleApi = Module as unknown as ModuleInternals;

/**
 * Every id that can resolve to a watched file contains one of these: the files' directory names, or
 * `index` / `.` for a require from inside the directory itself (the record encoder requires
 * `../../header/v0`). kafkajs' per-request requires (`./v7/request`) contain none, nor do most of an app's.
 */
const CANDIDATE_ID = /src|retry|logger|broker|header|index|^\.\.?\/?$/;

/** Whether (requiring module, id) loads a watched file; kept for the life of the process (module ids are few). */
const decisions = new Map<string, KafkajsFileLoad | null>();
/** Most decisions remembered; past that, candidates are resolved per call (correct, only slower). */
const MAX_DECISIONS = 20_000;

/** The watched file `filename` is, with its kafkajs copy, or null. */
export function kafkajsFileOf(filename: string): KafkajsFileLoad | null {
  const marker = `${sep}node_modules${sep}kafkajs${sep}`;
  const at = filename.lastIndexOf(marker);
  if (at < 0) return null;
  const relative = filename.slice(at + marker.length);
  const file = sep === '/' ? relative : relative.split(sep).join('/');
  if (!WATCHED.has(file)) return null;
  return { file: file as KafkajsFile, packageRoot: filename.slice(0, at + marker.length - 1), filename };
}

function decide(parent: RequiringModule, id: string): KafkajsFileLoad | null {
  const key = typeof parent?.filename === 'string' ? `${parent.filename}\0${id}` : undefined;
  if (key !== undefined) {
    const known = decisions.get(key);
    if (known !== undefined) return known;
  }
  let decision: KafkajsFileLoad | null;
  try {
    decision = kafkajsFileOf(ModuleApi._resolveFilename(id, parent));
  } catch {
    decision = null;
  }
  if (key !== undefined && decisions.size < MAX_DECISIONS) decisions.set(key, decision);
  return decision;
}

export interface RequireHook {
  /** Stops watching. The patched exports handed out so far stay with whoever holds them. */
  unhook(): void;
}

/** Calls `onLoad` once per watched file of each kafkajs copy, the first time it is required after this. */
export function hookKafkajsRequires(onLoad: OnKafkajsLoad): RequireHook {
  const original = ModuleApi.prototype.require;
  /** Per file: what require returned, and what we handed out instead. */
  const handedOut = new Map<string, { original: unknown; patched: unknown }>();
  let active = true;

  const requireWatchingKafkajs: RequireFunction = function (this: RequiringModule, id: string) {
    // The app's require, exactly: whatever it returns or throws, before we look.
    // eslint-disable-next-line prefer-rest-params
    const exports = original.apply(this, arguments as unknown as [string]);
    if (!active || typeof id !== 'string' || !CANDIDATE_ID.test(id)) return exports;
    const load = decide(this, id);
    if (load === null) return exports;
    const seen = handedOut.get(load.filename);
    if (seen !== undefined && seen.original === exports) return seen.patched;
    // Required again while it is still loading (a require cycle): its exports are not complete yet.
    if (require.cache[load.filename]?.loaded !== true) return exports;
    // A failing patch leaves the file as kafkajs made it; the failure is counted and logged, never thrown.
    const patched = guarded('kafkajs.patch', exports, () => onLoad(exports, load));
    handedOut.set(load.filename, { original: exports, patched });
    return patched;
  };

  ModuleApi.prototype.require = requireWatchingKafkajs;
  return {
    unhook() {
      active = false;
      // Put the original back only if nobody wrapped require after us; otherwise ours stays, passing through.
      if (ModuleApi.prototype.require === requireWatchingKafkajs) ModuleApi.prototype.require = original;
    },
  };
}
