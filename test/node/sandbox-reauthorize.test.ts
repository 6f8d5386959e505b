// POST /connections/{id}/reauthorize in-process (msw/node): a connection in error signs in again
// with the same id, its login finished as the in-browser sandbox's login page finishes one (over
// the BroadcastChannel, state checked), and the refusals. Over HTTP: sandbox-http.test.ts.
import assert from 'node:assert/strict';
import {afterEach, beforeEach, describe, it} from 'node:test';
import {
  MOCK_CHANNEL_NAME,
  MOCK_SESSION_TOKEN,
  type LoginAckMessage,
} from '../../sandbox/connect-service.js';
import {
  connectSource,
  createConnection,
  inProcessSandbox,
  json,
  STATE,
  SYNC_MS,
  token,
} from './sandbox-helpers.js';

const MERCY = 'Mercy General Hospital';
const AGAIN = 'a-new-state-for-signing-in-again';
/** The scopes granted at first: every required one, no optional one. */
const SHARED = ['medications', 'test_results', 'conditions'];
const sandbox = inProcessSandbox();
// The login page of the in-browser sandbox reports on the service's channel.
beforeEach(() => sandbox.service.connect());
afterEach(() => sandbox.service.dispose());

/** A synced connection of the mock user that the source then breaks (`reauth_required`). */
async function broken(): Promise<string> {
  const id = await connectSource(
    sandbox.service,
    sandbox.clock,
    MOCK_SESSION_TOKEN,
    MERCY,
    SHARED
  );
  assert.ok(sandbox.service.breakConnection(id));
  return id;
}

function reauthorize(
  id: string,
  body: unknown = {state: AGAIN},
  sessionToken = MOCK_SESSION_TOKEN
) {
  return json(`/connections/${id}/reauthorize`, {
    method: 'POST',
    token: sessionToken,
    body: JSON.stringify(body),
  });
}

/** What the login page of the in-browser sandbox does when done (sandbox/login.ts). */
async function reportOnChannel(
  connectionId: string,
  outcome: string,
  state = AGAIN
): Promise<LoginAckMessage> {
  const channel = new BroadcastChannel(MOCK_CHANNEL_NAME);
  try {
    const ack = new Promise<LoginAckMessage>((resolve) => {
      channel.onmessage = (event: MessageEvent) => {
        if (event.data?.type === 'login:ack') resolve(event.data);
      };
    });
    channel.postMessage({type: 'login', connectionId, outcome, state});
    return await ack;
  } finally {
    channel.close();
  }
}

describe('signing in again', () => {
  it('a connection in error goes back to pending with the same id, then syncs, keeping its scopes and records', async () => {
    const id = await broken();
    const records = sandbox.service.state.records.get(id)!.map((r) => r.id);

    const r = await reauthorize(id);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const {connection} = r.body;
    assert.deepEqual(
      [connection.id, connection.status, connection.scopes, connection.error],
      [id, 'pending', SHARED, undefined]
    );
    const login = new URL(r.body.authorizeUrl);
    assert.equal(login.searchParams.get('connection'), id);
    assert.equal(login.searchParams.get('state'), AGAIN);

    const stale = await reportOnChannel(id, 'connected', STATE);
    assert.equal(stale.ok, false, 'the first login’s state is spent');
    const ack = await reportOnChannel(id, 'connected');
    assert.deepEqual(ack, {type: 'login:ack', connectionId: id, ok: true});
    assert.equal(sandbox.service.state.connections.get(id)?.status, 'syncing');
    sandbox.clock.advance(SYNC_MS);

    const read = await json(`/connections/${id}`, {token: MOCK_SESSION_TOKEN});
    assert.equal(read.body.connection.status, 'synced');
    assert.deepEqual(read.body.connection.scopes, SHARED);
    assert.deepEqual(
      sandbox.service.state.records.get(id)!.map((r) => r.id),
      records
    );
    const session = await json('/session', {token: MOCK_SESSION_TOKEN});
    assert.equal(
      session.body.connections.filter(
        (c: {sourceName: string}) => c.sourceName === MERCY
      ).length,
      1
    );
  });

  it('with a return URL, the login page sends the person back there; without, nowhere', async () => {
    const id = await broken();
    const r = await reauthorize(id, {
      state: AGAIN,
      returnUrl: 'http://localhost:8000/settings#old',
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const ack = await reportOnChannel(id, 'error');
    assert.equal(
      ack.returnTo,
      `http://localhost:8000/settings#hc_state=${AGAIN}&hc_connection=${id}`
    );
    assert.equal((await reauthorize(id, {state: 'popup-now'})).status, 200);
    const popup = await reportOnChannel(id, 'connected', 'popup-now');
    assert.deepEqual(popup, {type: 'login:ack', connectionId: id, ok: true});
  });

  it('the locked username fails it again, and it may be signed in again once more', async () => {
    const id = await broken();
    assert.equal((await reauthorize(id)).status, 200);
    assert.equal((await reportOnChannel(id, 'error')).ok, true);
    const failed = sandbox.service.state.connections.get(id)!;
    assert.equal(failed.status, 'error');
    assert.equal(failed.error?.code, 'login_failed');
    assert.equal((await reauthorize(id, {state: 'third-try'})).status, 200);
  });

  it('a connection broken while it synced syncs once, from the new login on', async () => {
    const {service, clock} = sandbox;
    const created = await createConnection(
      service,
      clock,
      MOCK_SESSION_TOKEN,
      MERCY
    );
    const id = created.body.connection.id;
    service.completeLogin(id, 'connected');
    clock.advance(SYNC_MS / 2);
    service.breakConnection(id);
    assert.equal((await reauthorize(id)).status, 200);
    assert.equal((await reportOnChannel(id, 'connected')).ok, true);
    clock.advance(SYNC_MS / 2);
    assert.equal(service.state.connections.get(id)?.status, 'syncing');
    clock.advance(SYNC_MS / 2);
    assert.equal(service.state.connections.get(id)?.status, 'synced');
    const completed = service.notifications.filter(
      (n) => n.type === 'sync.completed' && n.connectionId === id
    );
    assert.equal(completed.length, 1);
  });

  it('refuses an unknown or another person’s connection (404), one not in error (409), and a bad state or return URL (400)', async () => {
    const id = await broken();
    const bob = await token('session', 'bob');
    const refusals: [Promise<{status: number; body: any}>, number, string][] = [
      [reauthorize('conn_nope'), 404, 'not_found'],
      [reauthorize(id, {state: AGAIN}, bob.token), 404, 'not_found'],
      [reauthorize(id, {}), 400, 'bad_request'],
      [reauthorize(id, {state: ''}), 400, 'bad_request'],
      [reauthorize(id, {state: 'x'.repeat(513)}), 400, 'bad_request'],
      [reauthorize(id, {state: 42}), 400, 'bad_request'],
      [reauthorize(id, [AGAIN]), 400, 'bad_request'],
      [
        reauthorize(id, {state: AGAIN, returnUrl: 'https://evil.example/'}),
        400,
        'bad_request',
      ],
    ];
    for (const [answer, status, code] of refusals) {
      const r = await answer;
      assert.deepEqual(
        [r.status, r.body.error.code, typeof r.body.error.message],
        [status, code, 'string']
      );
    }
    assert.equal(sandbox.service.state.connections.get(id)?.status, 'error');
    assert.equal(sandbox.service.state.connectionStates.get(id), STATE);

    assert.equal((await reauthorize(id)).status, 200);
    const pending = await reauthorize(id, {state: 'again'});
    assert.deepEqual(
      [pending.status, pending.body.error.code],
      [409, 'conflict']
    );
    assert.equal(sandbox.service.state.connectionStates.get(id), AGAIN);
    const synced = await connectSource(
      sandbox.service,
      sandbox.clock,
      bob.token,
      MERCY
    );
    const r = await reauthorize(synced, {state: AGAIN}, bob.token);
    assert.deepEqual([r.status, r.body.error.code], [409, 'conflict']);
  });
});
