// /proc/meminfo: `Name:   1234 kB` lines (a few, like HugePages_Total, have no unit) → values in bytes.

export type Meminfo = ReadonlyMap<string, number>;

export function parseMeminfo(text: string): Meminfo {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([^:\s]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (!match) continue;
    const [, name, amount] = match;
    const kibibytes = /kB\s*$/.test(line);
    values.set(name as string, Number(amount) * (kibibytes ? 1024 : 1));
  }
  if (!values.has('MemTotal')) throw new Error('/proc/meminfo has no MemTotal');
  return values;
}
