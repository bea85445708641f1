// ZooKeeper "four-letter words" (ruok, mntr, stat …) over a plain TCP connection: send the word,
// read until the server closes the connection.
import { connect } from 'node:net';

export interface FourLetterWordOptions {
  host: string;
  port: number;
  timeoutMs?: number;
  /** Largest answer accepted; mntr on ZooKeeper 3.8 is ~20 KiB. */
  maxBytes?: number;
}

export function sendFourLetterWord(word: string, options: FourLetterWordOptions): Promise<string> {
  if (!/^[a-z]{4}$/.test(word)) {
    return Promise.reject(new Error(`not a ZooKeeper four-letter word: ${JSON.stringify(word)}`));
  }
  const { host, port, timeoutMs = 5000, maxBytes = 1024 * 1024 } = options;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy(new Error(`ZooKeeper ${host}:${port} did not answer '${word}' within ${timeoutMs} ms`));
    });
    socket.on('connect', () => socket.end(word));
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        socket.destroy(new Error(`ZooKeeper answer to '${word}' exceeds ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    socket.on('error', reject);
    socket.on('close', (hadError) => {
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

export interface MntrResult {
  /** Numeric values by key, e.g. zk_avg_latency → 0.1. */
  metrics: Map<string, number>;
  /** Non-numeric values, e.g. zk_version, zk_server_state. */
  text: Map<string, string>;
  /** ZooKeeper 3.6+ labelled lines, `name{key="value"}<TAB>number`. */
  labelled: { key: string; label: string; labelValue: string; value: number }[];
  /** Lines that were not `key<TAB>value`; counted, never fatal. */
  malformedLines: number;
}

const LABELLED_LINE = /^([A-Za-z_]\w*)\{(\w+)="([^"]*)"\}\s+(\S+)$/;

/** Parses `mntr` output: one `key<TAB>value` pair per line (ZooKeeper 3.5–3.9). */
export function parseMntr(output: string): MntrResult {
  const result: MntrResult = { metrics: new Map(), text: new Map(), labelled: [], malformedLines: 0 };
  for (const rawLine of output.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const labelled = LABELLED_LINE.exec(line.trim());
    if (labelled) {
      const [, key = '', label = '', labelValue = '', text = ''] = labelled;
      const value = Number(text);
      if (Number.isFinite(value)) result.labelled.push({ key, label, labelValue, value });
      else result.malformedLines += 1;
      continue;
    }
    const tab = line.indexOf('\t');
    const key = tab > 0 ? line.slice(0, tab).trim() : '';
    if (!/^[A-Za-z_][\w.]*$/.test(key)) {
      result.malformedLines += 1;
      continue;
    }
    const value = line.slice(tab + 1).trim();
    const numeric = value === '' ? Number.NaN : Number(value);
    if (Number.isFinite(numeric)) {
      result.metrics.set(key, numeric);
    } else {
      result.text.set(key, value);
    }
  }
  return result;
}
