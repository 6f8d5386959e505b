/**
 * Starts the example host server:
 *
 *   node --import tsx examples/server/start.ts
 *
 * Environment:
 *   HUMAN_CONNECT_API_BASE       the Connect service, with its version (https://connect.example.com/v1)
 *   HUMAN_CONNECT_CLIENT_ID      your client id
 *   HUMAN_CONNECT_CLIENT_SECRET  your client secret (server-side only; never printed)
 *   PORT                         default 3000
 *   HOST                         default 127.0.0.1
 *   STATIC_ROOT                  optional: a directory to serve for paths outside /api/
 *
 * With neither HUMAN_CONNECT_CLIENT_ID nor HUMAN_CONNECT_CLIENT_SECRET set, it
 * runs the mock Connect service in this process (msw intercepting `fetch`)
 * and uses the mock credentials.
 */
import type {Server} from 'node:http';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {createHostServer} from './server.js';

/** The made-up base the in-process mock answers on. Only this process can reach it. */
export const MOCK_CONNECT_BASE = 'https://connect.mock/v1';

export interface Started {
  server: Server;
  url: string;
  connectBase: string;
  mock: boolean;
  stop(): Promise<void>;
}

class ConfigError extends Error {}

function isAllowedBase(value: string): boolean {
  try {
    const u = new URL(value);
    if (u.protocol === 'https:') return true;
    return (
      u.protocol === 'http:' &&
      ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)
    );
  } catch {
    return false;
  }
}

export async function main(
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = console.log
): Promise<Started> {
  const clientId = env['HUMAN_CONNECT_CLIENT_ID']?.trim() ?? '';
  const clientSecret = env['HUMAN_CONNECT_CLIENT_SECRET']?.trim() ?? '';
  const apiBase = env['HUMAN_CONNECT_API_BASE']?.trim() ?? '';
  const portText = env['PORT']?.trim() || '3000';
  const host = env['HOST']?.trim() || '127.0.0.1';
  const staticRoot = env['STATIC_ROOT']?.trim()
    ? path.resolve(env['STATIC_ROOT'].trim())
    : undefined;

  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535)
    throw new ConfigError(`PORT must be a port number, not "${portText}".`);
  if (Boolean(clientId) !== Boolean(clientSecret)) {
    throw new ConfigError(
      'Set both HUMAN_CONNECT_CLIENT_ID and HUMAN_CONNECT_CLIENT_SECRET, or neither (for the mock service).'
    );
  }

  let connectBase: string;
  let credentials: {clientId: string; clientSecret: string};
  let stopMock: (() => void) | null = null;
  if (clientId) {
    if (!apiBase)
      throw new ConfigError(
        'HUMAN_CONNECT_API_BASE is required with credentials.'
      );
    if (!isAllowedBase(apiBase)) {
      throw new ConfigError(
        'HUMAN_CONNECT_API_BASE must be an https: URL (http: only for localhost).'
      );
    }
    connectBase = apiBase.replace(/\/+$/, '');
    credentials = {clientId, clientSecret};
  } else {
    // Loaded only in mock mode, so a real deployment never imports msw.
    const {startMockService} = await import('../../sandbox/node.js');
    const {MOCK_CLIENT_ID, MOCK_CLIENT_SECRET} =
      await import('../../sandbox/connect-service.js');
    const mock = startMockService({apiBase: MOCK_CONNECT_BASE});
    stopMock = () => mock.stop();
    connectBase = mock.apiBase;
    credentials = {clientId: MOCK_CLIENT_ID, clientSecret: MOCK_CLIENT_SECRET};
    if (apiBase) out(`HUMAN_CONNECT_API_BASE is ignored without credentials.`);
    out(
      `No HUMAN_CONNECT_CLIENT_ID / HUMAN_CONNECT_CLIENT_SECRET: using the mock Connect service in this process ` +
        `at ${connectBase} (msw), with the mock credentials. Only this process can reach it.`
    );
  }

  const server = createHostServer({
    connectBase,
    ...credentials,
    ...(staticRoot ? {staticRoot} : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(portText), host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port =
    typeof address === 'object' && address ? address.port : Number(portText);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  out(
    `Host server on ${url} (Connect service: ${connectBase}${staticRoot ? `; static files: ${staticRoot}` : ''})`
  );

  return {
    server,
    url,
    connectBase,
    mock: stopMock !== null,
    async stop() {
      const closed = new Promise<void>((resolve) =>
        server.close(() => resolve())
      );
      server.closeAllConnections();
      await closed;
      stopMock?.();
    },
  };
}

const isEntry =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isEntry) {
  main().then(
    (started) => {
      const shutdown = () => {
        void started.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    },
    (err: unknown) => {
      console.error(
        err instanceof ConfigError ? `Configuration: ${err.message}` : err
      );
      process.exit(1);
    }
  );
}
