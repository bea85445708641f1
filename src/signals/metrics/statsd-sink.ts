// The DogStatsD side of the metrics signal: a hot-shots client set up so that it never blocks, throws into
// the app or keeps the process alive. Lines are buffered (one UDP packet ≤ 1432 bytes, one UDS datagram ≤
// 8 KiB) and every send failure (DNS, unreachable target, missing socket) goes to `onError` instead of the
// console. Aggregation happens before, in AggregatingSink.
import StatsD, { type ClientOptions } from 'hot-shots';
import { isIP } from 'node:net';
import type { StatsdTarget } from '../../config/resolved';
import { cachingLookup } from './dns-cache';
import { UdsDatagramStream } from './uds-datagram-stream';

/** Where metric values go; the metrics signal only knows this interface. */
export interface MetricSink {
  count(name: string, value: number, tags: readonly string[]): void;
  gauge(name: string, value: number, tags: readonly string[]): void;
  distribution(name: string, value: number, tags: readonly string[]): void;
  /** Several samples of one distribution series at once (what aggregation hands over per interval). */
  distributions(name: string, values: readonly number[], tags: readonly string[]): void;
  /** Sends what is buffered and aggregated. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface StatsdSinkOptions {
  target: StatsdTarget;
  /** `key:value` tags on every line (service, env, version, user tags). */
  globalTags: readonly string[];
  flushIntervalMs: number;
  onError: (error: Error) => void;
}

/** Largest UDP payload that fits a 1500-byte MTU without fragmentation (Datadog's client guidance). */
const UDP_PACKET_BYTES = 1432;
const UDS_DATAGRAM_BYTES = 8192;
/** Room kept on a packed line for `|d|#`, separators and the newline between lines. */
const LINE_OVERHEAD_BYTES = 16;

/** hot-shots' raw line API (public, untyped): a formatted `name:value|type` line, global tags appended. */
interface RawLineClient {
  send(message: string, tags: string[]): void;
}

export function createStatsdSink(options: StatsdSinkOptions): MetricSink {
  const { target } = options;
  const transport: ClientOptions =
    target.transport === 'udp'
      ? {
          protocol: 'udp',
          host: target.host,
          port: target.port,
          maxBufferSize: UDP_PACKET_BYTES,
          // An address needs no lookup; a name is resolved through a cache that also remembers failures.
          udpSocketOptions:
            isIP(target.host) === 0
              ? { type: 'udp4', lookup: cachingLookup({ family: 4 }) }
              : { type: isIP(target.host) === 6 ? 'udp6' : 'udp4' },
        }
      : {
          protocol: 'stream',
          stream: new UdsDatagramStream(target.path, options.onError),
          maxBufferSize: UDS_DATAGRAM_BYTES,
        };
  const client = new StatsD({
    ...transport,
    globalTags: [...options.globalTags],
    // service/env/version/tags are resolved by kinstrument's config (same DD_* variables, our precedence).
    includeDataDogTags: false,
    includeDatadogTelemetry: false,
    bufferFlushInterval: options.flushIntervalMs,
    errorHandler: options.onError,
  });

  const tagList = (tags: readonly string[]) => tags as string[];
  const lineBytes = transport.maxBufferSize ?? UDP_PACKET_BYTES;
  const globalTagBytes = options.globalTags.reduce((sum, tag) => sum + tag.length + 1, 0);
  const raw = client as unknown as RawLineClient;

  /**
   * DogStatsD 1.1 packs samples of one series into one line (`name:v1:v2:…|d|#tags`; Datadog Agent ≥ 7.25
   * and kinstrument's agent read it): hot-shots formats and tags each call, which cost microseconds per
   * sample, i.e. per message, at the interval flush. Lines stay within one packet (datagram).
   */
  const distributions = (name: string, values: readonly number[], tags: readonly string[]) => {
    const tagBytes = tags.reduce((sum, tag) => sum + tag.length + 1, globalTagBytes);
    const room = lineBytes - name.length - tagBytes - LINE_OVERHEAD_BYTES;
    let packed = '';
    for (const value of values) {
      // One malformed value would make the agent drop the whole line, not just itself.
      if (!Number.isFinite(value)) continue;
      const text = String(value);
      if (packed !== '' && packed.length + 1 + text.length > room) {
        raw.send(`${name}:${packed}|d`, tagList(tags));
        packed = text;
      } else {
        packed = packed === '' ? text : `${packed}:${text}`;
      }
    }
    if (packed !== '') raw.send(`${name}:${packed}|d`, tagList(tags));
  };

  return {
    count: (name, value, tags) => client.increment(name, value, tagList(tags)),
    gauge: (name, value, tags) => client.gauge(name, value, tagList(tags)),
    distribution: (name, value, tags) => client.distribution(name, value, tagList(tags)),
    distributions,
    flush: () =>
      new Promise<void>((resolve) =>
        client.flush((error) => {
          if (error) options.onError(error);
          resolve();
        }),
      ),
    close: () =>
      new Promise<void>((resolve) =>
        client.close((error) => {
          if (error) options.onError(error);
          resolve();
        }),
      ),
  };
}
