/**
 * `npm run example`: the whole flow on this machine, A to E. The sandbox Connect service
 * (sandbox/cli.ts) and the example host server (examples/server/start.ts) start as two processes,
 * wired to each other: the server gets its session and access tokens from the sandbox, and the
 * sandbox sends its signed notifications to the server. Then it prints the one URL to open.
 * Ctrl-C stops both; when either dies, the other is stopped too.
 *
 *   PORT          the example server's port (default 3000)
 *   SANDBOX_PORT  the sandbox's port (default 4010)
 *   HOST          both bind to it (default 127.0.0.1)
 *   HUMAN_CONNECT_SYNC_MS  how long the sandbox takes to sync a new connection (default 5000)
 *   0 for a port picks a free one.
 *
 * The page at / loads the built script-tag bundle: without dist/, this builds it first.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import {createServer, type AddressInfo} from 'node:net';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {
  MOCK_CLIENT_ID,
  MOCK_CLIENT_SECRET,
  MOCK_LOGIN,
} from '../sandbox/connect-service.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const READY_TIMEOUT_MS = 60_000;

/** A port to listen on: the one asked for, or a free one for 0. */
async function portFor(text: string | undefined, fallback: number) {
  const asked = text?.trim() ? Number(text) : fallback;
  if (!Number.isInteger(asked) || asked < 0 || asked > 65535)
    throw new Error(`not a port: ${text}`);
  if (asked !== 0) return asked;
  return new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const {port} = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `node <args>` and resolves with the first match of `ready` in what it prints. */
function start(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp
): {child: ChildProcess; ready: Promise<RegExpMatchArray>} {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {...process.env, ...env},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((line) => `[${name}] ${line}\n`)
      .join('');
  child.stderr?.on('data', (chunk: Buffer) =>
    process.stderr.write(prefix(chunk))
  );
  return {
    child,
    ready: new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} did not start:\n${output}`)),
        READY_TIMEOUT_MS
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        process.stdout.write(prefix(chunk));
        output += chunk.toString();
        const match = output.match(ready);
        if (match) {
          clearTimeout(timer);
          resolve(match);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code}) before it was ready`));
      });
    }),
  };
}

async function build(): Promise<void> {
  if (existsSync(path.join(ROOT, 'dist/human-connect.min.js'))) return;
  console.log('Building the widget first (dist/ is missing)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await new Promise<void>((resolve, reject) => {
    spawn(npm, ['run', 'build'], {cwd: ROOT, stdio: 'inherit'}).once(
      'exit',
      (code) =>
        code === 0 ? resolve() : reject(new Error(`npm run build: ${code}`))
    );
  });
}

async function main(): Promise<void> {
  const host = process.env['HOST']?.trim() || '127.0.0.1';
  const examplePort = await portFor(process.env['PORT'], 3000);
  const sandboxPort = await portFor(process.env['SANDBOX_PORT'], 4010);
  const exampleUrl = `http://${host}:${examplePort}`;
  await build();

  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) child.kill('SIGTERM');
    process.exitCode = code;
  };
  process.once('SIGINT', () => stopAll(0));
  process.once('SIGTERM', () => stopAll(0));

  const sandbox = start(
    'sandbox',
    [
      '--import',
      'tsx',
      'sandbox/cli.ts',
      '--port',
      String(sandboxPort),
      '--host',
      host,
      '--notify-url',
      `${exampleUrl}/api/human-connect/notifications`,
      '--quiet',
    ],
    {},
    /^human-connect sandbox: (\S+)$/m
  );
  children.push(sandbox.child);
  const apiBase = (await sandbox.ready)[1]!;

  const server = start(
    'server',
    ['--import', 'tsx', 'examples/server/start.ts'],
    {
      HUMAN_CONNECT_API_BASE: apiBase,
      HUMAN_CONNECT_CLIENT_ID: MOCK_CLIENT_ID,
      HUMAN_CONNECT_CLIENT_SECRET: MOCK_CLIENT_SECRET,
      PORT: String(examplePort),
      HOST: host,
    },
    /^Host server on (\S+)/m
  );
  children.push(server.child);
  // Either one going down takes the other with it.
  for (const child of children)
    child.once('exit', (code) => stopAll(code ?? 1));
  await server.ready;

  console.log(
    [
      '',
      `Open ${exampleUrl}/`,
      `  Sign in to any source as ${MOCK_LOGIN.username} / ${MOCK_LOGIN.password}, code ${MOCK_LOGIN.code}.`,
      `  The sandbox: ${apiBase} (client ${MOCK_CLIENT_ID} / ${MOCK_CLIENT_SECRET}).`,
      'Ctrl-C stops both.',
    ].join('\n')
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
