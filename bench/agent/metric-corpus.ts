// DogStatsD traffic shaped like kinstrument's clients send it: the SDK's metric names and types (from the
// client-metric catalog), its tag keys, packed into datagrams of at most 1432 bytes like its UDP sink.
import { CLIENT_METRICS, type ClientMetricType } from '../../src/catalog/client-metrics';

const UDP_PACKET_BYTES = 1432;
const TYPE_SUFFIX: Record<ClientMetricType, string> = { count: 'c', gauge: 'g', distribution: 'd' };

/** One line per context: context i is metric i mod M with a tag set unique to ⌊i / M⌋. */
export function metricLines(contexts: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < contexts; i += 1) {
    const metric = CLIENT_METRICS[i % CLIENT_METRICS.length]!;
    const series = Math.floor(i / CLIENT_METRICS.length);
    const value = metric.type === 'count' ? 1 : (i % 97) + 0.5;
    lines.push(
      `${metric.name}:${value}|${TYPE_SUFFIX[metric.type]}|#service:bench-app,env:bench,role:consumer,` +
        `client_id:bench-${series % 8},consumer_group:group-${series % 16},topic:orders-${series % 64},` +
        `partition:${series}`,
    );
  }
  return lines;
}

export interface Packet {
  payload: Buffer;
  lines: number;
}

/** Lines joined by newlines into datagrams no larger than a UDP client sends. */
export function packLines(lines: readonly string[]): Packet[] {
  const packets: Packet[] = [];
  let current: string[] = [];
  let size = 0;
  const close = () => {
    if (current.length === 0) return;
    packets.push({ payload: Buffer.from(current.join('\n')), lines: current.length });
    current = [];
    size = 0;
  };
  for (const line of lines) {
    const added = Buffer.byteLength(line) + (current.length > 0 ? 1 : 0);
    if (size + added > UDP_PACKET_BYTES) close();
    current.push(line);
    size += Buffer.byteLength(line) + (current.length > 1 ? 1 : 0);
  }
  close();
  return packets;
}
