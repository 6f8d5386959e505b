// The in-browser sandbox across a page load (sandbox/carry-over.ts), for a redirect login: the
// service of one page load keeps its state in the tab's storage, the login page leaves the login's
// outcome beside it, and the service of the next page load takes both up. Two services here are
// the two page loads; a Map stands in for sessionStorage.
import assert from 'node:assert/strict';
import {after, before, beforeEach, describe, it} from 'node:test';
import {setupServer} from 'msw/node';
import {
  CARRIED_LOGINS_KEY,
  CARRIED_STATE_KEY,
  carryOver,
  save,
} from '../../sandbox/carry-over.js';
import {
  MOCK_SESSION_TOKEN,
  type ConnectService,
} from '../../sandbox/connect-service.js';
import {
  createConnection,
  fakeClock,
  json,
  startService,
  SYNC_MS,
  type FakeClock,
} from './sandbox-helpers.js';

const server = setupServer();
const STATE = '0123456789abcdef0123456789abcdef';
const RETURN_URL = 'http://localhost:8000/';
let clock: FakeClock;
let storage: Storage;

/** A `Storage` over a Map. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, String(v)),
    removeItem: (k) => void items.delete(k),
    clear: () => items.clear(),
  };
}

/** A page load: a fresh service, which takes up what the last one left. */
function pageLoad(): ConnectService {
  const service = startService(server, clock);
  carryOver(service, storage);
  return service;
}

/** The page goes, and its service with it: its state is kept in the tab. */
function leave(service: ConnectService): void {
  save(service, storage);
  service.dispose();
}

/** The widget's redirect login: `POST /connections` with `returnUrl`, then the page is left. */
async function leaveForLogin(
  service: ConnectService,
  sourceName = 'Mercy General Hospital'
): Promise<string> {
  const r = await createConnection(
    service,
    clock,
    MOCK_SESSION_TOKEN,
    sourceName,
    {state: STATE, returnUrl: RETURN_URL}
  );
  assert.equal(r.status, 201, JSON.stringify(r.body));
  leave(service);
  return r.body.connection.id;
}

/** What the login page does in the tab (sandbox/login.ts, `returnThroughTab`). */
function signInOnTheLoginPage(
  connectionId: string,
  outcome: string,
  state = STATE
): void {
  const waiting = JSON.parse(storage.getItem(CARRIED_LOGINS_KEY) ?? '[]');
  storage.setItem(
    CARRIED_LOGINS_KEY,
    JSON.stringify([...waiting, {connectionId, outcome, state}])
  );
}

before(() => server.listen({onUnhandledRequest: 'error'}));
after(() => server.close());
beforeEach(() => {
  clock = fakeClock();
  storage = memoryStorage();
});

describe('the in-browser sandbox across a page load', () => {
  it('finds the connection made before leaving, signed in, and syncs it', async () => {
    const id = await leaveForLogin(pageLoad());
    const saved = JSON.parse(storage.getItem(CARRIED_STATE_KEY)!);
    assert.deepEqual(
      saved.connectionMeta.find(([c]: [string]) => c === id)[1].returnUrl,
      RETURN_URL,
      'the login page finds where to go back'
    );
    signInOnTheLoginPage(id, 'connected');

    const back = pageLoad();
    const r = await json(`/connections/${id}`, {token: MOCK_SESSION_TOKEN});
    assert.equal(r.status, 200);
    assert.equal(r.body.connection.status, 'syncing');
    assert.equal(storage.getItem(CARRIED_LOGINS_KEY), null, 'taken up once');
    clock.advance(SYNC_MS);
    assert.equal(back.state.connections.get(id)?.status, 'synced');
    // New connections do not take the ids of the carried ones.
    const next = await leaveForLogin(back, 'Labcorp');
    assert.notEqual(next, id);
  });

  it('a login that failed, or was cancelled, comes back as such', async () => {
    const failed = await leaveForLogin(pageLoad());
    signInOnTheLoginPage(failed, 'error');
    const cancelled = await leaveForLogin(pageLoad(), 'Labcorp');
    signInOnTheLoginPage(cancelled, 'cancelled');
    const back = pageLoad();
    assert.equal(back.state.connections.get(failed)?.status, 'error');
    assert.equal(back.state.connections.get(cancelled)?.status, 'pending');
  });

  it('an outcome with another state changes nothing', async () => {
    const id = await leaveForLogin(pageLoad());
    signInOnTheLoginPage(id, 'connected', 'f'.repeat(32));
    assert.equal(pageLoad().state.connections.get(id)?.status, 'pending');
  });

  it('a connection signed in again by redirect comes back syncing, with its id', async () => {
    const id = await leaveForLogin(pageLoad());
    signInOnTheLoginPage(id, 'connected');
    const before = pageLoad();
    clock.advance(SYNC_MS);
    assert.ok(before.breakConnection(id));
    const again = await json(`/connections/${id}/reauthorize`, {
      method: 'POST',
      token: MOCK_SESSION_TOKEN,
      body: JSON.stringify({state: 'f'.repeat(32), returnUrl: RETURN_URL}),
    });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    leave(before);
    signInOnTheLoginPage(id, 'connected', 'f'.repeat(32));

    const back = pageLoad();
    assert.equal(back.state.connections.get(id)?.status, 'syncing');
    clock.advance(SYNC_MS);
    assert.equal(back.state.connections.get(id)?.status, 'synced');
  });

  it('keeps no token in the tab', async () => {
    const service = pageLoad();
    const issued = service.issueSessionToken('someone');
    await leaveForLogin(service);
    const kept = storage.getItem(CARRIED_STATE_KEY)!;
    assert.ok(!kept.includes(MOCK_SESSION_TOKEN));
    assert.ok(!kept.includes(issued));
  });

  it('starts fresh from what is not a snapshot', () => {
    storage.setItem(CARRIED_STATE_KEY, '{"version": 2}');
    storage.setItem(CARRIED_LOGINS_KEY, 'not json');
    const service = pageLoad();
    assert.equal(service.state.connections.size, 1, 'the seeded one');
  });
});
