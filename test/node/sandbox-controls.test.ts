// The sandbox's controls over HTTP, as a test in another process drives a
// real sandbox: Basic auth with the client credentials, and no scenario in
// the way.
import assert from 'node:assert/strict';
import {after, before, beforeEach, describe, it} from 'node:test';
import {setupServer} from 'msw/node';
import {
  MOCK_CLIENT_ID,
  MOCK_SESSION_TOKEN,
  MOCK_USER_ID,
  type ConnectService,
} from '../../sandbox/connect-service.js';
import {
  basic,
  connectSource,
  createConnection,
  fakeClock,
  json,
  startService,
  SYNC_MS,
  token,
  type FakeClock,
} from './sandbox-helpers.js';

const server = setupServer();
let clock: FakeClock;
let service: ConnectService;

before(() => server.listen({onUnhandledRequest: 'error'}));
after(() => server.close());
beforeEach(() => {
  clock = fakeClock();
  service = startService(server, clock);
});

function control(path: string, body?: unknown, auth = basic()) {
  return json(`/sandbox${path}`, {
    method:
      body === undefined && path.startsWith('/connections?') ? 'GET' : 'POST',
    headers: {Authorization: auth},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('sandbox controls over HTTP', () => {
  it('need Authorization: Basic with the client id and secret', async () => {
    for (const auth of [
      '',
      `Bearer ${MOCK_SESSION_TOKEN}`,
      basic(MOCK_CLIENT_ID, 'wrong-secret'),
      basic('someone-else'),
      'Basic !!!',
    ]) {
      const r = await control('/reset', {}, auth);
      assert.equal(r.status, 401, auth);
      assert.equal(r.body.error.code, 'invalid_client');
      assert.match(r.res.headers.get('x-request-id') ?? '', /^rid_/);
    }
    const ok = await control('/reset');
    assert.equal(ok.status, 204);
    assert.match(ok.res.headers.get('x-request-id') ?? '', /^rid_/);
  });

  it('find, log in, add records to, and break a connection', async () => {
    const alice = await token('session', 'alice');
    const created = await createConnection(
      service,
      clock,
      alice.token,
      'Quest Diagnostics'
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));

    const listed = await control('/connections?client_user_id=alice');
    assert.equal(listed.status, 200);
    assert.equal(listed.body.connections.length, 1);
    const [conn] = listed.body.connections;
    assert.equal(conn.status, 'pending');
    assert.equal(conn.humanId, alice.humanId);
    assert.equal(conn.clientUserId, 'alice');
    const everyone = await control('/connections?');
    assert.deepEqual(
      everyone.body.connections.map((c: {humanId: string}) => c.humanId).sort(),
      [alice.humanId, MOCK_USER_ID].sort()
    );

    const early = await control(`/connections/${conn.id}/records`, {});
    assert.equal(early.status, 409, 'no records before the sync');
    assert.equal(early.body.error.code, 'conflict');

    const login = await control(`/connections/${conn.id}/login`, {
      outcome: 'connected',
    });
    assert.equal(login.status, 200);
    assert.equal(login.body.connection.status, 'syncing');
    clock.advance(SYNC_MS);
    assert.equal(service.state.connections.get(conn.id)!.status, 'synced');

    clock.advance(1000);
    const added = await control(`/connections/${conn.id}/records`, {count: 2});
    assert.equal(added.status, 201);
    assert.equal(added.body.records.length, 2);
    assert.ok(
      added.body.records.every((r: {kind: string}) => r.kind === 'test_result'),
      'a lab adds test results'
    );
    const meds = await control(`/connections/${conn.id}/records`, {
      kind: 'medication',
    });
    assert.equal(meds.body.records[0].kind, 'medication');
    for (const bad of [
      {kind: 'vitals'},
      {count: 0},
      {count: 101},
      {count: '2'},
      [],
    ]) {
      const r = await control(`/connections/${conn.id}/records`, bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
    }

    const broken = await control(`/connections/${conn.id}/break`, {});
    assert.equal(broken.status, 200);
    assert.deepEqual(broken.body.connection.error.code, 'reauth_required');
    const other = await control(`/connections/${conn.id}/break`, {
      code: 'source_unavailable',
    });
    assert.equal(other.body.connection.error.code, 'source_unavailable');
    assert.equal(
      (await control(`/connections/${conn.id}/break`, {code: 'Not A Code'}))
        .status,
      400
    );

    for (const path of ['login', 'break', 'records'])
      assert.equal(
        (await control(`/connections/conn_nope/${path}`, {})).status,
        404,
        path
      );
    assert.equal(
      (await control(`/connections/${conn.id}/login`, {outcome: 'maybe'}))
        .status,
      400
    );
  });

  it('switch scenarios and reset, and no scenario stops them', async () => {
    const r = await control('/scenario', {name: 'serverError'});
    assert.deepEqual([r.status, r.body], [200, {scenario: 'serverError'}]);
    assert.equal(
      (await json('/session', {token: MOCK_SESSION_TOKEN})).status,
      500
    );
    assert.equal((await control('/scenario', {name: 'chaos'})).status, 400);

    service.useScenario('offline');
    service.scenario.failOn = {method: 'POST', path: '/sandbox*', status: 500};
    const alice = await token('session', 'alice');
    service.useScenario('normal');
    await connectSource(service, clock, alice.token, 'Mercy General Hospital');
    service.useScenario('offline');
    service.scenario.failOn = {method: 'POST', path: '/sandbox*', status: 500};
    assert.equal(
      (await control('/connections?client_user_id=alice')).body.connections
        .length,
      1
    );
    assert.equal((await control('/reset')).status, 204);
    assert.equal(service.scenario.offline, false);
    assert.equal(
      (await control('/connections?client_user_id=alice')).body.connections
        .length,
      0
    );
    assert.equal(
      (await json('/session', {token: MOCK_SESSION_TOKEN})).status,
      200
    );
  });

  it('say what the service was asked, method, URL and session id only', async () => {
    await json('/human/medications?updated_since=2026-12-01T00:00:00Z', {
      token: 'no-such-access-token',
    });
    await json('/session', {
      token: MOCK_SESSION_TOKEN,
      headers: {'X-Connect-Session': 'opening-1'},
    });
    const r = await json('/sandbox/requests?path=/human/medications', {
      headers: {Authorization: basic()},
    });
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.requests.map((q: {method: string; url: string}) => [
        q.method,
        new URL(q.url).searchParams.get('updated_since'),
      ]),
      [['GET', '2026-12-01T00:00:00Z']]
    );
    assert.deepEqual(Object.keys(r.body.requests[0]).sort(), [
      'method',
      'requestId',
      'url',
    ]);
    const opened = await json('/sandbox/requests?path=/session', {
      headers: {Authorization: basic()},
    });
    assert.deepEqual(
      opened.body.requests.map((q: {session?: string}) => q.session),
      ['opening-1']
    );
    const refused = await json('/sandbox/requests', {});
    assert.equal(refused.status, 401);
  });
});
