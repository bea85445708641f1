// The `system` check's metrics: the Datadog Agent's core host checks (cpu, load, memory, disk, io, network,
// file_handle, uptime) under their Datadog names, units and types, read from /proc and statfs only.
import type { CheckCatalog, CheckMetricDefinition, CheckMetricType } from './types';

interface Entry {
  type: CheckMetricType;
  unit: string;
  description: string;
  source: string;
  tags?: readonly string[];
}

function metric(name: string, entry: Entry): CheckMetricDefinition {
  return {
    name,
    type: entry.type,
    unit: entry.unit,
    description: entry.description,
    tags: entry.tags ?? [],
    source: entry.source,
    origin: 'datadog',
  };
}

const cpuShare = (name: string, fields: string, description: string) =>
  metric(`system.cpu.${name}`, {
    type: 'gauge',
    unit: 'percent',
    description: `${description} Percent of all CPU time since the previous run (first run: none).`,
    source: `/proc/stat → cpu ${fields}`,
  });

const CPU: CheckMetricDefinition[] = [
  cpuShare('user', 'user + nice', 'Time running user space (guest time included, as the kernel counts it).'),
  cpuShare('system', 'system + irq + softirq', 'Time running the kernel, interrupts included.'),
  cpuShare('interrupt', 'irq + softirq', 'Time serving hardware and software interrupts.'),
  cpuShare('iowait', 'iowait', 'Time idle with disk I/O outstanding.'),
  cpuShare('idle', 'idle', 'Idle time.'),
  cpuShare('stolen', 'steal', 'Time the hypervisor gave to other virtual machines.'),
  cpuShare('guest', 'guest', 'Time running guest virtual machines.'),
  metric('system.cpu.num_cores', {
    type: 'gauge',
    unit: 'core',
    description: 'Logical CPUs online.',
    source: '/proc/stat → cpuN lines',
  }),
  metric('system.cpu.context_switches', {
    type: 'monotonic_count',
    unit: '',
    description: 'Context switches since the previous run.',
    source: '/proc/stat → ctxt',
  }),
];

const LOAD: CheckMetricDefinition[] = (['1', '5', '15'] as const).flatMap((minutes) => [
  metric(`system.load.${minutes}`, {
    type: 'gauge',
    unit: '',
    description: `Load average over ${minutes} minute(s).`,
    source: '/proc/loadavg',
  }),
  metric(`system.load.norm.${minutes}`, {
    type: 'gauge',
    unit: '',
    description: `Load average over ${minutes} minute(s) divided by the number of CPUs.`,
    source: '/proc/loadavg, /proc/stat',
  }),
]);

const mebibytes = (name: string, fields: string, description: string) =>
  metric(name, { type: 'gauge', unit: 'mebibyte', description, source: `/proc/meminfo → ${fields}` });

const MEMORY: CheckMetricDefinition[] = [
  mebibytes('system.mem.total', 'MemTotal', 'Physical memory.'),
  mebibytes('system.mem.free', 'MemFree', 'Memory not used for anything.'),
  mebibytes('system.mem.used', 'MemTotal − MemFree', 'Memory in use, page cache and buffers included.'),
  mebibytes(
    'system.mem.usable',
    'MemAvailable',
    'Memory available to start new applications without swapping.',
  ),
  metric('system.mem.pct_usable', {
    type: 'gauge',
    unit: 'fraction',
    description: 'Usable memory as a fraction of the total (0 to 1).',
    source: '/proc/meminfo → MemAvailable ÷ MemTotal',
  }),
  mebibytes('system.mem.cached', 'Cached + SReclaimable', 'Page cache and reclaimable kernel caches.'),
  mebibytes('system.mem.buffered', 'Buffers', 'Block device buffers.'),
  mebibytes('system.mem.shared', 'Shmem', 'Shared memory (tmpfs included).'),
  mebibytes('system.mem.slab', 'Slab', 'Kernel slab allocations.'),
  mebibytes('system.mem.slab_reclaimable', 'SReclaimable', 'Reclaimable part of the slab.'),
  mebibytes('system.mem.page_tables', 'PageTables', 'Memory used by page tables.'),
  mebibytes('system.mem.commit_limit', 'CommitLimit', 'Memory the kernel allows to be committed.'),
  mebibytes(
    'system.mem.committed_as',
    'Committed_AS',
    'Memory currently committed (allocated, maybe not used).',
  ),
  mebibytes('system.swap.total', 'SwapTotal', 'Swap space.'),
  mebibytes('system.swap.free', 'SwapFree', 'Unused swap space.'),
  mebibytes('system.swap.used', 'SwapTotal − SwapFree', 'Swap space in use.'),
  mebibytes('system.swap.cached', 'SwapCached', 'Swapped-out memory also kept in RAM.'),
  metric('system.swap.pct_free', {
    type: 'gauge',
    unit: 'fraction',
    description: 'Free swap as a fraction of the total (1 without swap).',
    source: '/proc/meminfo → SwapFree ÷ SwapTotal',
  }),
];

const DEVICE_TAGS = ['device', 'device_name'] as const;
const STATFS = 'mounts (/proc/self/mounts) → statfs';

const disk = (name: string, type: CheckMetricType, unit: string, description: string, fields: string) =>
  metric(name, {
    type,
    unit,
    description,
    source: fields ? `${STATFS} ${fields}` : STATFS,
    tags: DEVICE_TAGS,
  });

const DISK: CheckMetricDefinition[] = [
  disk('system.disk.total', 'gauge', 'kibibyte', 'Size of the filesystem.', 'blocks'),
  disk('system.disk.used', 'gauge', 'kibibyte', 'Space in use.', 'blocks − bfree'),
  disk('system.disk.free', 'gauge', 'kibibyte', 'Space available to unprivileged users.', 'bavail'),
  disk(
    'system.disk.in_use',
    'gauge',
    'fraction',
    'Used ÷ (used + free), 0 to 1 (what df shows as Use%).',
    '',
  ),
  disk('system.disk.utilized', 'gauge', 'percent', 'Used ÷ (used + free), in percent.', ''),
  disk('system.fs.inodes.total', 'gauge', 'inode', 'Inodes of the filesystem.', 'files'),
  disk('system.fs.inodes.used', 'gauge', 'inode', 'Inodes in use.', 'files − ffree'),
  disk('system.fs.inodes.free', 'gauge', 'inode', 'Free inodes.', 'ffree'),
  disk('system.fs.inodes.in_use', 'gauge', 'fraction', 'Inodes in use as a fraction of the total.', ''),
  disk('system.fs.inodes.utilized', 'gauge', 'percent', 'Inodes in use, in percent.', ''),
];

const io = (name: string, type: CheckMetricType, unit: string, description: string) =>
  metric(`system.io.${name}`, { type, unit, description, source: '/proc/diskstats', tags: DEVICE_TAGS });

const IO: CheckMetricDefinition[] = [
  io('r_s', 'rate', 'request', 'Reads completed per second.'),
  io('w_s', 'rate', 'request', 'Writes completed per second.'),
  io('rrqm_s', 'rate', 'request', 'Reads merged per second.'),
  io('wrqm_s', 'rate', 'request', 'Writes merged per second.'),
  io('rkb_s', 'rate', 'kibibyte', 'KiB read per second.'),
  io('wkb_s', 'rate', 'kibibyte', 'KiB written per second.'),
  io('avg_rq_sz', 'gauge', 'sector', 'Average request size, in 512-byte sectors.'),
  io('await', 'gauge', 'millisecond', 'Average time a request took (queue + service).'),
  io('r_await', 'gauge', 'millisecond', 'Average time a read took.'),
  io('w_await', 'gauge', 'millisecond', 'Average time a write took.'),
  io('avg_q_sz', 'gauge', 'request', 'Average queue length (iostat aqu-sz).'),
  io('svctm', 'gauge', 'millisecond', 'Average busy time per request.'),
  io('util', 'gauge', 'percent', 'Share of the time the device was busy.'),
];

const net = (name: string, unit: string, description: string, field: string) =>
  metric(`system.net.${name}`, {
    type: 'rate',
    unit,
    description,
    source: `/proc/net/dev → ${field}`,
    tags: DEVICE_TAGS,
  });

const tcp = (name: string, field: string, unit: string, description: string, file = '/proc/net/snmp') =>
  metric(`system.net.tcp.${name}`, { type: 'rate', unit, description, source: `${file} → ${field}` });

const NETWORK: CheckMetricDefinition[] = [
  net('bytes_rcvd', 'byte', 'Bytes received per second.', 'receive bytes'),
  net('bytes_sent', 'byte', 'Bytes sent per second.', 'transmit bytes'),
  net('packets_in.count', 'packet', 'Packets received per second.', 'receive packets'),
  net('packets_in.drop', 'packet', 'Received packets dropped per second.', 'receive drop'),
  net('packets_in.error', 'error', 'Receive errors per second.', 'receive errs'),
  net('packets_out.count', 'packet', 'Packets sent per second.', 'transmit packets'),
  net('packets_out.drop', 'packet', 'Outgoing packets dropped per second.', 'transmit drop'),
  net('packets_out.error', 'error', 'Transmit errors per second.', 'transmit errs'),
  tcp('retrans_segs', 'Tcp RetransSegs', 'segment', 'TCP segments retransmitted per second.'),
  tcp('in_segs', 'Tcp InSegs', 'segment', 'TCP segments received per second.'),
  tcp('out_segs', 'Tcp OutSegs', 'segment', 'TCP segments sent per second.'),
  tcp('active_opens', 'Tcp ActiveOpens', 'connection', 'Outgoing TCP connections opened per second.'),
  tcp('passive_opens', 'Tcp PassiveOpens', 'connection', 'Incoming TCP connections accepted per second.'),
  tcp('attempt_fails', 'Tcp AttemptFails', 'connection', 'Failed TCP connection attempts per second.'),
  tcp('established_resets', 'Tcp EstabResets', 'connection', 'Established TCP connections reset per second.'),
  tcp('in_errors', 'Tcp InErrs', 'segment', 'TCP segments received in error per second.'),
  tcp('out_resets', 'Tcp OutRsts', 'segment', 'TCP resets sent per second.'),
  tcp(
    'listen_overflows',
    'TcpExt ListenOverflows',
    'connection',
    'Accept queue overflows per second (a listener, e.g. the broker, too slow to accept).',
    '/proc/net/netstat',
  ),
  tcp(
    'listen_drops',
    'TcpExt ListenDrops',
    'connection',
    'SYNs dropped by listeners per second.',
    '/proc/net/netstat',
  ),
];

const handles = (name: string, unit: string, description: string, fields: string) =>
  metric(`system.fs.file_handles.${name}`, {
    type: 'gauge',
    unit,
    description,
    source: `/proc/sys/fs/file-nr → ${fields}`,
  });

const FILE_HANDLES: CheckMetricDefinition[] = [
  handles('allocated', 'file', 'File handles allocated by the kernel.', 'allocated'),
  handles('allocated_unused', 'file', 'Allocated file handles not in use.', 'unused'),
  handles('used', 'file', 'File handles in use.', 'allocated − unused'),
  handles('max', 'file', 'Most file handles the kernel will allocate (fs.file-max).', 'max'),
  handles(
    'in_use',
    'fraction',
    'File handles in use as a fraction of the maximum.',
    '(allocated − unused) ÷ max',
  ),
];

/** Names of the per-run limits, as the `limit` tag of the overflow metric shows them. */
export const SYSTEM_LIMITS = ['max_mounts', 'max_io_devices', 'max_interfaces'] as const;
export type SystemLimit = (typeof SYSTEM_LIMITS)[number];

export const SYSTEM_CATALOG: CheckCatalog = {
  check: 'system',
  description:
    'Host metrics of the machine the agent runs on, from /proc and statfs (no commands run). On by default.',
  metrics: [
    ...CPU,
    ...LOAD,
    ...MEMORY,
    ...DISK,
    ...IO,
    ...NETWORK,
    ...FILE_HANDLES,
    metric('system.uptime', {
      type: 'gauge',
      unit: 'second',
      description: 'Seconds since the host booted.',
      source: '/proc/uptime',
    }),
    {
      name: 'kinstrument.system.overflow',
      type: 'gauge',
      unit: '',
      description:
        'Mounts, block devices or interfaces left out of this run because there were more than `max_mounts`, ' +
        '`max_io_devices` or `max_interfaces` (the `limit` tag says which); 0 when all were reported.',
      tags: ['limit'],
      source: 'the check itself',
      origin: 'kinstrument',
    },
  ],
  serviceChecks: [],
  metadata: [],
};
