// Runs `kinstrument agent` as users do (the built bin, a config file, a conf.d folder) for tests.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot, startApp, type AppProcess } from './processes';

export const CLI = join(projectRoot, 'dist', 'src', 'cli', 'main.js');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export class AgentDir {
  readonly root = mkdtempSync(join(tmpdir(), 'kinstrument-agent-'));
  readonly configFile = join(this.root, 'kinstrument.yaml');

  write(relative: string, text: string): string {
    const path = join(this.root, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export async function startAgent(dir: AgentDir, extraArgs: string[] = []): Promise<AppProcess> {
  const agent = startApp([CLI, 'agent', '-c', dir.configFile, ...extraArgs], {});
  await agent.waitForLine(/kinstrument agent .* running/, 30_000, 'stderr');
  return agent;
}

export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      encoding: 'utf8',
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
