// Parses ZooKeeper's `stat` answer (3.5–3.9 layout):
//   Zookeeper version: 3.8.4-9316c2a…, built on 2024-02-12 22:16 UTC
//   Clients:
//    /127.0.0.1:43008[0](queued=0,recved=1,sent=0)
//
//   Latency min/avg/max: 0/1.1384/14
//   Received: 162   Sent: 162   Connections: 2   Outstanding: 0   Zxid: 0x6c   Mode: standalone   Node count: 47

export const NOT_SERVING = 'This ZooKeeper instance is not currently serving requests';

export interface StatResult {
  /** Full version string before the first comma, e.g. `3.8.4-9316c2a7…`. */
  version?: string;
  /** ZooKeeper answered that it is not serving requests (no quorum, still starting). */
  notServing: boolean;
  clients: number;
  latency?: { min: number; avg: number; max: number };
  received?: number;
  sent?: number;
  connections?: number;
  outstanding?: number;
  zxid?: { epoch: number; count: number };
  mode?: string;
  nodeCount?: number;
}

export function parseStat(output: string): StatResult {
  const result: StatResult = { notServing: output.trim().startsWith(NOT_SERVING), clients: 0 };
  let inClients = false;
  for (const rawLine of output.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    const version = /^\w+ version: v?([^,]+)/.exec(line);
    if (version?.[1]) {
      result.version = version[1].trim();
      continue;
    }
    if (line.trim() === 'Clients:') {
      inClients = true;
      continue;
    }
    if (inClients) {
      if (line.startsWith(' /') || line.startsWith('\t/')) {
        result.clients += 1;
        continue;
      }
      inClients = false;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    switch (key) {
      case 'Latency min/avg/max': {
        const [min, avg, max] = value.split('/').map(Number);
        if ([min, avg, max].every((n) => Number.isFinite(n))) {
          result.latency = { min: min as number, avg: avg as number, max: max as number };
        }
        break;
      }
      case 'Received':
        result.received = integer(value);
        break;
      case 'Sent':
        result.sent = integer(value);
        break;
      case 'Connections':
        result.connections = integer(value);
        break;
      case 'Outstanding':
        result.outstanding = integer(value);
        break;
      case 'Zxid': {
        // 64 bits: the high 32 are the leader epoch, the low 32 a counter within it.
        if (/^0x[0-9a-f]+$/i.test(value)) {
          const zxid = BigInt(value);
          result.zxid = { epoch: Number(zxid >> 32n), count: Number(zxid & 0xffffffffn) };
        }
        break;
      }
      case 'Mode':
        result.mode = value;
        break;
      case 'Node count':
        result.nodeCount = integer(value);
        break;
      default:
        break;
    }
  }
  return result;
}

function integer(text: string): number | undefined {
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}
