// Per-interface traffic from /proc/net/dev and host-wide TCP counters from /proc/net/snmp and /proc/net/netstat,
// submitted as per-second rates between runs (the runner keeps the previous value of each counter).
import type { CheckContext } from '../types';
import { bounded, reportOverflow } from './limits';
import type { ProcFiles } from './procfs/files';
import { parseNetDev, type InterfaceCounters } from './procfs/net-dev';
import { parseProtocolCounters } from './procfs/protocol-counters';
import { byName } from './by-name';

const INTERFACE_RATES: readonly [string, keyof Omit<InterfaceCounters, 'name'>][] = [
  ['system.net.bytes_rcvd', 'bytesReceived'],
  ['system.net.bytes_sent', 'bytesSent'],
  ['system.net.packets_in.count', 'packetsReceived'],
  ['system.net.packets_in.drop', 'receiveDrops'],
  ['system.net.packets_in.error', 'receiveErrors'],
  ['system.net.packets_out.count', 'packetsSent'],
  ['system.net.packets_out.drop', 'transmitDrops'],
  ['system.net.packets_out.error', 'transmitErrors'],
];

/** Datadog's names for the kernel's TCP counters, by file and protocol line. */
const TCP_RATES: readonly { file: string; protocol: string; counters: Readonly<Record<string, string>> }[] = [
  {
    file: 'net/snmp',
    protocol: 'Tcp',
    counters: {
      RetransSegs: 'retrans_segs',
      InSegs: 'in_segs',
      OutSegs: 'out_segs',
      ActiveOpens: 'active_opens',
      PassiveOpens: 'passive_opens',
      AttemptFails: 'attempt_fails',
      EstabResets: 'established_resets',
      InErrs: 'in_errors',
      OutRsts: 'out_resets',
    },
  },
  {
    file: 'net/netstat',
    protocol: 'TcpExt',
    counters: { ListenOverflows: 'listen_overflows', ListenDrops: 'listen_drops' },
  },
];

export interface NetworkOptions {
  excludedInterfaces: readonly string[];
  excludedInterfaceRe?: RegExp;
  maxInterfaces: number;
}

export function selectInterfaces(
  interfaces: readonly InterfaceCounters[],
  options: NetworkOptions,
): InterfaceCounters[] {
  return interfaces
    .filter((each) => !options.excludedInterfaces.includes(each.name))
    .filter((each) => !options.excludedInterfaceRe?.test(each.name))
    .sort(byName);
}

export async function collectInterfaces(
  context: CheckContext,
  files: ProcFiles,
  options: NetworkOptions,
): Promise<void> {
  const interfaces = selectInterfaces(parseNetDev(await files.read('net/dev')), options);
  const { kept, overflow } = bounded(interfaces, options.maxInterfaces);
  reportOverflow(context, 'max_interfaces', options.maxInterfaces, overflow, 'network interfaces');
  for (const counters of kept) {
    const tags = [`device:${counters.name}`, `device_name:${counters.name}`];
    for (const [name, field] of INTERFACE_RATES) context.rate(name, counters[field], { tags });
  }
}

export async function collectTcp(context: CheckContext, files: ProcFiles): Promise<void> {
  for (const { file, protocol, counters } of TCP_RATES) {
    const values = parseProtocolCounters(await files.read(file)).get(protocol);
    for (const [field, suffix] of Object.entries(counters)) {
      const value = values?.get(field);
      if (value !== undefined) context.rate(`system.net.tcp.${suffix}`, value);
    }
  }
}
