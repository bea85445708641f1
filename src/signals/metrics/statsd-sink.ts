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
  return {
    count: (name, value, tags) => client.increment(name, value, tagList(tags)),
    gauge: (name, value, tags) => client.gauge(name, value, tagList(tags)),
    distribution: (name, value, tags) => client.distribution(name, value, tagList(tags)),
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
