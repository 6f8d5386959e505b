/**
 * Shared by the sandbox's Node tests: a fake clock to inject into the
 * service, and the host server's and the widget's calls, made over msw/node
 * with the global fetch as real clients make them.
 */
import assert from 'node:assert/strict';
import {after, before, beforeEach} from 'node:test';
import {setupServer, type SetupServer} from 'msw/node';
import {
  createConnectService,
  MOCK_CLIENT_ID,
  MOCK_CLIENT_SECRET,
  MOCK_CONSENT,
  type Clock,
  type ConnectService,
  type ConnectServiceOptions,
} from '../../sandbox/connect-service.js';

export const API = 'https://connect.sandbox.test/v1';
export const SYNC_MS = 100;

export interface FakeClock extends Clock {
  /** Move time on, running every timer that falls due, in order. */
  advance(ms: number): void;
  /** Timers not yet run. */
  pending(): number;
}

export function fakeClock(
  start = Date.parse('2026-12-01T09:00:00Z')
): FakeClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, {at: number; fn: () => void}>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      seq += 1;
      timers.set(seq, {at: now + Math.max(0, ms), fn});
      return seq;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next: [number, {at: number; fn: () => void}] | undefined;
        for (const entry of timers)
          if (entry[1].at <= end && (!next || entry[1].at < next[1].at))
            next = entry;
        if (!next) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
    },
    pending: () => timers.size,
  };
}

/** Polls with real time: for work the service does in promises (signing, fetch) between fake-clock steps. */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 3000
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export function startService(
  server: SetupServer,
  clock: FakeClock,
  extra: Partial<ConnectServiceOptions> = {}
): ConnectService {
  const service = createConnectService({
    apiBase: API,
    loginUrl: 'https://connect.sandbox.test/login.html',
    latencyMs: 0,
    syncDurationMs: SYNC_MS,
    clock,
    ...extra,
  });
  server.resetHandlers(...service.handlers);
  return service;
}

/**
 * For the tests of the file or `describe` that calls it: msw/node listening, and a fresh service
 * on a fresh fake clock before each test, as `sandbox.service` and `sandbox.clock`.
 */
export function inProcessSandbox(extra: Partial<ConnectServiceOptions> = {}): {
  service: ConnectService;
  clock: FakeClock;
} {
  const server = setupServer();
  const sandbox = {} as {service: ConnectService; clock: FakeClock};
  before(() => server.listen({onUnhandledRequest: 'error'}));
  after(() => server.close());
  beforeEach(() => {
    sandbox.clock = fakeClock();
    sandbox.service = startService(server, sandbox.clock, extra);
  });
  return sandbox;
}

export async function json(
  path: string,
  init: RequestInit & {token?: string} = {}
): Promise<{status: number; body: any; res: Response}> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  if (init.body) headers.set('Content-Type', 'application/json');
  const res = await fetch(`${API}${path}`, {...init, headers});
  const text = await res.text();
  return {status: res.status, body: text ? JSON.parse(text) : null, res};
}

export async function token(
  type: 'session' | 'access',
  clientUserId: string
): Promise<{token: string; humanId?: string}> {
  const r = await json('/tokens', {
    method: 'POST',
    body: JSON.stringify({
      client_id: MOCK_CLIENT_ID,
      client_secret: MOCK_CLIENT_SECRET,
      client_user_id: clientUserId,
      type,
    }),
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return type === 'session'
    ? {token: r.body.session_token, humanId: r.body.human_id}
    : {token: r.body.access_token};
}

/** The scopes the widget's consent grants in these tests: every one but the optional `vitals`. */
export const GRANTED_SCOPES = [
  'profile',
  'medications',
  'test_results',
  'conditions',
];
export const STATE = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

/** `POST /connections` as the widget sends it for the source named; `body` adds to or replaces its fields. */
export function createConnection(
  service: ConnectService,
  clock: FakeClock,
  sessionToken: string,
  sourceName: string,
  {
    scopes = GRANTED_SCOPES,
    ...body
  }: {scopes?: string[]} & Record<string, unknown> = {}
) {
  const source = service.state.sources.find((s) => s.name === sourceName);
  assert.ok(source, sourceName);
  return json('/connections', {
    method: 'POST',
    token: sessionToken,
    body: JSON.stringify({
      sourceId: source.id,
      consent: {
        version: MOCK_CONSENT.version,
        scopes,
        acceptedAt: new Date(clock.now()).toISOString(),
      },
      state: STATE,
      ...body,
    }),
  });
}

/** What the widget does for a source, then the login completing and the sync running to its end. */
export async function connectSource(
  service: ConnectService,
  clock: FakeClock,
  sessionToken: string,
  sourceName: string,
  scopes?: string[]
): Promise<string> {
  const r = await createConnection(service, clock, sessionToken, sourceName, {
    scopes,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.connection.id as string;
  assert.ok(service.completeLogin(id, 'connected'));
  clock.advance(SYNC_MS);
  assert.equal(service.state.connections.get(id)?.status, 'synced');
  return id;
}

export function basic(id = MOCK_CLIENT_ID, secret = MOCK_CLIENT_SECRET) {
  return `Basic ${btoa(`${id}:${secret}`)}`;
}
