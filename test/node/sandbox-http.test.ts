/**
 * The sandbox as a real HTTP server (sandbox/http-server.ts): the msw handlers answered over
 * node:http, CORS for a page on any origin, and the login page and its report on the sandbox's
 * own origin.
 */
import assert from 'node:assert/strict';
import {after, before, beforeEach, describe, test} from 'node:test';
import {
  MOCK_CONSENT,
  MOCK_SESSION_TOKEN,
  SEEDED_SOURCE_NAME,
} from '../../sandbox/connect-service.js';
import {
  startSandboxServer,
  type SandboxServer,
} from '../../sandbox/http-server.js';
import {allowedReturnUrl, returnWith} from '../../sandbox/return-url.js';
import {basic, waitFor} from './sandbox-helpers.js';

describe('the HTTP sandbox', () => {
  let sandbox: SandboxServer;
  const bearer = {authorization: `Bearer ${MOCK_SESSION_TOKEN}`};

  /** The server's line per request. */
  const lines: string[] = [];

  before(async () => {
    sandbox = await startSandboxServer({
      port: 0,
      syncDurationMs: 50,
      log: (line) => lines.push(line),
    });
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.service.reset());

  // The widget's `POST /connections` (a redirect login with `returnUrl`), the login page's report.
  const STATE = 'a-state-of-at-least-sixteen';
  const connect = (returnUrl?: unknown) =>
    fetch(`${sandbox.apiBase}/connections`, {
      method: 'POST',
      headers: {...bearer, 'content-type': 'application/json'},
      body: JSON.stringify({
        sourceId: sandbox.service.state.sources.find(
          (s) => s.name === 'Mercy General Hospital'
        )?.id,
        consent: {
          version: MOCK_CONSENT.version,
          scopes: [
            'profile',
            'medications',
            'test_results',
            'conditions',
            'vitals',
          ],
          acceptedAt: new Date().toISOString(),
        },
        state: STATE,
        ...(returnUrl === undefined ? {} : {returnUrl}),
      }),
    });
  const report = (connectionId: string, outcome: string, state = STATE) =>
    fetch(`${sandbox.url}/login/complete`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({connectionId, outcome, state}),
    });

  test('binds to loopback, and answers on localhost too', async () => {
    assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(sandbox.apiBase, `${sandbox.url}/v1`);
    const viaName = sandbox.apiBase.replace('127.0.0.1', 'localhost');
    const res = await fetch(`${viaName}/session`, {headers: bearer});
    assert.equal(res.status, 200);
  });

  test('answers the widget with the same handlers as the demo', async () => {
    const res = await fetch(`${sandbox.apiBase}/session`, {
      headers: {...bearer, origin: 'http://localhost:8000'},
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(
      res.headers.get('access-control-expose-headers') ?? '',
      /X-Request-Id/
    );
    const body = (await res.json()) as {
      connections: {sourceName: string}[];
    };
    assert.deepEqual(
      body.connections.map((c) => c.sourceName),
      [SEEDED_SOURCE_NAME]
    );
    const unauthorised = await fetch(`${sandbox.apiBase}/session`);
    assert.equal(unauthorised.status, 401);
  });

  test('lets a page on another origin ask first (CORS preflight)', async () => {
    const res = await fetch(`${sandbox.apiBase}/connections`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers':
          'authorization, content-type, x-connect-session',
      },
    });
    assert.equal(res.status, 204);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '')
      .toLowerCase()
      .split(/,\s*/);
    for (const header of ['authorization', 'content-type', 'x-connect-session'])
      assert.ok(allowed.includes(header), header);
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
  });

  test('logs each request with its request id, and the session id the widget sent', async () => {
    const res = await fetch(`${sandbox.apiBase}/session`, {
      headers: {...bearer, 'x-connect-session': 'opening-7'},
    });
    const requestId = res.headers.get('x-request-id');
    await waitFor(
      () => lines.some((line) => line.includes(`${requestId}`)),
      'the log line'
    );
    assert.ok(
      lines.includes(`GET /v1/session 200 ${requestId} session=opening-7`),
      lines.join('\n')
    );
    assert.equal(sandbox.service.state.requests.at(-1)?.session, 'opening-7');
    await fetch(`${sandbox.url}/login`);
    await waitFor(() => lines.at(-1) === 'GET /login 200', lines.join('\n'));
  });

  test('says what it does not know as a contract error', async () => {
    const res = await fetch(`${sandbox.url}/v1/nothing-here`, {
      headers: bearer,
    });
    assert.equal(res.status, 404);
    assert.deepEqual(
      ((await res.json()) as {error: {code: string}}).error.code,
      'not_found'
    );
  });

  test('serves the login page on its own origin, telling it where to report', async () => {
    const res = await fetch(`${sandbox.url}/login?connection=c&state=s`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(
      html,
      /<meta name="human-connect-login-complete" content="\/login\/complete" \/>/
    );
    const script = await fetch(`${sandbox.url}/login/login.js`);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.match(await script.text(), /human-connect:authorized/);
    const css = await fetch(`${sandbox.url}/login/login.css`);
    assert.equal(css.status, 200);
  });

  test('hands out the login page as the authorize URL, and completes a login given its state', async () => {
    const created = await connect();
    assert.equal(created.status, 201);
    const {connection, authorizeUrl} = (await created.json()) as {
      connection: {id: string};
      authorizeUrl: string;
    };
    assert.ok(authorizeUrl.startsWith(`${sandbox.url}/login?`), authorizeUrl);

    assert.equal(
      (await report(connection.id, 'connected', 'somebody-elses-state')).status,
      404
    );
    assert.equal(
      sandbox.service.state.connections.get(connection.id)?.status,
      'pending'
    );
    assert.equal((await report(connection.id, 'connected')).status, 200);
    const synced = await sandbox.service.waitForConnection(
      connection.id,
      ['synced'],
      5000
    );
    assert.equal(synced.status, 'synced');
  });

  describe('redirect login', () => {
    test('sends the person back to a loopback return URL, with the state and the connection', async () => {
      const created = await connect('http://localhost:8000/app?x=1#old');
      assert.equal(created.status, 201);
      const {connection} = (await created.json()) as {connection: {id: string}};
      const answer = await report(connection.id, 'connected');
      assert.equal(answer.status, 200);
      const {returnTo} = (await answer.json()) as {returnTo: string};
      const back = new URL(returnTo);
      assert.equal(
        `${back.origin}${back.pathname}${back.search}`,
        'http://localhost:8000/app?x=1'
      );
      assert.deepEqual(
        Object.fromEntries(new URLSearchParams(back.hash.slice(1))),
        {
          hc_state: STATE,
          hc_connection: connection.id,
        }
      );
    });

    test('a cancelled sign-in goes back too, and leaves the connection pending', async () => {
      const created = await connect('http://127.0.0.1:9/');
      const {connection} = (await created.json()) as {connection: {id: string}};
      const answer = await report(connection.id, 'cancelled');
      assert.equal(answer.status, 200);
      assert.match(
        ((await answer.json()) as {returnTo: string}).returnTo,
        /^http:\/\/127\.0\.0\.1:9\/#hc_state=/
      );
      assert.equal(
        sandbox.service.state.connections.get(connection.id)?.status,
        'pending'
      );
      assert.equal(
        (await report(connection.id, 'cancelled', 'another-state')).status,
        404
      );
    });

    test('a popup login is not sent anywhere', async () => {
      const {connection} = (await (await connect()).json()) as {
        connection: {id: string};
      };
      const answer = await report(connection.id, 'connected');
      assert.deepEqual(await answer.json(), {ok: true});
    });

    test('refuses a return URL off loopback, or not http(s)', async () => {
      for (const url of [
        'https://evil.example/',
        'javascript:alert(1)',
        'http://user:pw@localhost/',
        'not a url',
        42,
      ]) {
        const refused = await connect(url);
        assert.equal(refused.status, 400, String(url));
        assert.equal(
          ((await refused.json()) as {error: {code: string}}).error.code,
          'bad_request'
        );
      }
    });
  });

  describe('signing in again', () => {
    const AGAIN = 'another-state-of-sixteen-or-more';
    const reauthorize = (id: string, body: unknown) =>
      fetch(`${sandbox.apiBase}/connections/${id}/reauthorize`, {
        method: 'POST',
        headers: {...bearer, 'content-type': 'application/json'},
        body: JSON.stringify(body),
      });

    /** A synced connection of the mock user that the controls' endpoint breaks. */
    async function broken(): Promise<string> {
      const {connection} = (await (await connect()).json()) as {
        connection: {id: string};
      };
      assert.equal((await report(connection.id, 'connected')).status, 200);
      await sandbox.service.waitForConnection(connection.id, ['synced'], 5000);
      const broke = await fetch(
        `${sandbox.apiBase}/sandbox/connections/${connection.id}/break`,
        {method: 'POST', headers: {authorization: basic()}}
      );
      assert.equal(broke.status, 200);
      return connection.id;
    }

    test('the same connection signs in again on the login page, and syncs with its scopes', async () => {
      const id = await broken();
      const r = await reauthorize(id, {state: AGAIN});
      assert.equal(r.status, 200);
      const {connection, authorizeUrl} = (await r.json()) as {
        connection: {id: string; status: string};
        authorizeUrl: string;
      };
      assert.deepEqual([connection.id, connection.status], [id, 'pending']);
      assert.ok(authorizeUrl.startsWith(`${sandbox.url}/login?`), authorizeUrl);
      assert.equal((await fetch(authorizeUrl)).status, 200);

      assert.equal((await report(id, 'connected')).status, 404, 'old state');
      const done = await report(id, 'connected', AGAIN);
      assert.deepEqual(await done.json(), {ok: true});
      assert.equal(
        sandbox.service.state.connections.get(id)?.status,
        'syncing'
      );
      await sandbox.service.waitForConnection(id, ['synced'], 5000);
      const read = await fetch(`${sandbox.apiBase}/connections/${id}`, {
        headers: bearer,
      });
      assert.deepEqual(
        ((await read.json()) as {connection: {scopes: string[]}}).connection
          .scopes,
        MOCK_CONSENT.scopes.map((s) => s.id)
      );
    });

    test('with a return URL, the login page sends the person back, also when the source fails it again', async () => {
      const id = await broken();
      const r = await reauthorize(id, {
        state: AGAIN,
        returnUrl: 'http://127.0.0.1:5173/settings',
      });
      assert.equal(r.status, 200);
      const failed = await report(id, 'error', AGAIN);
      assert.deepEqual(await failed.json(), {
        ok: true,
        returnTo: `http://127.0.0.1:5173/settings#hc_state=${AGAIN}&hc_connection=${id}`,
      });
      const c = sandbox.service.state.connections.get(id);
      assert.deepEqual([c?.status, c?.error?.code], ['error', 'login_failed']);
    });

    test('refuses in the contract’s error shape', async () => {
      const id = await broken();
      for (const [target, body, status, code] of [
        ['conn_nope', {state: AGAIN}, 404, 'not_found'],
        [id, {state: ''}, 400, 'bad_request'],
        [
          id,
          {state: AGAIN, returnUrl: 'https://evil.example/'},
          400,
          'bad_request',
        ],
        [id, {state: AGAIN}, 200, undefined],
        [id, {state: AGAIN}, 409, 'conflict'],
      ] as const) {
        const r = await reauthorize(target, body);
        assert.equal(r.status, status, JSON.stringify(body));
        assert.match(r.headers.get('x-request-id') ?? '', /^rid_/);
        const answer = (await r.json()) as {error?: {code: string}};
        assert.equal(answer.error?.code, code);
      }
    });
  });
});

describe('return URLs', () => {
  test('loopback origins only, fragment dropped', () => {
    assert.equal(allowedReturnUrl(undefined), undefined);
    assert.equal(
      allowedReturnUrl('http://localhost:8000/a#b'),
      'http://localhost:8000/a'
    );
    assert.equal(allowedReturnUrl('https://[::1]/'), 'https://[::1]/');
    for (const bad of [
      'http://localhost.evil.example/',
      'http://127.0.0.2/',
      'ftp://localhost/',
      `http://localhost/${'a'.repeat(2048)}`,
      null,
    ])
      assert.equal(allowedReturnUrl(bad), null, String(bad));
  });
  test('the return carries exactly the state and the connection', () => {
    assert.equal(
      returnWith('http://localhost:1/p?q=1', 's&t', 'c 1'),
      'http://localhost:1/p?q=1#hc_state=s%26t&hc_connection=c+1'
    );
  });
});
