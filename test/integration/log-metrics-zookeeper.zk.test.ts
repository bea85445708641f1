// The shipped ZooKeeper rule on the rig's real ZooKeeper: a client (ZooKeeper's own CLI, from the rig's jars) opens a
// session and is killed without closing it; ZooKeeper expires the session and logs it, and the agent's
// `logs.zookeeper.session_expirations` counts exactly the expirations the log shows since the agent started.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { waitFor } from '../support/kafka';
import { projectRoot } from '../support/processes';
import { rigLogsDir } from '../support/logs';
import { startUiAgent } from '../support/ui-agent';

const logsDir = rigLogsDir();
const zookeeperLog = logsDir && join(logsDir, 'zookeeper.log');
const zookeeper = process.env.KINSTRUMENT_TEST_ZOOKEEPER ?? '127.0.0.1:2181';
const jars = join(projectRoot, 'rig', 'target', 'zk', 'lib');
const skip =
  !zookeeperLog || !existsSync(zookeeperLog)
    ? 'no ZooKeeper rig log (KINSTRUMENT_TEST_RIG_MODE=zk)'
    : !existsSync(jars) && `no rig jars in ${jars}`;

function expirationsAfter(file: string, offset: number): string[] {
  return readFileSync(file)
    .subarray(offset)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.includes('Expiring session 0x'));
}

/** Opens a ZooKeeper session with the CLI, then kills the JVM so the session is never closed. */
async function abandonSession(): Promise<void> {
  const cli = spawn(
    'java',
    ['-cp', `${jars}/*`, 'org.apache.zookeeper.ZooKeeperMain', '-server', zookeeper, '-timeout', '4000'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  cli.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await waitFor(
      'the ZooKeeper CLI connected',
      () => (output.includes('SyncConnected') ? true : undefined),
      30_000,
    );
  } finally {
    cli.kill('SIGKILL');
  }
}

test(
  'the shipped rule counts the session expirations ZooKeeper logs',
  { skip, timeout: 120_000 },
  async () => {
    const file = zookeeperLog!;
    const agent = await startUiAgent({
      confd: {
        'zk.d/conf.yaml': ['logs:', '  - type: file', `    path: ${file}`, '    source: zookeeper'].join(
          '\n',
        ),
      },
    });
    try {
      const status = async () =>
        (await (await fetch(`${agent.url}/api/v1/status`)).json()) as { logs?: { filesTailed: number } };
      await waitFor('the agent tailing zookeeper.log', async () =>
        (await status()).logs?.filesTailed === 1 ? true : undefined,
      );
      // The agent starts at the end of the file: what it counts is what is written from now on.
      const offset = statSync(file).size;
      await abandonSession();
      await abandonSession();
      const lines = await waitFor(
        'two expirations in zookeeper.log',
        () => {
          const found = expirationsAfter(file, offset);
          return found.length >= 2 ? found : undefined;
        },
        60_000,
      );
      const promName = 'logs_zookeeper_session_expirations_total';
      await waitFor(`${promName} = ${lines.length}`, async () => {
        const text = await (await fetch(`${agent.url}/metrics`)).text();
        const line = text.split('\n').find((l) => l.startsWith(`${promName}{`));
        return line !== undefined && Number(line.slice(line.lastIndexOf(' ') + 1)) === lines.length
          ? true
          : undefined;
      });
      if (statSync(file).size < offset) return; // log4j rolled the file over during the test: the read above is partial
      assert.equal(
        expirationsAfter(file, offset).length,
        lines.length,
        'no further expirations while waiting',
      );
    } finally {
      await agent.stop();
    }
  },
);
