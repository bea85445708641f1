// The command line both profile summaries take: profile files (their sidecars skipped, since a glob picks
// them up too; each is read with its profile), --top N, --filter TEXT and switches such as --paths.

export interface ProfileArgs {
  files: string[];
  top: number;
  filter: string | undefined;
  /** True when the switch (e.g. `--paths`) was given. */
  has(flag: string): boolean;
}

export function parseProfileArgs(args: readonly string[], sidecarSuffix: string): ProfileArgs {
  const valueOf = (flag: string) => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const flagValues = new Set([valueOf('--top'), valueOf('--filter')]);
  return {
    files: args.filter((a) => !a.startsWith('--') && !flagValues.has(a) && !a.endsWith(sidecarSuffix)),
    top: Number(valueOf('--top') ?? 25),
    filter: valueOf('--filter'),
    has: (flag) => args.includes(flag),
  };
}
