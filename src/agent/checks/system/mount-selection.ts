// Which mounts the disk metrics cover: real filesystems only (pseudo and memory-backed ones are skipped), minus
// what the user excludes, one entry per device tag (bind mounts and a device mounted twice would otherwise report
// the same series twice), in /proc/self/mounts order so `/` comes first.
import { basename } from 'node:path';
import type { Mount } from './procfs/mounts';

/**
 * Filesystems that hold no disk space of their own: kernel interfaces, memory-backed (tmpfs, devtmpfs: RAM shows
 * in system.mem), and read-only images that are always 100 % full (squashfs snaps, iso9660, as Datadog skips).
 */
export const PSEUDO_FILESYSTEMS: ReadonlySet<string> = new Set([
  'autofs',
  'binfmt_misc',
  'bpf',
  'cgroup',
  'cgroup2',
  'configfs',
  'cpuset',
  'debugfs',
  'devpts',
  'devtmpfs',
  'efivarfs',
  'fuse.lxcfs',
  'fusectl',
  'hugetlbfs',
  'iso9660',
  'mqueue',
  'nsfs',
  'pipefs',
  'proc',
  'pstore',
  'ramfs',
  'rpc_pipefs',
  'securityfs',
  'selinuxfs',
  'sockfs',
  'squashfs',
  'sysfs',
  'tmpfs',
  'tracefs',
]);

export interface MountSelectionOptions {
  /** `file_system_exclude`, matched against the filesystem type. */
  fileSystemExclude: readonly RegExp[];
  /** `mount_point_exclude`. */
  mountPointExclude: readonly RegExp[];
  /** `device_exclude`, matched against the device (`/dev/sda1`). */
  deviceExclude: readonly RegExp[];
  /** `use_mount`: the `device` tag holds the mount point instead of the device. */
  useMount: boolean;
}

export interface DiskTarget {
  mountPoint: string;
  tags: string[];
}

const matches = (patterns: readonly RegExp[], value: string) => patterns.some((re) => re.test(value));

export function selectMounts(mounts: readonly Mount[], options: MountSelectionOptions): DiskTarget[] {
  const targets = new Map<string, DiskTarget>();
  for (const mount of mounts) {
    // Devices named "none" (or nothing) are kernel mounts with no backing store.
    if (mount.device === '' || mount.device === 'none') continue;
    if (PSEUDO_FILESYSTEMS.has(mount.fsType)) continue;
    if (/^\/(proc|sys)(\/|$)/.test(mount.mountPoint)) continue;
    if (matches(options.fileSystemExclude, mount.fsType)) continue;
    if (matches(options.mountPointExclude, mount.mountPoint)) continue;
    if (matches(options.deviceExclude, mount.device)) continue;
    const device = options.useMount ? mount.mountPoint : mount.device;
    if (targets.has(device)) continue;
    targets.set(device, {
      mountPoint: mount.mountPoint,
      tags: [`device:${device}`, `device_name:${basename(mount.device)}`],
    });
  }
  return [...targets.values()];
}
