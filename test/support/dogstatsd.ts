// A small DogStatsD reader for tests: parses datagram lines and captures what a real UDP (or Unix datagram)
// socket receives. Deliberately independent of the agent's own parser.
import { createSocket, type Socket } from 'node:dgram';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

export type StatsdType = 'c' | 'g' | 'ms' | 'h' | 's' | 'd';

export interface StatsdLine {
  name: string;
  values: number[];
  type: StatsdType;
  sampleRate: number;
  tags: Record<string, string>;
  /** Tags exactly as sent, in order (`key:value` or bare). */
  tagList: string[];
  raw: string;
}

const TYPES = new Set<string>(['c', 'g', 'ms', 'h', 's', 'd']);

/** `name:v[:v…]|type[|@rate][|#tags][|c:…][|T…]` → parts; throws on anything malformed. */
export function parseStatsdLine(raw: string): StatsdLine {
  const [head, type, ...fields] = raw.split('|');
  const colon = head?.indexOf(':') ?? -1;
  if (!head || colon <= 0 || type === undefined || !TYPES.has(type))
    throw new Error(`not a DogStatsD metric: ${raw}`);
  const values = head
    .slice(colon + 1)
    .split(':')
    .map((text) => {
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) throw new Error(`bad value in ${raw}`);
      return value;
    });
  let sampleRate = 1;
  let tagList: string[] = [];
  for (const field of fields) {
    if (field.startsWith('@')) sampleRate = Number(field.slice(1));
    else if (field.startsWith('#'))
      tagList = field
        .slice(1)
        .split(',')
        .filter((t) => t !== '');
  }
  const tags: Record<string, string> = {};
  for (const tag of tagList) {
    const at = tag.indexOf(':');
    if (at > 0) tags[tag.slice(0, at)] = tag.slice(at + 1);
    else tags[tag] = '';
  }
  return { name: head.slice(0, colon), values, type: type as StatsdType, sampleRate, tags, tagList, raw };
}

/** Collects parsed lines from datagrams; a line that does not parse is kept in `malformed`. */
class LineCollector {
  readonly lines: StatsdLine[] = [];
  readonly malformed: string[] = [];
  datagrams = 0;

  take(datagram: Buffer): void {
    this.datagrams += 1;
    for (const raw of datagram.toString('utf8').split('\n')) {
      if (raw === '') continue;
      try {
        this.lines.push(parseStatsdLine(raw));
      } catch {
        this.malformed.push(raw);
      }
    }
  }

  /** Lines of one metric whose tags include every `key: value` of `where`. */
  select(name: string, where: Record<string, string> = {}): StatsdLine[] {
    return this.lines.filter(
      (line) => line.name === name && Object.entries(where).every(([key, value]) => line.tags[key] === value),
    );
  }

  /** Sum of all values (counts: occurrences; distributions: sum of samples). */
  sum(name: string, where: Record<string, string> = {}): number {
    return this.select(name, where).reduce(
      (total, line) => total + line.values.reduce((a, b) => a + b, 0),
      0,
    );
  }

  samples(name: string, where: Record<string, string> = {}): number[] {
    return this.select(name, where).flatMap((line) => line.values);
  }

  lastValue(name: string, where: Record<string, string> = {}): number | undefined {
    const lines = this.select(name, where);
    const last = lines[lines.length - 1];
    return last?.values[last.values.length - 1];
  }
}

export class UdpStatsdCapture extends LineCollector {
  private socket: Socket | undefined;

  async start(): Promise<number> {
    const socket = createSocket('udp4');
    this.socket = socket;
    socket.on('message', (datagram) => this.take(datagram));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return (socket.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.socket ? this.socket.close(() => resolve()) : resolve()));
  }
}

interface UnixDgramServer {
  on(event: 'message', listener: (datagram: Buffer) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  bind(path: string): void;
  close(): void;
}

/** A Unix datagram socket bound at `path` (through hot-shots' optional unix-dgram). */
export class UdsStatsdCapture extends LineCollector {
  private socket: UnixDgramServer | undefined;

  start(path: string): void {
    const unixDgram = createRequire(require.resolve('hot-shots'))('unix-dgram') as {
      createSocket(type: 'unix_dgram', listener: (datagram: Buffer) => void): UnixDgramServer;
    };
    this.socket = unixDgram.createSocket('unix_dgram', (datagram) => this.take(datagram));
    this.socket.on('error', (error) => {
      throw error;
    });
    this.socket.bind(path);
  }

  stop(): void {
    this.socket?.close();
    this.socket = undefined;
  }
}
