// Child processes for end-to-end tests: the way users run an instrumented app.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const projectRoot = join(__dirname, '..', '..', '..');
export const fixture = (...parts: string[]) => join(projectRoot, 'test', 'fixtures', ...parts);

export class AppProcess {
  readonly lines: string[] = [];
  /** stderr as it arrived, and split into lines. */
  readonly stderr: string[] = [];
  readonly errorLines: string[] = [];
  private readonly waiters: {
    pattern: RegExp;
    stream: 'stdout' | 'stderr';
    resolve: (line: string) => void;
  }[] = [];
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    this.splitLines(child.stdout!, 'stdout', this.lines);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    this.splitLines(child.stderr!, 'stderr', this.errorLines);
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  private splitLines(stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr', into: string[]): void {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        into.push(line);
        for (const waiter of [...this.waiters]) {
          if (waiter.stream === name && waiter.pattern.test(line)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve(line);
          }
        }
      }
    });
  }

  /** Resolves with the first output line (past or future) that matches. */
  waitForLine(pattern: RegExp, timeoutMs = 60_000, stream: 'stdout' | 'stderr' = 'stdout'): Promise<string> {
    const seen = (stream === 'stdout' ? this.lines : this.errorLines).find((line) => pattern.test(line));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no line matching ${pattern} within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`),
          ),
        timeoutMs,
      );
      this.waiters.push({
        pattern,
        stream,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  /** JSON payloads of lines `PREFIX {json}`. */
  records<T>(prefix: string): T[] {
    return this.lines
      .filter((l) => l.startsWith(prefix + ' '))
      .map((l) => JSON.parse(l.slice(prefix.length + 1)) as T);
  }

  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exited;
  }
}

export function startApp(
  nodeArgs: string[],
  env: Record<string, string | undefined>,
  cwd = projectRoot,
): AppProcess {
  const child = spawn(process.execPath, nodeArgs, {
    cwd,
    env: { ...process.env, KINSTRUMENT_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new AppProcess(child);
}

export async function postJson(
  port: number,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${text}`);
  return JSON.parse(text);
}
