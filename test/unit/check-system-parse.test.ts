// The `system` check's /proc parsers and computations, on samples recorded from the test host (host-a / host-b:
// two samples 2 s apart around a 64 MiB direct write) and hand-written ones for older kernels and busier servers.
// Expected values are worked out here from the raw numbers in the files, not by calling the code under test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { cpuShares } from '../../src/agent/checks/system/cpu';
import { diskMetrics } from '../../src/agent/checks/system/disk';
import { ioMetrics } from '../../src/agent/checks/system/io';
import { memoryMetrics } from '../../src/agent/checks/system/memory';
import { selectMounts } from '../../src/agent/checks/system/mount-selection';
import { selectInterfaces } from '../../src/agent/checks/system/network';
import { parseDiskstats } from '../../src/agent/checks/system/procfs/diskstats';
import { parseMeminfo } from '../../src/agent/checks/system/procfs/meminfo';
import { parseMounts } from '../../src/agent/checks/system/procfs/mounts';
import { parseNetDev } from '../../src/agent/checks/system/procfs/net-dev';
import { parseProtocolCounters } from '../../src/agent/checks/system/procfs/protocol-counters';
import { parseFileNr, parseLoadavg, parseUptime } from '../../src/agent/checks/system/procfs/small-files';
import { parseProcStat } from '../../src/agent/checks/system/procfs/stat';
import { findCatalogMetric } from '../../src/catalog/checks/types';
import { SYSTEM_CATALOG } from '../../src/catalog/checks/system';

const fixture = (name: string) =>
  readFileSync(resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'system', name), 'utf8');

function close(actual: number | undefined, expected: number, label: string, epsilon = 1e-9): void {
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) <= epsilon,
    `${label}: ${actual} != ${expected}`,
  );
}

const asMap = (entries: [string, number][] | undefined) => new Map(entries ?? []);

test('/proc/stat: the aggregate cpu line, online CPUs, context switches', () => {
  const a = parseProcStat(fixture('host-a.stat.txt'));
  assert.deepEqual(a.cpu, {
    user: 230156,
    nice: 0,
    system: 65138,
    idle: 347665,
    iowait: 2161,
    irq: 0,
    softirq: 5246,
    steal: 0,
    guest: 0,
    guestNice: 0,
  });
  assert.equal(a.cpuCount, 2);
  assert.equal(a.contextSwitches, 7806658);
  // A 2.6.11-era line (no steal, no guest) still parses, the missing columns as 0.
  const old = parseProcStat('cpu  10 1 5 100 2 0 0\ncpu0 10 1 5 100 2 0 0\nctxt 9\n');
  assert.equal(old.cpu.steal, 0);
  assert.equal(old.cpu.guest, 0);
  assert.throws(() => parseProcStat('intr 1 2 3\n'), /no readable "cpu" line/);
});

test('CPU shares between the two recorded samples, grouped as the Datadog Agent does', () => {
  const shares = cpuShares(
    parseProcStat(fixture('host-a.stat.txt')).cpu,
    parseProcStat(fixture('host-b.stat.txt')).cpu,
  );
  // Δuser 442, Δsystem 76, everything else 0: 518 ticks in all.
  close(shares?.user, (442 / 518) * 100, 'user');
  close(shares?.system, (76 / 518) * 100, 'system');
  close(shares?.idle, 0, 'idle');
  close(shares?.iowait, 0, 'iowait');
  close(shares?.interrupt, 0, 'interrupt');
  // Nice counts as user; irq and softirq as system and interrupt; guest is inside user, not in the total.
  const before = {
    user: 10,
    nice: 0,
    system: 10,
    idle: 60,
    iowait: 0,
    irq: 0,
    softirq: 0,
    steal: 0,
    guest: 5,
    guestNice: 0,
  };
  const after = {
    ...before,
    user: 30,
    nice: 10,
    system: 20,
    idle: 100,
    iowait: 10,
    irq: 5,
    softirq: 5,
    steal: 10,
    guest: 15,
  };
  const mixed = cpuShares(before, after);
  const total = 20 + 10 + 10 + 40 + 10 + 5 + 5 + 10; // 110 ticks, guest excluded
  close(mixed?.user, (30 / total) * 100, 'user + nice');
  close(mixed?.system, (20 / total) * 100, 'system + irq + softirq');
  close(mixed?.interrupt, (10 / total) * 100, 'irq + softirq');
  close(mixed?.stolen, (10 / total) * 100, 'steal');
  close(mixed?.guest, (10 / total) * 100, 'guest');
  const sum =
    (mixed?.user ?? 0) +
    (mixed?.system ?? 0) +
    (mixed?.iowait ?? 0) +
    (mixed?.idle ?? 0) +
    (mixed?.stolen ?? 0);
  close(sum, 100, 'user + system + iowait + idle + stolen', 1e-9);
  assert.equal(cpuShares(after, after), undefined, 'no time passed: no shares');
  // iowait is an estimate that can go back: never a negative share.
  assert.equal(cpuShares({ ...before, iowait: 50 }, after)?.iowait, 0);
});

test('/proc/meminfo → MiB, used = total − free, cached includes SReclaimable (recorded host)', () => {
  const metrics = asMap(memoryMetrics(parseMeminfo(fixture('host.meminfo.txt'))));
  const mib = (kib: number) => kib / 1024;
  close(metrics.get('system.mem.total'), mib(24683620), 'total');
  close(metrics.get('system.mem.free'), mib(21350976), 'free');
  close(metrics.get('system.mem.used'), mib(24683620 - 21350976), 'used');
  close(metrics.get('system.mem.usable'), mib(22582376), 'usable');
  close(metrics.get('system.mem.pct_usable'), 22582376 / 24683620, 'pct_usable');
  close(metrics.get('system.mem.cached'), mib(1292636 + 240252), 'cached');
  close(metrics.get('system.mem.buffered'), mib(7484), 'buffered');
  close(metrics.get('system.mem.shared'), mib(8952), 'shared');
  close(metrics.get('system.mem.committed_as'), mib(1620532), 'committed_as');
  close(metrics.get('system.swap.total'), 0, 'no swap');
  close(metrics.get('system.swap.pct_free'), 1, 'no swap: all free');
});

test('/proc/meminfo of a kernel without MemAvailable, with swap in use', () => {
  const meminfo = parseMeminfo(fixture('old-kernel-swap.meminfo.txt'));
  assert.equal(meminfo.get('HugePages_Total'), 0, 'lines without a unit are plain numbers');
  const metrics = asMap(memoryMetrics(meminfo));
  close(metrics.get('system.mem.usable'), (100000 + 300000 + 30000) / 1024, 'free + cached + SReclaimable');
  close(metrics.get('system.swap.used'), (1024000 - 768000) / 1024, 'swap used');
  close(metrics.get('system.swap.pct_free'), 768000 / 1024000, 'swap pct_free');
  close(metrics.get('system.swap.cached'), 10000 / 1024, 'swap cached');
  assert.equal(metrics.has('system.mem.commit_limit'), false, 'absent fields are not reported');
  assert.throws(() => parseMeminfo('MemFree: 1 kB\n'), /no MemTotal/);
});

test('/proc/diskstats: recorded 17-field lines and a 14-field (pre-4.18) one', () => {
  const devices = parseDiskstats(fixture('host-a.diskstats.txt'));
  assert.deepEqual(
    devices.map((d) => d.name),
    ['loop0', 'loop1', 'loop2', 'loop3', 'loop4', 'loop5', 'loop6', 'loop7', 'vda', 'zram0'],
  );
  const old = parseDiskstats(fixture('old-kernel.diskstats.txt'));
  assert.deepEqual(
    old.map((d) => d.name),
    ['sda', 'sda1', 'dm-0'],
  );
  assert.deepEqual(old[0], {
    name: 'sda',
    reads: 1000,
    readsMerged: 10,
    sectorsRead: 80000,
    readMs: 500,
    writes: 2000,
    writesMerged: 20,
    sectorsWritten: 160000,
    writeMs: 900,
    inFlight: 0,
    ioMs: 1200,
    weightedMs: 1400,
  });
});

test('I/O metrics of vda around the recorded 64 MiB write, as iostat -x computes them', () => {
  const vda = (file: string) => parseDiskstats(fixture(file)).find((d) => d.name === 'vda');
  const a = vda('host-a.diskstats.txt');
  const b = vda('host-b.diskstats.txt');
  assert.ok(a && b);
  const metrics = asMap(ioMetrics(a, b, 2));
  // Δ: reads 24, merged 48, sectors read 816, read ms 7; writes 177, merged 865, sectors written 141392,
  // write ms 200; io ms 104; weighted ms 261.
  close(metrics.get('system.io.r_s'), 12, 'r_s');
  close(metrics.get('system.io.w_s'), 88.5, 'w_s');
  close(metrics.get('system.io.rrqm_s'), 24, 'rrqm_s');
  close(metrics.get('system.io.wrqm_s'), 432.5, 'wrqm_s');
  close(metrics.get('system.io.rkb_s'), (816 * 512) / 1024 / 2, 'rkb_s');
  close(metrics.get('system.io.wkb_s'), (141392 * 512) / 1024 / 2, 'wkb_s');
  assert.ok((metrics.get('system.io.wkb_s') ?? 0) * 2 >= 64 * 1024, 'the 64 MiB write is in there');
  close(metrics.get('system.io.avg_rq_sz'), (816 + 141392) / 201, 'avg_rq_sz');
  close(metrics.get('system.io.await'), 207 / 201, 'await');
  close(metrics.get('system.io.r_await'), 7 / 24, 'r_await');
  close(metrics.get('system.io.w_await'), 200 / 177, 'w_await');
  close(metrics.get('system.io.avg_q_sz'), 261 / 2000, 'avg_q_sz');
  close(metrics.get('system.io.svctm'), 104 / 201, 'svctm');
  close(metrics.get('system.io.util'), (104 / 2000) * 100, 'util');
  assert.equal(ioMetrics(b, a, 2), undefined, 'counters going back (device re-created): no values');
  assert.equal(ioMetrics(a, b, 0), undefined, 'no time passed: no values');
  const idle = asMap(ioMetrics(a, a, 10));
  assert.equal(idle.get('system.io.await'), 0, 'an idle device has 0 latency, not NaN');
});

test('/proc/net/dev: recorded file, glued colons, and the Datadog default exclusion of lo', () => {
  const recorded = parseNetDev(fixture('host-a.net-dev.txt'));
  assert.deepEqual(
    recorded.map((i) => i.name),
    ['lo', 'ifb0', 'ifb1', 'eth0'],
  );
  assert.equal(recorded[3]?.bytesReceived, 550374529);
  assert.equal(recorded[3]?.packetsSent, 17219);
  const busy = parseNetDev(fixture('busy.net-dev.txt'));
  assert.deepEqual(busy[1], {
    name: 'eth0',
    bytesReceived: 123456789012,
    packetsReceived: 1000000,
    receiveErrors: 3,
    receiveDrops: 7,
    bytesSent: 98765432109,
    packetsSent: 900000,
    transmitErrors: 1,
    transmitDrops: 2,
  });
  const options = { excludedInterfaces: ['lo'], maxInterfaces: 10 };
  assert.deepEqual(
    selectInterfaces(busy, options).map((i) => i.name),
    ['eth0', 'veth1a2b'],
  );
  assert.deepEqual(
    selectInterfaces(busy, { ...options, excludedInterfaceRe: /^veth/ }).map((i) => i.name),
    ['eth0'],
  );
});

test('/proc/net/snmp and /proc/net/netstat: header and value lines per protocol', () => {
  const snmp = parseProtocolCounters(fixture('host.net-snmp.txt'));
  assert.equal(snmp.get('Tcp')?.get('RetransSegs'), 1029);
  assert.equal(snmp.get('Tcp')?.get('InSegs'), 581920);
  assert.equal(snmp.get('Tcp')?.get('MaxConn'), -1);
  const netstat = parseProtocolCounters(fixture('host.net-netstat.txt'));
  assert.equal(typeof netstat.get('TcpExt')?.get('ListenOverflows'), 'number');
});

test('mounts: octal escapes, pseudo filesystems skipped, one entry per device', () => {
  const mounts = parseMounts(fixture('server.mounts.txt'));
  assert.equal(mounts[2]?.mountPoint, '/mnt/kafka logs');
  const options = { fileSystemExclude: [], mountPointExclude: [], deviceExclude: [], useMount: false };
  assert.deepEqual(selectMounts(mounts, options), [
    { mountPoint: '/', tags: ['device:/dev/sda1', 'device_name:sda1'] },
    { mountPoint: '/mnt/kafka logs', tags: ['device:/dev/sdb1', 'device_name:sdb1'] },
    { mountPoint: '/mnt/nfs', tags: ['device:server:/export', 'device_name:export'] },
    {
      mountPoint: '/var/lib/docker/overlay2/abc/merged',
      tags: ['device:overlay', 'device_name:overlay'],
    },
  ]);
  const byMount = selectMounts(mounts, { ...options, useMount: true, fileSystemExclude: [/^nfs/i] });
  assert.deepEqual(
    byMount.map((target) => target.tags[0]),
    [
      'device:/',
      'device:/var/lib/docker',
      'device:/mnt/kafka logs',
      'device:/var/lib/docker/overlay2/abc/merged',
    ],
  );
  const recorded = selectMounts(parseMounts(fixture('host.mounts.txt')), options);
  assert.deepEqual(
    recorded.map((target) => target.mountPoint),
    ['/'],
    'on the test host only the root filesystem is a disk',
  );
});

test('statfs → disk metrics in KiB, in_use as df computes Use% (reserved blocks excluded)', () => {
  // 1000 blocks of 4 KiB, 300 free of which 250 available to users (50 reserved for root).
  const metrics = asMap(
    diskMetrics({ bsize: 4096, blocks: 1000, bfree: 300, bavail: 250, files: 100, ffree: 40 }),
  );
  close(metrics.get('system.disk.total'), 4000, 'total KiB');
  close(metrics.get('system.disk.used'), 2800, 'used KiB');
  close(metrics.get('system.disk.free'), 1000, 'free KiB');
  close(metrics.get('system.disk.in_use'), 700 / 950, 'in_use');
  close(metrics.get('system.disk.utilized'), (700 / 950) * 100, 'utilized');
  close(metrics.get('system.fs.inodes.used'), 60, 'inodes used');
  close(metrics.get('system.fs.inodes.in_use'), 0.6, 'inodes in_use');
  assert.deepEqual(diskMetrics({ bsize: 4096, blocks: 0, bfree: 0, bavail: 0, files: 0, ffree: 0 }), []);
});

test('loadavg, file-nr and uptime (recorded)', () => {
  assert.deepEqual(parseLoadavg(fixture('host.loadavg.txt')), { one: 8.32, five: 6.56, fifteen: 4.31 });
  assert.deepEqual(parseFileNr(fixture('host.file-nr.txt')), { allocated: 1815, unused: 0, max: 2466160 });
  assert.equal(parseUptime(fixture('host.uptime.txt')), 3260.69);
  assert.throws(() => parseLoadavg('n/a'), /loadavg/);
});

test('every metric the computations produce is in the system catalog', () => {
  const names = [
    ...memoryMetrics(parseMeminfo(fixture('old-kernel-swap.meminfo.txt'))),
    ...memoryMetrics(parseMeminfo(fixture('host.meminfo.txt'))),
    ...(ioMetrics(
      parseDiskstats(fixture('host-a.diskstats.txt'))[8]!,
      parseDiskstats(fixture('host-b.diskstats.txt'))[8]!,
      1,
    ) ?? []),
    ...diskMetrics({ bsize: 1, blocks: 2, bfree: 1, bavail: 1, files: 2, ffree: 1 }),
  ].map(([name]) => name);
  for (const name of names) assert.ok(findCatalogMetric(SYSTEM_CATALOG, name), `${name} is in the catalog`);
});
