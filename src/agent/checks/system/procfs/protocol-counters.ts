// /proc/net/snmp and /proc/net/netstat: pairs of lines per protocol, `Tcp: Name1 Name2 …` then
// `Tcp: value1 value2 …`.

/** Protocol (`Tcp`, `TcpExt`, …) → counter name → value. */
export type ProtocolCounters = ReadonlyMap<string, ReadonlyMap<string, number>>;

export function parseProtocolCounters(text: string): ProtocolCounters {
  const result = new Map<string, Map<string, number>>();
  const headers = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const protocol = line.slice(0, colon);
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    const names = headers.get(protocol);
    if (!names) {
      headers.set(protocol, fields);
      continue;
    }
    const counters = new Map<string, number>();
    names.forEach((name, i) => {
      const value = Number(fields[i]);
      if (Number.isFinite(value)) counters.set(name, value);
    });
    result.set(protocol, counters);
    headers.delete(protocol);
  }
  return result;
}
