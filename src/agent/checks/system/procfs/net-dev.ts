// /proc/net/dev: two header lines, then `iface: <8 receive counters> <8 transmit counters>`. A long counter may
// touch the colon (`eth0:123`), so the name is split at the colon, not at whitespace.

export interface InterfaceCounters {
  name: string;
  bytesReceived: number;
  packetsReceived: number;
  receiveErrors: number;
  receiveDrops: number;
  bytesSent: number;
  packetsSent: number;
  transmitErrors: number;
  transmitDrops: number;
}

export function parseNetDev(text: string): InterfaceCounters[] {
  const interfaces: InterfaceCounters[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const n = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (name === '' || n.length < 16 || n.some((value) => !Number.isFinite(value))) continue;
    interfaces.push({
      name,
      bytesReceived: n[0] as number,
      packetsReceived: n[1] as number,
      receiveErrors: n[2] as number,
      receiveDrops: n[3] as number,
      bytesSent: n[8] as number,
      packetsSent: n[9] as number,
      transmitErrors: n[10] as number,
      transmitDrops: n[11] as number,
    });
  }
  return interfaces;
}
