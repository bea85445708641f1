// The DogStatsD reader thread: owns the UDP socket and does nothing but read it. libuv reads at most 32
// datagrams per socket per event-loop turn, so on the main thread, where OTLP decoding, log tailing and
// store batches share the loop, a turn that takes a few milliseconds caps the intake below what clients
// send and the kernel buffer overflows without any single long stall. Here every turn is short. Datagrams
// are packed into one buffer per few milliseconds and transferred to the main thread, which parses them;
// what waits for it is bounded (`queueLimitBytes`), and datagrams past the bound are dropped and counted.
import dgram from 'node:dgram';
import { parentPort, workerData } from 'node:worker_threads';
import { exposedGc } from '../../../runtime/exposed-gc';
import { packPackets, packedSize } from './packet-batch';
import { COUNTER, MAX_BATCH_BYTES, type FromReader, type ReaderThreadData, type ToReader } from './protocol';

/** How long a batch collects datagrams before it is posted (unless it fills first). */
const BATCH_WINDOW_MS = 5;
/** libuv reads at most this many datagrams per socket per event-loop turn. */
const DATAGRAMS_PER_TURN = 32;
/** How long the thread naps after a turn that emptied the socket (see `coalesce`). */
const NAP_MS = 1;
/**
 * Datagrams read between two young-generation collections of this thread. Each datagram dgram hands over
 * has a backing store of its own outside the heap (a 64 KiB receive buffer shrunk to the datagram), freed
 * only when its Buffer is collected. This thread makes so little garbage in its heap that V8 scavenged it
 * every few thousand datagrams, and the malloc arena holding the datagrams that waited for it reached
 * ~8 MB at 100,000 lines/s (~5 MB with this; the agent's RSS at 50,000 contexts −4–7 MB in steady state).
 * A scavenge of this thread's young generation takes ~0.06 ms.
 */
const DATAGRAMS_PER_COLLECTION = 1_000;

function run(data: ReaderThreadData, port: NonNullable<typeof parentPort>): void {
  const queued = new Int32Array(data.queued);
  const counters = new BigInt64Array(data.counters);
  const post = (message: FromReader, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let flushTimer: NodeJS.Timeout | undefined;
  // Per-batch totals, added to the shared counters when the batch leaves (one atomic write per batch).
  let readPackets = 0;
  let droppedPackets = 0;
  let droppedBytes = 0;
  // Without V8's gc function (it is not refused in practice) the thread is left to V8's own schedule.
  const gc = exposedGc();
  let sinceCollection = 0;

  const publishCounters = () => {
    if (readPackets > 0) Atomics.add(counters, COUNTER.packets, BigInt(readPackets));
    if (droppedPackets > 0) {
      Atomics.add(counters, COUNTER.queueDrops, BigInt(droppedPackets));
      Atomics.add(counters, COUNTER.queueDropBytes, BigInt(droppedBytes));
    }
    readPackets = droppedPackets = droppedBytes = 0;
  };

  const flush = () => {
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (pending.length > 0) {
      const buffer = packPackets(pending, pendingBytes);
      Atomics.add(queued, 0, buffer.byteLength);
      post({ type: 'packets', buffer }, [buffer]);
      pending = [];
      pendingBytes = 0;
    }
    publishCounters();
    if (sinceCollection >= DATAGRAMS_PER_COLLECTION && typeof gc === 'function') {
      sinceCollection = 0;
      gc({ type: 'minor' });
    }
  };

  const socket = dgram.createSocket({
    type: data.ipv6 ? 'udp6' : 'udp4',
    ...(data.receiveBufferBytes !== undefined ? { recvBufferSize: data.receiveBufferBytes } : {}),
  });
  // An idle thread is woken for every datagram that arrives: ~11,000 wake-ups a second at 100,000 lines/s,
  // which cost more CPU than reading them. After a turn that emptied the socket (fewer than 32 datagrams
  // read) the thread naps for NAP_MS, so the next turn finds a millisecond's worth waiting; after a full turn
  // it goes on at once, so a backlog is read at full speed. The kernel buffer holds far more than 1 ms.
  const nap = new Int32Array(new SharedArrayBuffer(4));
  let readThisTurn = 0;
  let coalesceScheduled = false;
  const coalesce = () => {
    coalesceScheduled = false;
    if (readThisTurn < DATAGRAMS_PER_TURN) Atomics.wait(nap, 0, 0, NAP_MS);
    readThisTurn = 0;
  };
  socket.on('message', (packet: Buffer) => {
    readThisTurn += 1;
    if (!coalesceScheduled) {
      coalesceScheduled = true;
      setImmediate(coalesce);
    }
    readPackets += 1;
    sinceCollection += 1;
    const waiting = Atomics.load(queued, 0) + packedSize(pendingBytes, pending.length);
    if (waiting + packedSize(packet.byteLength, 1) > data.queueLimitBytes) {
      droppedPackets += 1;
      droppedBytes += packet.byteLength;
    } else {
      pending.push(packet);
      pendingBytes += packet.byteLength;
      if (pendingBytes >= MAX_BATCH_BYTES) flush();
    }
    // Posting per turn would cross threads (and wake the main thread) for nearly every datagram at
    // moderate rates, an idle thread reading one at a time: batches leave every BATCH_WINDOW_MS instead.
    flushTimer ??= setTimeout(flush, BATCH_WINDOW_MS);
  });

  // Each error is posted: the main thread counts them (socketErrors) as it does for its own sockets.
  const onRuntimeError = (error: Error) => post({ type: 'socketError', message: error.message });
  const onBindError = (error: Error) => {
    post({ type: 'bindFailed', message: error.message });
    socket.close();
    port.unref();
  };
  socket.once('error', onBindError);
  socket.bind(data.port, data.host, () => {
    socket.off('error', onBindError);
    socket.on('error', onRuntimeError);
    let receiveBufferBytes: number | undefined;
    try {
      receiveBufferBytes = socket.getRecvBufferSize();
    } catch {
      // Not available on every platform.
    }
    post({ type: 'listening', port: socket.address().port, receiveBufferBytes });
  });

  port.on('message', (message: ToReader) => {
    if (message.type !== 'close') return;
    socket.close(() => {
      flush();
      // Nothing keeps the loop alive after this: the thread exits once the last batch is posted.
      port.unref();
    });
  });
}

const data = workerData as Partial<ReaderThreadData> | undefined;
if (parentPort && data?.kinstrumentDogStatsDReader === true) run(data as ReaderThreadData, parentPort);
