// The `system` check on the machine the tests run on, cross-checked against /proc read here independently and
// against `free -b` and `df -B1` (the tests may run commands; the check never does). Counters are sandwiched: a
// direct read before and after each of the check's runs bounds what the check can have seen.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, fsyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { CheckRunner, loadCheck } from '../../src/agent/checks';
import type { Flush, MetricSample } from '../../src/agent/model';
import { SYSTEM_CATALOG } from '../../src/catalog/checks/system';
import { findCatalogMetric } from '../../src/catalog/checks/types';

const MIB = 1024 * 1024;
const skip = process.platform !== 'linux' && 'the system check reads /proc (Linux)';

interface Snapshot {
  wallMs: number;
  monotonicMs: number;
  cpu: { idle: number; user: number; total: number };
  net: Map<string, number>;
  sectorsWritten: Map<string, number>;
  load: number[];
  uptime: number;
}

/** /proc read the simplest way, separately from the check's parsers. */
function snapshot(): Snapshot {
  const cpuLine = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = cpuLine.split(/\s+/).slice(1, 9).map(Number);
  const sum = ticks.reduce((a, b) => a + b, 0);
  const net = new Map<string, number>();
  for (const line of readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2)) {
    const [name, rest] = line.split(':');
    if (name && rest) net.set(name.trim(), Number(rest.trim().split(/\s+/)[0]));
  }
  const sectorsWritten = new Map<string, number>();
  for (const line of readFileSync('/proc/diskstats', 'utf8').trim().split('\n')) {
    const fields = line.trim().split(/\s+/);
    sectorsWritten.set(fields[2] ?? '', Number(fields[9]));
  }
  return {
    wallMs: Date.now(),
    monotonicMs: performance.now(),
    cpu: { idle: ticks[3] ?? 0, user: (ticks[0] ?? 0) + (ticks[1] ?? 0), total: sum },
    net,
    sectorsWritten,
    load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number),
    uptime: Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]),
  };
}

/** Bounds of a per-interval quantity measured by the check between its two reads (each inside a sandwich). */
function bounds(
  first: [Snapshot, Snapshot],
  second: [Snapshot, Snapshot],
  counter: (s: Snapshot) => number,
  time: (s: Snapshot) => number,
): [number, number] {
  const [a0, a1] = first;
  const [b0, b1] = second;
  const minDelta = counter(b0) - counter(a1);
  const maxDelta = counter(b1) - counter(a0);
  const minTime = (time(b0) - time(a1)) / 1000;
  const maxTime = (time(b1) - time(a0)) / 1000;
  return [minDelta / maxTime, maxDelta / minTime];
}

function assertWithin(
  value: number | undefined,
  [low, high]: [number, number],
  label: string,
  slack = 1e-6,
): void {
  assert.ok(
    value !== undefined && value >= low - slack && value <= high + slack,
    `${label}: ${value} not in [${low}, ${high}]`,
  );
}

/** Moves `bytes` over loopback TCP (traffic the check must see on lo). */
async function loopbackTraffic(bytes: number): Promise<void> {
  const server = createServer((socket) => socket.resume());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve, reject) => {
    const client = connect(port, '127.0.0.1', () => client.end(Buffer.alloc(bytes, 7), () => resolve()));
    client.on('error', reject);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Writes `bytes` next to this test (a real disk, where /tmp may be tmpfs) and forces them to the device. */
function diskWrite(bytes: number): void {
  const file = join(__dirname, `kinstrument-system-test-${process.pid}.tmp`);
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, Buffer.alloc(bytes, 1));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}

function freeOutput(): { total: number; free: number; cache: number; available: number; swapTotal: number } {
  const lines = execFileSync('free', ['-b'], { encoding: 'utf8' }).split('\n');
  const mem = (lines.find((l) => l.startsWith('Mem:')) ?? '').split(/\s+/).slice(1).map(Number);
  const swap = (lines.find((l) => l.startsWith('Swap:')) ?? '').split(/\s+/).slice(1).map(Number);
  // Mem: total used free shared buff/cache available
  return {
    total: mem[0] ?? NaN,
    free: mem[2] ?? NaN,
    cache: mem[4] ?? NaN,
    available: mem[5] ?? NaN,
    swapTotal: swap[0] ?? NaN,
  };
}

function dfRoot(): { source: string; size: number; used: number; avail: number } {
  const out = execFileSync('df', ['-B1', '--output=source,size,used,avail', '/'], { encoding: 'utf8' });
  const [source, size, used, avail] = (out.trim().split('\n')[1] ?? '').trim().split(/\s+/);
  return { source: source ?? '', size: Number(size), used: Number(used), avail: Number(avail) };
}

const find = (metrics: readonly MetricSample[], name: string, tag?: string) =>
  metrics.find((m) => m.name === name && (tag === undefined || m.tags.includes(tag)));

test('system check values match /proc, free and df', { skip }, async () => {
  const flushes: Flush[] = [];
  const runner = new CheckRunner({
    sinks: { name: 'memory', write: (f) => void flushes.push(f) },
    unrefTimers: true,
  });
  // lo is excluded by default (as in Datadog); included here because it is the interface the test can load.
  const loaded = loadCheck('system', { instances: [{ excluded_interfaces: [] }] }, 'test:system.yaml');
  assert.deepEqual(loaded.problems, []);
  const [configured] = loaded.instances;
  assert.ok(configured);
  runner.add(configured);

  const a0 = snapshot();
  await runner.runOnce(configured.id);
  const a1 = snapshot();
  await loopbackTraffic(8 * MIB);
  diskWrite(16 * MIB);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const b0 = snapshot();
  const status = await runner.runOnce(configured.id);
  const b1 = snapshot();
  const free = freeOutput();
  const df = dfRoot();
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const fileNr = readFileSync('/proc/sys/fs/file-nr', 'utf8').trim().split(/\s+/).map(Number);
  await runner.stop();

  assert.notEqual(status.state, 'ERROR', JSON.stringify(status.lastError));
  const metrics = flushes.at(-1)?.metrics ?? [];
  const value = (name: string, tag?: string) => find(metrics, name, tag)?.value;

  // CPU: shares of the ticks between the check's two reads.
  const first: [Snapshot, Snapshot] = [a0, a1];
  const second: [Snapshot, Snapshot] = [b0, b1];
  const share = (part: (s: Snapshot) => number): [number, number] => {
    const minPart = part(b0) - part(a1);
    const maxPart = part(b1) - part(a0);
    const minTotal = b0.cpu.total - a1.cpu.total;
    const maxTotal = b1.cpu.total - a0.cpu.total;
    return [(minPart / maxTotal) * 100, (maxPart / Math.max(minTotal, 1)) * 100];
  };
  assertWithin(
    value('system.cpu.idle'),
    share((s) => s.cpu.idle),
    'cpu idle %',
  );
  assertWithin(
    value('system.cpu.user'),
    share((s) => s.cpu.user),
    'cpu user %',
  );
  const parts = ['user', 'system', 'iowait', 'idle', 'stolen'].map((p) => value(`system.cpu.${p}`) ?? NaN);
  assertWithin(
    parts.reduce((a, b) => a + b, 0),
    [100, 100],
    'user + system + iowait + idle + stolen',
    1e-6,
  );
  const cpus = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((l) => /^cpu\d+ /.test(l)).length;
  assert.equal(value('system.cpu.num_cores'), cpus);

  // Load and uptime: between the reads taken around the run.
  [1, 5, 15].forEach((minutes, i) =>
    assertWithin(
      value(`system.load.${minutes}`),
      [Math.min(b0.load[i]!, b1.load[i]!), Math.max(b0.load[i]!, b1.load[i]!)],
      `load.${minutes}`,
    ),
  );
  assertWithin(
    value('system.load.norm.1'),
    [Math.min(b0.load[0]!, b1.load[0]!) / cpus, Math.max(b0.load[0]!, b1.load[0]!) / cpus],
    'load.norm.1',
  );
  assertWithin(value('system.uptime'), [b0.uptime, b1.uptime], 'uptime');

  // Memory: MemTotal exactly; the rest against free(1), which moves a little between the reads.
  const memTotalKb = Number(/^MemTotal:\s+(\d+) kB/m.exec(meminfo)?.[1]);
  assert.equal(value('system.mem.total'), memTotalKb / 1024);
  assert.equal((value('system.mem.total') ?? 0) * MIB, free.total);
  const near = (mib: number | undefined, bytes: number, label: string) =>
    assertWithin((mib ?? NaN) * MIB, [bytes - 256 * MIB, bytes + 256 * MIB], label);
  near(value('system.mem.free'), free.free, 'mem.free vs free');
  near(value('system.mem.usable'), free.available, 'mem.usable vs available');
  near(
    (value('system.mem.cached') ?? 0) + (value('system.mem.buffered') ?? 0),
    free.cache,
    'cached + buffered vs buff/cache',
  );
  assert.equal((value('system.swap.total') ?? NaN) * MIB, free.swapTotal);
  assertWithin(value('system.mem.pct_usable'), [0, 1], 'pct_usable is a fraction');

  // Disk: the root filesystem as df shows it (size exact; used and available move with other writers).
  const root = `device:${df.source}`;
  assert.equal((value('system.disk.total', root) ?? NaN) * 1024, df.size, `disk.total of ${df.source}`);
  assertWithin(
    (value('system.disk.used', root) ?? NaN) * 1024,
    [df.used - 256 * MIB, df.used + 256 * MIB],
    'disk.used',
  );
  assertWithin(
    (value('system.disk.free', root) ?? NaN) * 1024,
    [df.avail - 256 * MIB, df.avail + 256 * MIB],
    'disk.free',
  );
  assertWithin(
    value('system.disk.in_use', root),
    [df.used / (df.used + df.avail) - 0.01, df.used / (df.used + df.avail) + 0.01],
    'disk.in_use',
  );

  // Network: the 8 MiB sent over loopback, as a rate between the check's reads.
  const lo = 'device:lo';
  const loBounds = bounds(
    first,
    second,
    (s) => s.net.get('lo') ?? 0,
    (s) => s.wallMs,
  );
  assertWithin(value('system.net.bytes_rcvd', lo), [loBounds[0], loBounds[1]], 'lo bytes_rcvd/s', 1);
  assert.ok(
    (value('system.net.bytes_rcvd', lo) ?? 0) * 2.5 >= 8 * MIB,
    'the loopback transfer is in the rate',
  );
  assert.ok(find(metrics, 'system.net.bytes_sent', lo)?.tags.includes('device_name:lo'));

  // Disk I/O: every reported device within its sandwich; the fsync'd 16 MiB show up somewhere.
  const written = metrics.filter((m) => m.name === 'system.io.wkb_s');
  assert.ok(written.length > 0, 'block devices reported');
  for (const sample of written) {
    const device = sample.tags.find((t) => t.startsWith('device:'))?.slice('device:'.length) ?? '';
    const kib = (s: Snapshot) => ((s.sectorsWritten.get(device) ?? 0) * 512) / 1024;
    assertWithin(
      sample.value,
      bounds(first, second, kib, (s) => s.monotonicMs),
      `${device} wkb_s`,
      1e-3,
    );
  }
  assert.ok(Math.max(...written.map((m) => m.value)) * 2.5 >= 16 * 1024, 'the 16 MiB write is seen');
  for (const name of ['system.io.util', 'system.io.await', 'system.io.avg_q_sz'])
    assert.ok(
      metrics.some((m) => m.name === name && m.value >= 0),
      name,
    );

  // File handles: the limit exactly, the count near the current one.
  assert.equal(value('system.fs.file_handles.max'), fileNr[2]);
  assertWithin(
    value('system.fs.file_handles.used'),
    [(fileNr[0] ?? 0) - 2000, (fileNr[0] ?? 0) + 2000],
    'file handles used',
  );

  // Every sample is in the catalog with its type; no sample carries a host (the agent adds its own).
  for (const sample of flushes.flatMap((f) => f.metrics)) {
    const entry = findCatalogMetric(SYSTEM_CATALOG, sample.name);
    assert.ok(entry, `${sample.name} is in the system catalog`);
    assert.equal(
      sample.type,
      entry.type === 'rate' ? 'gauge' : entry.type === 'monotonic_count' ? 'count' : entry.type,
      sample.name,
    );
    assert.equal(sample.host, undefined);
    for (const key of entry.tags)
      assert.ok(
        sample.tags.some((t) => t.startsWith(`${key}:`)),
        `${sample.name} has ${key}`,
      );
  }
});
