// DogStatsD load generator (its own process, so it does not share the harness' event loop): sends the
// corpus' datagrams round-robin at a target rate of metric lines per second for a fixed time, paced in
// small ticks, then prints `LOADGEN_RESULT {json}` with what it actually sent.
import dgram from 'node:dgram';
import { LOADGEN_RESULT_PREFIX, LOADGEN_TASK_ENV, type LoadResult, type LoadTask } from './load-protocol';
import { metricLines, packLines } from './metric-corpus';

const TICK_MS = 1;
/**
 * Cap per tick: a tick that comes late (busy machine) must not become one burst of thousands of datagrams,
 * which no receive buffer absorbs; the generator falls behind instead, and reports the rate it achieved.
 */
const MAX_PACKETS_PER_TICK = 64;

async function main(): Promise<void> {
  const raw = process.env[LOADGEN_TASK_ENV];
  if (!raw) throw new Error(`${LOADGEN_TASK_ENV} is not set: this script is started by bench/run`);
  const task = JSON.parse(raw) as LoadTask;
  const packets = packLines(metricLines(task.contexts));
  const linesPerPacket = packets.reduce((sum, p) => sum + p.lines, 0) / packets.length;
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.connect(task.port, '127.0.0.1', resolve));
  const result: LoadResult = { lines: 0, packets: 0, durationMs: 0, sendErrors: 0 };
  const started = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - started;
      const due = Math.min(task.durationMs, elapsed) * (task.linesPerSecond / 1000);
      let sentThisTick = 0;
      while (result.lines + linesPerPacket / 2 < due && sentThisTick < MAX_PACKETS_PER_TICK) {
        const packet = packets[next]!;
        next = (next + 1) % packets.length;
        socket.send(packet.payload, (error) => {
          if (error) result.sendErrors += 1;
        });
        result.lines += packet.lines;
        result.packets += 1;
        sentThisTick += 1;
      }
      if (elapsed >= task.durationMs) {
        result.durationMs = elapsed;
        resolve();
        return;
      }
      setTimeout(tick, TICK_MS);
    };
    tick();
  });
  // Let queued sends leave before closing.
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.close();
  process.stdout.write(`${LOADGEN_RESULT_PREFIX} ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`load generator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
