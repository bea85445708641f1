// Kernel-wide counters: file handles (/proc/sys/fs/file-nr) and uptime (/proc/uptime).
import type { CheckContext } from '../types';
import type { ProcFiles } from './procfs/files';
import { parseFileNr, parseUptime } from './procfs/small-files';

export async function collectFileHandles(context: CheckContext, files: ProcFiles): Promise<void> {
  const handles = parseFileNr(await files.read('sys/fs/file-nr'));
  const used = handles.allocated - handles.unused;
  context.gauge('system.fs.file_handles.allocated', handles.allocated);
  context.gauge('system.fs.file_handles.allocated_unused', handles.unused);
  context.gauge('system.fs.file_handles.used', used);
  context.gauge('system.fs.file_handles.max', handles.max);
  if (handles.max > 0) context.gauge('system.fs.file_handles.in_use', used / handles.max);
}

export async function collectUptime(context: CheckContext, files: ProcFiles): Promise<void> {
  context.gauge('system.uptime', parseUptime(await files.read('uptime')));
}
