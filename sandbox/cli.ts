/**
 * `npm run sandbox` (and the package's `human-connect-sandbox` bin): the sandbox Connect service
 * on a port of this machine, for developing a host page and its server against it.
 *
 *   --port N         or PORT (default 4010; 0 picks a free one)
 *   --host H         or HOST (default 127.0.0.1: only this machine can reach it)
 *   --notify-url U   or HUMAN_CONNECT_NOTIFY_URL: where notifications go (signed with the secret)
 *   --quiet          no line per request
 */
import {realpathSync} from 'node:fs';
import {pathToFileURL} from 'node:url';
import {parseArgs} from 'node:util';
import {
  MOCK_CLIENT_ID,
  MOCK_CLIENT_SECRET,
  MOCK_LOCKED_USERNAME,
  MOCK_LOGIN,
} from './connect-service.js';
import {DEFAULT_SANDBOX_PORT, startSandboxServer} from './http-server.js';

const USAGE = `usage: human-connect-sandbox [--port N] [--host H] [--notify-url URL] [--sync-ms N] [--quiet]`;

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const {values} = parseArgs({
    args: argv,
    options: {
      port: {type: 'string'},
      host: {type: 'string'},
      'notify-url': {type: 'string'},
      'sync-ms': {type: 'string'},
      quiet: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false},
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const portText = values.port ?? process.env['PORT'];
  const port = portText === undefined ? DEFAULT_SANDBOX_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, not ${portText}\n${USAGE}`);
  const notifyUrl =
    values['notify-url'] ?? process.env['HUMAN_CONNECT_NOTIFY_URL'];
  const syncText = values['sync-ms'] ?? process.env['HUMAN_CONNECT_SYNC_MS'];
  if (syncText !== undefined && !/^\d+$/.test(syncText))
    throw new Error(
      `--sync-ms must be a number of ms, not ${syncText}\n${USAGE}`
    );
  const syncDurationMs = syncText === undefined ? undefined : Number(syncText);
  const sandbox = await startSandboxServer({
    port,
    ...(syncDurationMs !== undefined ? {syncDurationMs} : {}),
    host: values.host ?? process.env['HOST'] ?? '127.0.0.1',
    ...(notifyUrl ? {notifyUrl} : {}),
    log: values.quiet ? undefined : (line) => console.log(line),
  });
  console.log(
    [
      `human-connect sandbox: ${sandbox.apiBase}`,
      ``,
      `  API base (api-base, HUMAN_CONNECT_API_BASE)  ${sandbox.apiBase}`,
      `  client id (HUMAN_CONNECT_CLIENT_ID)          ${MOCK_CLIENT_ID}`,
      `  client secret (HUMAN_CONNECT_CLIENT_SECRET)  ${MOCK_CLIENT_SECRET}`,
      `  notifications                                ${notifyUrl ?? 'none (--notify-url)'}`,
      ``,
      `  Sign in to any source as ${MOCK_LOGIN.username} / ${MOCK_LOGIN.password}, code ${MOCK_LOGIN.code}`,
      `  (username ${MOCK_LOCKED_USERNAME}: the sign-in works, then the source fails).`,
      ``,
      `Ctrl-C stops it.`,
    ].join('\n')
  );
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Started as a program (npm run sandbox, or the bin through npm's symlink, hence the realpath),
// not imported by a test that calls main() itself.
const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
