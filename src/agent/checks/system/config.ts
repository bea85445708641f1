// Instance settings of the `system` check. Datadog splits host metrics over core checks (cpu, load, memory, disk,
// io, network, file_handle, uptime); their filter keys keep their Datadog names here, in one instance.
import { readCommonSettings } from '../config/common';
import { InstanceReader } from '../config/instance-reader';
import type { CommonInstanceSettings, ParseResult } from '../types';

export interface SystemCheckConfig {
  common: CommonInstanceSettings;
  /** `enabled: false` in conf.d/system.d/conf.yaml turns the default-on check off. */
  enabled: boolean;
  /** Root of the proc filesystem (`/host/proc` when the agent runs in a container). */
  procfsPath: string;
  maxMounts: number;
  maxIoDevices: number;
  maxInterfaces: number;
  fileSystemExclude: RegExp[];
  mountPointExclude: RegExp[];
  deviceExclude: RegExp[];
  useMount: boolean;
  /** Seconds to wait for one statfs. */
  diskTimeout: number;
  ioDeviceExclude?: RegExp;
  excludedInterfaces: string[];
  excludedInterfaceRe?: RegExp;
}

/** RAM disks and loop devices (snap images) rarely matter and can be many. */
export const DEFAULT_IO_DEVICE_EXCLUDE = '^(loop|ram|zram)\\d+$';
/** As the Datadog Agent's network.d/conf.yaml.default. */
export const DEFAULT_EXCLUDED_INTERFACES = ['lo'];
const DEFAULT_LIMIT = 128;

export function parseSystemInstance(
  raw: Record<string, unknown>,
  initConfig: Record<string, unknown>,
  path: string,
): ParseResult<SystemCheckConfig> {
  const reader = new InstanceReader(raw, path);
  const init = new InstanceReader(initConfig, 'init_config');
  const limit = (key: string) => reader.integer(key, { min: 1, max: 100_000, default: DEFAULT_LIMIT });
  const regexes = (key: string, flags: string) =>
    reader.stringList(key).flatMap((source) => compile(reader, key, source, flags) ?? []);
  // Datadog reads the io check's device_exclude_re from init_config; the instance may set it too.
  const ioSource = reader.string('device_exclude_re') ?? init.string('device_exclude_re');
  const interfaceRe = reader.string('excluded_interface_re');
  const config: SystemCheckConfig = {
    common: readCommonSettings(reader, init),
    enabled: reader.boolean('enabled', true),
    procfsPath: reader.string('procfs_path', { default: '/proc' }) ?? '/proc',
    maxMounts: limit('max_mounts'),
    maxIoDevices: limit('max_io_devices'),
    maxInterfaces: limit('max_interfaces'),
    fileSystemExclude: regexes('file_system_exclude', 'i'),
    mountPointExclude: regexes('mount_point_exclude', 'i'),
    deviceExclude: regexes('device_exclude', ''),
    useMount: reader.boolean('use_mount', false),
    diskTimeout: reader.seconds('timeout', { default: 5, max: 300 }),
    ioDeviceExclude: compile(reader, 'device_exclude_re', ioSource ?? DEFAULT_IO_DEVICE_EXCLUDE, ''),
    excludedInterfaces: reader.has('excluded_interfaces')
      ? reader.stringList('excluded_interfaces')
      : DEFAULT_EXCLUDED_INTERFACES,
    excludedInterfaceRe:
      interfaceRe === undefined ? undefined : compile(reader, 'excluded_interface_re', interfaceRe, ''),
  };
  if (!config.procfsPath.startsWith('/')) reader.problem('procfs_path', 'must be an absolute path');
  reader.rejectUnknownKeys();
  const problems = [...init.problems, ...reader.problems];
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: config };
}

function compile(reader: InstanceReader, key: string, source: string, flags: string): RegExp | undefined {
  try {
    return new RegExp(source, flags);
  } catch (cause) {
    reader.problem(key, `must be a valid regular expression: ${(cause as Error).message}`);
    return undefined;
  }
}
