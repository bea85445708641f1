/** A setting that cannot be used. The message names where it came from and what is wrong. */
export class ConfigError extends Error {
  constructor(
    /** `option traces.sampler` or `env OTEL_TRACES_SAMPLER`. */
    readonly source: string,
    readonly problem: string,
  ) {
    super(`kinstrument: invalid configuration: ${source}: ${problem}`);
    this.name = 'ConfigError';
  }
}
