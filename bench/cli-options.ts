// Command line of bench/run: which benchmarks, how big, how many rounds.
import { VARIANTS, type VariantId } from './client/variants';

export const BENCHMARKS = ['client', 'agent', 'consumer-check', 'store'] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

export interface BenchOptions {
  benchmarks: BenchmarkName[];
  quick: boolean;
  rounds: number;
  /** Client workloads' measured and warm-up messages are multiplied by this (longer windows). */
  scaleFactor: number;
  only: string | undefined;
  variants: VariantId[] | undefined;
  /** Also write every sample and summary as JSON here. */
  jsonFile: string | undefined;
  /** Run client children and agent processes with --cpu-prof, writing profiles here. */
  cpuProfileDir: string | undefined;
  /** Client children sample the allocations of their measured window, writing profiles here. */
  allocProfileDir: string | undefined;
  /** A folder holding another build of kinstrument (`dist/`): compared side by side with this one. */
  baselineDir: string | undefined;
  /** Extra Node/V8 flags for every client child (diagnostics, e.g. --no-turbo-inlining for profiles). */
  childFlags: string[];
}

export const USAGE = `usage: node build/bench/run.js [all|client|agent|consumer-check|store …] [options]
  --quick            seconds-long smoke run: tiny counts, one round (proves the harness works)
  --rounds N         client rounds per variant (default 3; quick: 1)
  --scale N          client workloads N times longer (default 1): windows of several seconds resolve
                     differences of a few µs/message that the default ~1 s windows cannot on a busy box
  --only TEXT        client workloads, agent steps and store steps whose name contains TEXT
                     (e.g. "acks=-1", "50k contexts", "10k spans")
  --variants A,B     client variants (bare is always added): kinstrument-full, kinstrument-traces, otel, dd-trace,
                     and the opt-in kinstrument-traces-w3c (Datadog headers off), kinstrument-patch-only
                     (every signal off), kinstrument-traces-noexport, kinstrument-traces-json (OTLP JSON),
                     kinstrument-traces-metrics / kinstrument-traces-logs (full minus logs / minus metrics),
                     kinstrument-full-no-produce-header (full minus the produce-time header),
                     bare-async-context (no instrumentation, an AsyncLocalStorage in use)
  --json FILE        write all samples and summaries to FILE
  --cpu-prof DIR     client children and agent processes run with --cpu-prof into DIR
                     (summarise with build/bench/tools/profile-summary.js)
  --alloc-prof DIR   client children sample what their measured window allocates, freed objects included,
                     into DIR (summarise with build/bench/tools/alloc-summary.js); times from such runs
                     carry the sampler's cost
  --baseline DIR     also run kinstrument from DIR/dist (another build, e.g. \`git archive\` of main,
                     built) as "… (baseline)" client variants, agent steps and store-through-agent steps, side by side
  --child-flag FLAG  pass a Node/V8 flag to every client child (repeatable), e.g. --child-flag --no-turbo-inlining
                     so that profiles name the function that allocates rather than the one it was inlined into`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const benchmarks = new Set<BenchmarkName>();
  const options: BenchOptions = {
    benchmarks: [],
    quick: false,
    rounds: 0,
    scaleFactor: 1,
    only: undefined,
    variants: undefined,
    jsonFile: undefined,
    cpuProfileDir: undefined,
    allocProfileDir: undefined,
    baselineDir: undefined,
    childFlags: [],
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      i += 1;
      return next;
    };
    if (arg === 'all') BENCHMARKS.forEach((b) => benchmarks.add(b));
    else if ((BENCHMARKS as readonly string[]).includes(arg)) benchmarks.add(arg as BenchmarkName);
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--rounds') options.rounds = positiveInteger(arg, value());
    else if (arg === '--scale') options.scaleFactor = positiveInteger(arg, value());
    else if (arg === '--only') options.only = value();
    else if (arg === '--variants') options.variants = ['bare', ...variantIds(value())];
    else if (arg === '--json') options.jsonFile = value();
    else if (arg === '--cpu-prof') options.cpuProfileDir = value();
    else if (arg === '--alloc-prof') options.allocProfileDir = value();
    else if (arg === '--baseline') options.baselineDir = value();
    else if (arg === '--child-flag') options.childFlags.push(childFlag(value()));
    else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  options.benchmarks = benchmarks.size === 0 ? [...BENCHMARKS] : BENCHMARKS.filter((b) => benchmarks.has(b));
  if (options.rounds === 0) options.rounds = options.quick ? 1 : 3;
  return options;
}

function variantIds(list: string): VariantId[] {
  const known = new Map(VARIANTS.map((v) => [v.id as string, v.id]));
  return list.split(',').map((name) => {
    const id = known.get(name.trim());
    if (!id) throw new Error(`--variants: unknown variant ${name}; known: ${[...known.keys()].join(', ')}`);
    return id;
  });
}

function childFlag(flag: string): string {
  // Only flags: a script name or a preload here would change what a variant runs.
  if (
    !/^--[a-z][a-z0-9_-]*(=\S+)?$/i.test(flag) ||
    /^--(require|import|loader|experimental-loader)\b/.test(flag)
  )
    throw new Error(`--child-flag: expected a Node/V8 flag such as --no-turbo-inlining, got ${flag}`);
  return flag;
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 50)
    throw new Error(`${flag}: expected 1-50, got ${text}`);
  return value;
}
