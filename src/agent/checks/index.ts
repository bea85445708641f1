// What the agent needs to run checks: load configs, run them, read their status.
export { CHECK_CATALOGS, CHECK_NAMES, isCheckName, loadCheck, type CheckName } from './registry';
export { CheckRunner, type CheckRunnerOptions, type RunnerLog } from './runtime/runner';
export type { ConfiguredInstance, LoadResult } from './runtime/load';
export type { InstanceStatus, Totals } from './runtime/instance-stats';
export type { CheckContext, CheckDefinition, CheckInstance } from './types';
export { configuredChecks, defaultCheckInstances, defaultConfigSource } from './defaults';
