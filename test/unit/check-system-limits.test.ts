// The `system` check against a made-up /proc (procfs_path) of a host with hundreds of mounts, block devices and
// interfaces: each family is bounded per run, what is left out is counted in kinstrument.system.overflow and
// named in a warning. Also: on by default, replaced or switched off by conf.d, hung statfs, broken procfs.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { CheckRunner, configuredChecks, defaultCheckInstances, loadCheck } from '../../src/agent/checks';
import { parseSystemInstance } from '../../src/agent/checks/system/config';
import { SystemCheck } from '../../src/agent/checks/system/check';
import { CounterState } from '../../src/agent/checks/runtime/counter-state';
import { RunContext } from '../../src/agent/checks/runtime/run-context';
import type { Flush, MetricSample } from '../../src/agent/model';

const root = mkdtempSync(join(tmpdir(), 'kinstrument-procfs-'));
after(() => rmSync(root, { recursive: true, force: true }));

const COUNT = 200;

function write(relative: string, text: string): void {
  const path = join(root, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** A /proc with COUNT disks, interfaces and mounts (on real directories, so statfs answers). */
function fakeProc(tick: number): string {
  const proc = join(root, 'proc');
  const rel = (path: string) => join('proc', path);
  write(
    rel('stat'),
    `cpu  ${100 + tick} 0 50 ${1000 + tick} 0 0 0 0 0 0\ncpu0 1 0 1 1 0 0 0 0 0 0\nctxt ${5000 + tick}\n`,
  );
  write(rel('loadavg'), '0.50 0.40 0.30 1/100 42\n');
  write(rel('meminfo'), 'MemTotal: 1024 kB\nMemFree: 512 kB\nMemAvailable: 768 kB\n');
  write(rel('uptime'), '100.5 50.0\n');
  write(rel('sys/fs/file-nr'), '10\t0\t1000\n');
  write(rel('net/snmp'), 'Tcp: InSegs OutSegs RetransSegs\nTcp: 1 2 3\n');
  write(rel('net/netstat'), 'TcpExt: ListenOverflows ListenDrops\nTcpExt: 0 0\n');
  const ids = Array.from({ length: COUNT }, (_, i) => String(i).padStart(3, '0'));
  write(
    rel('diskstats'),
    ids
      .map((id) => `8 0 sd${id} ${tick} 0 ${tick * 8} 1 ${tick} 0 ${tick * 8} 1 0 ${tick} ${tick}`)
      .join('\n'),
  );
  write(
    rel('net/dev'),
    [
      'header 1',
      'header 2',
      ...ids.map((id) => `eth${id}: ${tick * 100} ${tick} 0 0 0 0 0 0 ${tick} 1 0 0 0 0 0 0`),
    ].join('\n'),
  );
  const mounts = ids.map((id) => {
    const dir = join(root, 'mnt', id);
    mkdirSync(dir, { recursive: true });
    return `/dev/fake${id} ${dir} ext4 rw 0 0`;
  });
  write(rel('self/mounts'), mounts.join('\n'));
  return proc;
}

function setup(instance: Record<string, unknown>) {
  const flushes: Flush[] = [];
  const runner = new CheckRunner({
    sinks: { name: 'memory', write: (f) => void flushes.push(f) },
    unrefTimers: true,
  });
  const loaded = loadCheck('system', { init_config: {}, instances: [instance] }, 'test:system.yaml');
  assert.deepEqual(loaded.problems, []);
  const [configured] = loaded.instances;
  assert.ok(configured);
  runner.add(configured);
  return { runner, id: configured.id, flushes };
}

const devicesOf = (metrics: readonly MetricSample[], name: string) =>
  new Set(metrics.filter((m) => m.name === name).map((m) => m.tags.find((t) => t.startsWith('device:'))));

test('mounts, block devices and interfaces are bounded per run; the rest is counted and named', async () => {
  const proc = fakeProc(1);
  const { runner, id, flushes } = setup({
    procfs_path: proc,
    max_mounts: 10,
    max_io_devices: 20,
    max_interfaces: 30,
  });
  await runner.runOnce(id);
  fakeProc(2);
  const status = await runner.runOnce(id);
  await runner.stop();
  const metrics = flushes.at(-1)?.metrics ?? [];
  const overflow = (limit: string) =>
    metrics.find((m) => m.name === 'kinstrument.system.overflow' && m.tags.includes(`limit:${limit}`))?.value;
  assert.equal(overflow('max_mounts'), COUNT - 10);
  assert.equal(overflow('max_io_devices'), COUNT - 20);
  assert.equal(overflow('max_interfaces'), COUNT - 30);
  assert.equal(devicesOf(metrics, 'system.disk.total').size, 10);
  assert.equal(devicesOf(metrics, 'system.io.w_s').size, 20);
  assert.equal(devicesOf(metrics, 'system.net.bytes_rcvd').size, 30);
  // The same (first, by name) devices every run, so their rates exist from the second run on.
  assert.ok(devicesOf(metrics, 'system.io.w_s').has('device:sd000'));
  assert.ok(devicesOf(metrics, 'system.net.bytes_rcvd').has('device:eth000'));
  assert.equal(status.state, 'WARNING');
  assert.ok(status.lastWarnings.includes('190 mounted filesystems over max_mounts (10) not reported'));
  assert.ok(status.lastWarnings.includes('180 block devices over max_io_devices (20) not reported'));
  assert.ok(status.lastWarnings.includes('170 network interfaces over max_interfaces (30) not reported'));
});

test('within the limits: overflow 0 and no warning', async () => {
  const limits = { max_mounts: 1000, max_io_devices: 1000, max_interfaces: 1000 };
  const { runner, id, flushes } = setup({ procfs_path: fakeProc(1), ...limits });
  const status = await runner.runOnce(id);
  await runner.stop();
  assert.equal(status.state, 'OK', status.lastWarnings.join('\n'));
  const overflow = flushes.at(-1)?.metrics.filter((m) => m.name === 'kinstrument.system.overflow') ?? [];
  assert.deepEqual(overflow.map((m) => [m.tags.join(), m.value]).sort(), [
    ['limit:max_interfaces', 0],
    ['limit:max_io_devices', 0],
    ['limit:max_mounts', 0],
  ]);
});

test('a missing /proc file is a warning; nothing readable at all fails the run', async () => {
  const proc = fakeProc(1);
  rmSync(join(proc, 'net', 'snmp'));
  const partial = setup({ procfs_path: proc });
  const warned = await partial.runner.runOnce(partial.id);
  await partial.runner.stop();
  assert.equal(warned.state, 'WARNING');
  assert.match(warned.lastWarnings.join('\n'), /^tcp: ENOENT/m);
  assert.ok(partial.flushes.at(-1)?.metrics.some((m) => m.name === 'system.mem.total'));

  const broken = setup({ procfs_path: join(root, 'nowhere') });
  const failed = await broken.runner.runOnce(broken.id);
  await broken.runner.stop();
  assert.equal(failed.state, 'ERROR');
  assert.match(failed.lastError?.message ?? '', /^nothing readable: cpu: ENOENT/);
});

test('a statfs that hangs times out, and is not called again while it is still stuck', async () => {
  const proc = fakeProc(1);
  write('proc/self/mounts', `/dev/nfs0 ${join(root, 'mnt', '000')} nfs4 rw 0 0\n`);
  const parsed = parseSystemInstance({ procfs_path: proc, timeout: 0.05 }, {}, 'instances[0]');
  assert.ok(parsed.ok);
  let calls = 0;
  const check = new SystemCheck(parsed.value, { statfs: () => ((calls += 1), new Promise(() => undefined)) });
  const run = async () => {
    const context = new RunContext({
      check: 'system',
      baseTags: [],
      counters: new CounterState(),
      run: 1,
      now: Date.now,
      intervalSeconds: 15,
      signal: new AbortController().signal,
    });
    await check.collect(context);
    return context;
  };
  const first = await run();
  assert.ok(
    first.warnings.some((w) => /statfs gave no answer within 0\.05s/.test(w)),
    first.warnings.join('\n'),
  );
  const second = await run();
  assert.ok(
    second.warnings.some((w) => /has not returned yet/.test(w)),
    second.warnings.join('\n'),
  );
  assert.equal(calls, 1, 'no second call piles up behind the hung one');
});

test('on by default; any conf.d/system.d file replaces the default; enabled: false turns it off', () => {
  const defaults = defaultCheckInstances(new Set());
  assert.equal(defaults.length, 1);
  assert.equal(defaults[0]?.check, 'system');
  assert.equal(defaults[0]?.settings.minCollectionInterval, 15);
  assert.match(defaults[0]?.source ?? '', /^built-in default/);

  const configured = configuredChecks({
    documents: [
      { check: 'system', document: { instances: [{ min_collection_interval: 60 }] } },
      { check: 'kafka', document: { logs: [] } },
    ],
    errors: { byCheck: {} },
  });
  assert.deepEqual([...configured], ['system']);
  assert.deepEqual(defaultCheckInstances(configured), []);
  // A broken system.d file also replaces the default: its error shows, no silent fallback.
  assert.deepEqual(
    defaultCheckInstances(configuredChecks({ documents: [], errors: { byCheck: { system: ['x'] } } })),
    [],
  );

  const off = loadCheck('system', { instances: [{ enabled: false }] }, 'f');
  assert.deepEqual(off, { instances: [], problems: [] });
  const tuned = loadCheck(
    'system',
    { init_config: { min_collection_interval: 30 }, instances: [{ tags: ['role:broker'] }] },
    'f',
  );
  assert.equal(tuned.instances[0]?.settings.minCollectionInterval, 30);
  assert.deepEqual(tuned.instances[0]?.settings.tags, ['role:broker']);
});

test('system config problems name the key', () => {
  const result = loadCheck(
    'system',
    {
      instances: [{ max_mounts: 0, file_system_exclude: ['('], procfs_path: 'proc', enabled: 'yes', cpu: 1 }],
    },
    'f',
  );
  const problems = result.problems.map((p) => p.replace(/^f: /, ''));
  assert.ok(
    problems.includes('instances[0].max_mounts: must be an integer 1-100000, got 0'),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) =>
      p.startsWith('instances[0].file_system_exclude: must be a valid regular expression'),
    ),
  );
  assert.ok(problems.includes('instances[0].procfs_path: must be an absolute path'));
  assert.ok(problems.includes('instances[0].enabled: must be true or false, got "yes"'));
  assert.ok(problems.some((p) => p.startsWith('instances[0].cpu: unknown key')));
});
