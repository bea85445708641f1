// UDP datagrams dropped by the kernel (receive buffer full) never reach user space, so no counter of
// ours can see them. Linux reports them per socket in the last column ("drops") of /proc/net/udp{,6};
// reading it on demand (status, not per packet) makes the most common cause of lost metrics visible.
import { readFileSync } from 'node:fs';

function dropsForPort(table: string, port: number): number | undefined {
  const portHex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let total: number | undefined;
  for (const row of table.split('\n').slice(1)) {
    const columns = row.trim().split(/\s+/);
    // columns: sl local_address rem_address st tx:rx tr:tm retrnsmt uid timeout inode ref pointer drops
    if (columns.length < 13 || !columns[1]?.endsWith(portHex)) continue;
    const drops = Number(columns[12]);
    if (Number.isFinite(drops)) total = (total ?? 0) + drops;
  }
  return total;
}

/** Kernel drops for UDP sockets bound to `port`, or `undefined` where the kernel does not say (non-Linux). */
export function readUdpKernelDrops(port: number, ipv6: boolean): number | undefined {
  try {
    return dropsForPort(readFileSync(ipv6 ? '/proc/net/udp6' : '/proc/net/udp', 'utf8'), port);
  } catch {
    return undefined;
  }
}
