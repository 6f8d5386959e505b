/**
 * What the example server's tests share: fresh databases, a host server on a
 * free port, calls to it, and a source connected at the mock service.
 *
 * Fresh, migrated PGlite databases, fast: creating a PGlite
 * database (its initdb) takes seconds; opening an existing folder takes about
 * one. So the first test process makes one migrated folder, a template kept in
 * the system's temp directory under a name that changes with the migrations,
 * and every test database is a copy of it.
 */
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {
  cp,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
} from 'node:fs/promises';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  MOCK_CLIENT_ID,
  MOCK_CLIENT_SECRET,
  MOCK_CONSENT,
  type ConnectService,
} from '../../sandbox/connect-service.js';
import {MIGRATIONS_DIR, openDb, type Db} from './db.js';
import {createHostServer, type HostServerOptions} from './server.js';

export const CONNECT_BASE = 'https://connect.mock/v1';

async function templateDir(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await readdir(MIGRATIONS_DIR)).sort())
    hash.update(file).update(await readFile(path.join(MIGRATIONS_DIR, file)));
  const dir = path.join(
    os.tmpdir(),
    `human-connect-example-db-${hash.digest('hex').slice(0, 16)}`
  );
  try {
    await stat(path.join(dir, 'PG_VERSION'));
    return dir;
  } catch {
    // Made aside and renamed into place, so that test files running side by
    // side never open a half-made template.
    const building = await mkdtemp(`${dir}-building-`);
    const db = await openDb({dataDir: building});
    await db.close();
    try {
      await rename(building, dir);
    } catch {
      await rm(building, {recursive: true, force: true}); // another process won
    }
    return dir;
  }
}

export interface TestDb {
  db: Db;
  dir: string;
  /** Opens the same folder again (after `db.close()`), as a restarted server would. */
  reopen(): Promise<Db>;
  /** Closes it (closing twice is harmless) and removes the folder. */
  remove(): Promise<void>;
}

/** A new folder holding a migrated database, not opened. */
export async function freshDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'human-connect-test-db-'));
  await cp(await templateDir(), dir, {recursive: true});
  return dir;
}

export async function freshDb(): Promise<TestDb> {
  const dir = await freshDataDir();
  let current = await openDb({dataDir: dir});
  return {
    get db() {
      return current;
    },
    dir,
    async reopen() {
      current = await openDb({dataDir: dir});
      return current;
    },
    async remove() {
      await current.close().catch(() => {});
      await rm(dir, {recursive: true, force: true});
    },
  };
}

export interface Host {
  base: string;
  logs: string[];
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startHost(
  options: Partial<HostServerOptions> & {db: Db}
): Promise<Host> {
  const logs: string[] = [];
  const {server, settled} = createHostServer({
    connectBase: CONNECT_BASE,
    clientId: MOCK_CLIENT_ID,
    clientSecret: MOCK_CLIENT_SECRET,
    log: (m) => logs.push(m),
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    logs,
    settled,
    async close() {
      const closed = new Promise<void>((resolve) =>
        server.close(() => resolve())
      );
      server.closeAllConnections();
      await closed;
      await settled();
    },
  };
}

export interface CallOptions {
  method?: string;
  user?: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

export async function call(
  host: Host,
  route: string,
  opts: CallOptions = {}
): Promise<{status: number; body: any; res: Response}> {
  const headers: Record<string, string> = {...opts.headers};
  if (opts.user) headers['Cookie'] = `demo_user=${opts.user}`;
  let body: string | undefined = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(`${host.base}${route}`, {
    method: opts.method ?? (body ? 'POST' : 'GET'),
    headers,
    body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return {status: res.status, body: parsed, res};
}

export async function sessionTokenFor(
  host: Host,
  user: string
): Promise<string> {
  const r = await call(host, '/api/human-connect/session', {
    method: 'POST',
    user,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.sessionToken as string;
}

export function detail(
  sessionToken: string,
  connected: {id: string; name: string}[] = [],
  extra: Record<string, unknown> = {}
) {
  return {
    sessionToken,
    status: 'SUCCESS',
    sessionResults: {
      connectedSources: connected,
      disconnectedSources: [],
      requestedSources: [],
    },
    currentConnections: [],
    ...extra,
  };
}

/** What the widget does with a session token: creates a connection, and the login succeeds. */
export async function connectSource(
  service: ConnectService,
  sessionToken: string,
  sourceId: string
): Promise<string> {
  const created = await fetch(`${CONNECT_BASE}/connections`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${sessionToken}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: JSON.stringify({
      sourceId,
      consent: {
        version: MOCK_CONSENT.version,
        scopes: MOCK_CONSENT.scopes.map((s) => s.id),
        acceptedAt: new Date().toISOString(),
      },
      state: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    }),
  });
  assert.equal(created.status, 201);
  const {connection} = (await created.json()) as {connection: {id: string}};
  assert.equal(service.completeLogin(connection.id, 'connected'), true);
  return connection.id;
}

/** Waits until `probe()` is true, checking every 10 ms; fails after `timeoutMs`. */
export async function until(
  probe: () => boolean,
  timeoutMs: number,
  message: () => string
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
