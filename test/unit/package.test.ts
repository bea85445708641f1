// The package resolves the way users load it: by name, through package.json "exports", and the bin.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

test('require("kinstrument") and require.resolve("kinstrument/register") resolve through exports', () => {
  const out = node([
    '-e',
    'const k=require("kinstrument");console.log(k.VERSION, require.resolve("kinstrument/register"))',
  ]);
  assert.match(out, new RegExp(`^${manifest.version.replace(/\./g, '\\.')} .*dist/register\\.js\\n$`));
});

test('import("kinstrument") gets the ESM entry', () => {
  const out = node([
    '--input-type=module',
    '-e',
    'import {VERSION} from "kinstrument";console.log(VERSION, import.meta.resolve("kinstrument/register"))',
  ]);
  assert.match(out, /^\d+\.\d+\.\d+ file:.*dist\/register\.mjs\n$/);
});

test('the kinstrument bin prints --version and --help', () => {
  const bin = join(root, 'dist', 'src', 'cli', 'main.js');
  assert.equal(node([bin, '--version']).trim(), manifest.version);
  const help = node([bin, '--help']);
  assert.match(help, /Usage: kinstrument/);
  assert.match(help, /--version/);
});

test('an unknown option fails with a clear message and a non-zero exit', () => {
  const bin = join(root, 'dist', 'src', 'cli', 'main.js');
  assert.throws(
    () => execFileSync(process.execPath, [bin, '--no-such-flag'], { encoding: 'utf8', stdio: 'pipe' }),
    (error: { status: number; stderr: string }) => error.status !== 0 && /unknown option/.test(error.stderr),
  );
});

test('the SDK entry points load no agent-only code or dependency', () => {
  for (const entry of ['kinstrument', 'kinstrument/register']) {
    const out = node([
      '-e',
      `require(${JSON.stringify(entry)}); console.log(JSON.stringify(Object.keys(require.cache)))`,
    ]);
    const loaded = JSON.parse(out) as string[];
    const agentOnly = loaded.filter((path) =>
      /[\\/](dist[\\/]src[\\/](agent|cli)[\\/]|node_modules[\\/](better-sqlite3|yaml|commander|@datadog[\\/]sketches-js|unix-dgram)[\\/])/.test(
        path,
      ),
    );
    assert.deepEqual(agentOnly, [], `${entry} loaded agent-only modules`);
  }
});
