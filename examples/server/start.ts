/**
 * Starts the example host server:
 *
 *   node --import tsx examples/server/start.ts
 *
 * Environment:
 *   HUMAN_CONNECT_API_BASE       the Connect service, with its version (https://connect.example.com/v1)
 *   HUMAN_CONNECT_CLIENT_ID      your client id
 *   HUMAN_CONNECT_CLIENT_SECRET  your client secret (server-side only; never printed); it also
 *                                signs the notifications
 *   PORT                         default 3000
 *   HOST                         default 127.0.0.1
 *   DATABASE_URL                 a Postgres server; without it, PGlite in HUMAN_CONNECT_DATA_DIR
 *   HUMAN_CONNECT_DATA_DIR       PGlite's folder, default examples/server/.data
 *   STATIC_ROOT                  optional: serve this directory at / instead of the example page
 *
 * With neither HUMAN_CONNECT_CLIENT_ID nor HUMAN_CONNECT_CLIENT_SECRET set, it
 * runs the mock Connect service in this process (msw intercepting `fetch`)
 * and uses the mock credentials.
 *
 * `startExample(options)` does the same from code, without the environment.
 */
import type {Server} from 'node:http';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {openDb, type Db} from './db.js';
import {createHostServer, type HostServerOptions} from './server.js';

/** The made-up base the in-process mock answers on. Only this process can reach it. */
export const MOCK_CONNECT_BASE = 'https://connect.mock/v1';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_DATA_DIR = path.join(HERE, '.data');
export const PAGE_ROOT = path.join(HERE, 'page');
/** What `npm run build` writes; the page loads the script-tag bundle from it. */
export const BUNDLE_ROOT = path.resolve(HERE, '../../dist');

export interface ExampleOptions extends Omit<
  HostServerOptions,
  'db' | 'staticRoot' | 'bundleRoot'
> {
  /** Default 3000; 0 for any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A Postgres connection string; without it, PGlite in `dataDir`. */
  databaseUrl?: string;
  /** PGlite's folder (default examples/server/.data). */
  dataDir?: string;
  /** Default the example page (examples/server/page). */
  staticRoot?: string;
  /** Default the package's dist/. */
  bundleRoot?: string;
}

export interface StartedExample {
  server: Server;
  url: string;
  db: Db;
  /** Resolves once the pulls that notifications started have finished. */
  settled(): Promise<void>;
  /** Stops listening, lets running pulls finish, closes the database. */
  close(): Promise<void>;
}

export async function startExample(
  options: ExampleOptions
): Promise<StartedExample> {
  const {
    port = 3000,
    host = '127.0.0.1',
    databaseUrl,
    dataDir,
    ...rest
  } = options;
  const db = await openDb(
    databaseUrl ? {databaseUrl} : {dataDir: dataDir ?? DEFAULT_DATA_DIR}
  );
  const hostServer = createHostServer({
    staticRoot: PAGE_ROOT,
    bundleRoot: BUNDLE_ROOT,
    ...rest,
    db,
  });
  const {server} = hostServer;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  return {
    server,
    url,
    db,
    settled: () => hostServer.settled(),
    async close() {
      const closed = new Promise<void>((resolve) =>
        server.close(() => resolve())
      );
      server.closeAllConnections();
      await closed;
      await hostServer.settled();
      await db.close();
    },
  };
}

export interface Started extends StartedExample {
  connectBase: string;
  mock: boolean;
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
  let notifyMockAt: ((url: string) => void) | null = null;
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
    notifyMockAt = (url) => {
      mock.service.options.notifyUrl = url;
    };
    connectBase = mock.apiBase;
    credentials = {clientId: MOCK_CLIENT_ID, clientSecret: MOCK_CLIENT_SECRET};
    if (apiBase) out(`HUMAN_CONNECT_API_BASE is ignored without credentials.`);
    out(
      `No HUMAN_CONNECT_CLIENT_ID / HUMAN_CONNECT_CLIENT_SECRET: using the mock Connect service in this process ` +
        `at ${connectBase} (msw), with the mock credentials. Only this process can reach it.`
    );
  }

  const databaseUrl = env['DATABASE_URL']?.trim() ?? '';
  const dataDir = env['HUMAN_CONNECT_DATA_DIR']?.trim()
    ? path.resolve(env['HUMAN_CONNECT_DATA_DIR'].trim())
    : DEFAULT_DATA_DIR;
  let started: StartedExample;
  try {
    started = await startExample({
      connectBase,
      ...credentials,
      port: Number(portText),
      host,
      ...(databaseUrl ? {databaseUrl} : {dataDir}),
      ...(staticRoot ? {staticRoot} : {}),
    });
  } catch (err) {
    stopMock?.();
    throw err;
  }
  out(
    `Host server on ${started.url} (Connect service: ${connectBase}; database: ${databaseUrl ? 'DATABASE_URL' : `PGlite in ${dataDir}`})`
  );
  const notificationUrl = `${started.url}/api/human-connect/notifications`;
  notifyMockAt?.(notificationUrl);
  out(
    `Notification URL: ${notificationUrl} (signed with the client secret${notifyMockAt ? '; the mock service sends there' : ''})`
  );
  if (
    !staticRoot &&
    !existsSync(path.join(BUNDLE_ROOT, 'human-connect.min.js'))
  )
    out(
      'dist/human-connect.min.js is missing: run `npm run build` for the page at / to load the widget.'
    );

  return {
    ...started,
    connectBase,
    mock: stopMock !== null,
    async close() {
      await started.close();
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
        void started.close().then(() => process.exit(0));
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
