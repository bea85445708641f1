// Runs one Node child to completion and returns the JSON of its `PREFIX {json}` result line. Every child has
// a hard time limit: a stuck child is killed and reported, never waited on forever.
import { spawn } from 'node:child_process';
import { projectRoot } from './paths';

export interface ChildRun<T> {
  result: T;
  stderr: string;
  wallMs: number;
}

export interface ChildOptions {
  nodeArgs: readonly string[];
  env: NodeJS.ProcessEnv;
  resultPrefix: string;
  timeoutMs: number;
  /** Called with the child's pid once it started (e.g. to sample its CPU from /proc). */
  onStart?: (pid: number) => void;
}

/** Prefixes of settings that would change what a child instruments or where it sends data. */
const TELEMETRY_ENV_PREFIXES = ['KINSTRUMENT_', 'OTEL_', 'DD_'];

/** The parent's environment without any telemetry settings, so each variant sets exactly its own. */
export function cleanEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!TELEMETRY_ENV_PREFIXES.some((prefix) => key.startsWith(prefix))) env[key] = value;
  }
  // NODE_OPTIONS could preload something of its own into every variant.
  delete env.NODE_OPTIONS;
  return env;
}

export function runChild<T>(options: ChildOptions): Promise<ChildRun<T>> {
  const started = performance.now();
  const child = spawn(process.execPath, [...options.nodeArgs], {
    cwd: projectRoot,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) options.onStart?.(child.pid);
  let stdout = '';
  let stderr = '';
  let result: T | undefined;
  let parseError: string | undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    let newline: number;
    while ((newline = stdout.indexOf('\n')) >= 0) {
      const line = stdout.slice(0, newline);
      stdout = stdout.slice(newline + 1);
      if (!line.startsWith(`${options.resultPrefix} `)) continue;
      try {
        result = JSON.parse(line.slice(options.resultPrefix.length + 1)) as T;
      } catch (error) {
        parseError = String(error);
      }
    }
  });
  // Bounded: a chatty child must not grow the harness without limit.
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    if (stderr.length < 64 * 1024) stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      if (result !== undefined) {
        resolve({ result, stderr, wallMs });
        return;
      }
      const why = signal === 'SIGKILL' ? `killed after ${options.timeoutMs} ms` : `exit ${code ?? signal}`;
      reject(
        new Error(
          `child ${options.nodeArgs.at(-1)} gave no ${options.resultPrefix} line (${why})${
            parseError ? `; unparsable result: ${parseError}` : ''
          }; stderr: ${stderr.trim().slice(-2000)}`,
        ),
      );
    });
  });
}
