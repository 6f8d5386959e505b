/**
 * The example host server against the mock Connect service (msw in Node).
 *
 *   node --import tsx --test examples/server/server.test.ts
 */
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {
  MOCK_CLIENT_ID,
  MOCK_CLIENT_SECRET,
  MOCK_SESSION_TOKEN,
} from '../../sandbox/connect-service.js';
import {
  startMockService,
  type NodeMockServiceHandle,
} from '../../sandbox/node.js';
import type {HostServerOptions} from './server.js';
import {main} from './start.js';
import {
  call,
  CONNECT_BASE,
  connectSource,
  detail,
  freshDataDir,
  freshDb,
  sessionTokenFor,
  startHost as startHostOn,
  type CallOptions,
  type Host,
  type TestDb,
} from './test-support.js';

let testDb: TestDb;
before(async () => {
  testDb = await freshDb();
});
after(() => testDb.remove());

const startHost = (overrides: Partial<HostServerOptions> = {}) =>
  startHostOn({db: testDb.db, ...overrides});

/** Raw request, so that the path reaches the server exactly as written. */
function rawGet(host: Host, rawPath: string): Promise<number> {
  const {hostname, port} = new URL(host.base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {hostname, port, path: rawPath, method: 'GET', agent: false},
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }
    );
    req.on('error', reject);
    req.end();
  });
}

describe('example host server', () => {
  let mock: NodeMockServiceHandle;
  let host: Host;

  before(async () => {
    mock = startMockService({
      apiBase: CONNECT_BASE,
      latencyMs: 0,
      syncDurationMs: 50,
      seedConnection: false,
    });
    host = await startHost();
  });

  after(async () => {
    await host.close();
    mock.stop();
  });

  it('the whole story: sign in, session token, a connection, forwarded results, verified by the Data API', async () => {
    // 1. The app's (demo) sign-in.
    const login = await call(host, '/api/login', {json: {userId: 'alice'}});
    assert.equal(login.status, 204);
    const cookie = login.res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^demo_user=alice;/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\//);

    // 2. The page asks for a session token.
    const session = await call(host, '/api/human-connect/session', {
      method: 'POST',
      user: 'alice',
    });
    assert.equal(session.status, 200);
    assert.equal(session.res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(Object.keys(session.body).sort(), [
      'apiBase',
      'sessionToken',
    ]);
    assert.equal(session.body.apiBase, CONNECT_BASE);
    const sessionToken = session.body.sessionToken as string;
    const tokenCall = mock.service.requestsTo('POST', '/tokens').at(-1);
    assert.deepEqual(tokenCall?.body, {
      client_id: MOCK_CLIENT_ID,
      client_secret: MOCK_CLIENT_SECRET,
      client_user_id: 'alice',
      type: 'session',
    });

    // 3. The widget, with that token, connects a source at the service.
    const source = mock.service.state.sources.find((s) => s.status === 'ok')!;
    const connection = {
      id: await connectSource(mock.service, sessionToken, source.id),
    };

    // 4. The page forwards the `connect` detail; it also claims a source that was never connected.
    const other = mock.service.state.sources.find(
      (s) => s.status === 'ok' && s.id !== source.id
    )!;
    const forwarded = detail(sessionToken, [
      {id: source.id, name: source.name},
      {id: other.id, name: other.name},
    ]);
    forwarded.sessionResults.requestedSources = [
      {name: 'Dr. Lee Family Practice', address: '1 Main St'},
    ] as never[];
    forwarded.currentConnections = [
      {
        id: source.id,
        connectionId: connection.id,
        name: source.name,
        status: 'syncing',
      },
    ] as never[];
    const results = await call(host, '/api/human-connect/results', {
      json: forwarded,
      user: 'alice',
    });
    assert.equal(results.status, 200, JSON.stringify(results.body));
    assert.deepEqual(results.body.connectedSources, [
      {id: source.id, name: source.name, verified: true},
      {id: other.id, name: other.name, verified: false},
    ]);
    assert.equal(results.body.verified.length, 1);
    assert.equal(results.body.verified[0].id, source.id);
    assert.equal(results.body.verified[0].name, source.name);
    assert.equal(results.body.verified[0].category, source.category);

    // 5. The server used its own access token against the Data API.
    const accessCall = mock.service.requestsTo('POST', '/tokens').at(-1);
    assert.equal((accessCall?.body as {type: string}).type, 'access');
    assert.equal(
      (accessCall?.body as {client_user_id: string}).client_user_id,
      'alice'
    );
    const dataCall = mock.service.requestsTo('GET', '/human/sources').at(-1);
    assert.match(dataCall?.headers['authorization'] ?? '', /^Bearer mat_/);

    // 6. What the server keeps for Alice.
    const stored = await call(host, '/api/human-connect/sources', {
      user: 'alice',
    });
    assert.equal(stored.status, 200);
    assert.equal(stored.body.userId, 'alice');
    assert.deepEqual(
      stored.body.verified.map((s: {id: string}) => s.id),
      [source.id]
    );
    assert.equal(typeof stored.body.verifiedAt, 'string');
    assert.deepEqual(
      stored.body.reported.connectedSources.map((s: {id: string}) => s.id),
      [source.id, other.id]
    );
    assert.equal(
      stored.body.reported.requestedSources[0].name,
      'Dr. Lee Family Practice'
    );

    // The token travels again with `close`; the second forward reuses the cached access token.
    const accessTokensBefore = mock.service.requestsTo(
      'POST',
      '/tokens'
    ).length;
    const again = await call(host, '/api/human-connect/results', {
      json: {...detail(sessionToken), reason: 'done'},
      user: 'alice',
    });
    assert.equal(again.status, 200);
    assert.equal(
      mock.service.requestsTo('POST', '/tokens').length,
      accessTokensBefore
    );

    // Bob has recorded nothing.
    const bob = await call(host, '/api/human-connect/sources', {user: 'bob'});
    assert.deepEqual(bob.body.verified, null);
    assert.deepEqual(bob.body.reported.connectedSources, []);

    // Nothing secret was logged.
    for (const line of host.logs) {
      assert.ok(
        !line.includes(MOCK_CLIENT_SECRET) && !line.includes(sessionToken),
        line
      );
    }
  });

  it('answers 401 without the sign-in cookie', async () => {
    const token = await sessionTokenFor(host, 'alice');
    assert.equal(
      (await call(host, '/api/human-connect/session', {method: 'POST'})).status,
      401
    );
    assert.equal(
      (await call(host, '/api/human-connect/results', {json: detail(token)}))
        .status,
      401
    );
    assert.equal((await call(host, '/api/human-connect/sources')).status, 401);
    const bad = await call(host, '/api/human-connect/sources', {
      headers: {Cookie: 'demo_user=a;b=c%00'},
    });
    assert.equal(bad.status, 200); // `a` is a valid demo user id; the rest is another cookie
    const junk = await call(host, '/api/human-connect/sources', {
      headers: {Cookie: 'demo_user=%3Cscript%3E'},
    });
    assert.equal(junk.status, 401);
    assert.equal(junk.body.error.code, 'unauthenticated');
  });

  it("answers 403 for another user's token", async () => {
    const bobsToken = await sessionTokenFor(host, 'bob');
    const r = await call(host, '/api/human-connect/results', {
      json: detail(bobsToken),
      user: 'alice',
    });
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'forbidden_token');
    // Bob himself may forward it.
    assert.equal(
      (
        await call(host, '/api/human-connect/results', {
          json: detail(bobsToken),
          user: 'bob',
        })
      ).status,
      200
    );
  });

  it('answers 403 for a token this server never issued, even one the service accepts', async () => {
    for (const token of ['mst_forged_0000000000', MOCK_SESSION_TOKEN]) {
      const r = await call(host, '/api/human-connect/results', {
        json: detail(token),
        user: 'alice',
      });
      assert.equal(r.status, 403, token);
    }
  });

  it('answers 403 once an issued token has expired', async () => {
    let clock = Date.now();
    const timed = await startHost({now: () => clock});
    try {
      const token = await sessionTokenFor(timed, 'alice');
      assert.equal(
        (
          await call(timed, '/api/human-connect/results', {
            json: detail(token),
            user: 'alice',
          })
        ).status,
        200
      );
      clock += 3600 * 1000; // the mock's expires_in
      assert.equal(
        (
          await call(timed, '/api/human-connect/results', {
            json: detail(token),
            user: 'alice',
          })
        ).status,
        403
      );
    } finally {
      await timed.close();
    }
  });

  it('answers 400 for a malformed body', async () => {
    const token = await sessionTokenFor(host, 'alice');
    const cases: [string, CallOptions][] = [
      [
        'not JSON',
        {
          body: '{"sessionToken":',
          headers: {'Content-Type': 'application/json'},
        },
      ],
      [
        'empty',
        {method: 'POST', headers: {'Content-Type': 'application/json'}},
      ],
      ['an array', {json: [detail(token)]}],
      [
        'no sessionResults',
        {
          json: {
            sessionToken: token,
            status: 'SUCCESS',
            currentConnections: [],
          },
        },
      ],
      ['unknown status', {json: detail(token, [], {status: 'GREAT'})}],
      ['source without id', {json: detail(token, [{name: 'x'} as never])}],
      [
        'bad connection status',
        {
          json: detail(token, [], {
            currentConnections: [
              {id: 's', connectionId: 'c', name: 'n', status: 'done'},
            ],
          }),
        },
      ],
      ['bad reason', {json: detail(token, [], {reason: 'bored'})}],
    ];
    for (const [what, opts] of cases) {
      const r = await call(host, '/api/human-connect/results', {
        ...opts,
        user: 'alice',
      });
      assert.equal(r.status, 400, what);
      assert.equal(r.body.error.code, 'bad_request', what);
    }
    const login = await call(host, '/api/login', {
      json: {userId: 'no spaces; please'},
    });
    assert.equal(login.status, 400);
  });

  it('keeps the consent receipt a connect carries: checked by its hash, and the first of a connection stands', async () => {
    const token = await sessionTokenFor(host, 'carol');
    const sha = (text: string) =>
      createHash('sha256').update(text, 'utf8').digest('hex');
    const text =
      'Acme Health Coach souhaite se connecter à Mercy General Hospital\n- Médicaments';
    const receipt = {
      connectionId: 'conn_1',
      sourceId: 'src_mercy',
      appName: 'Acme Health Coach',
      version: '2026-01',
      scopes: ['medications'],
      acceptedAt: '2026-12-05T12:00:00.000Z',
      locale: 'fr',
      textSha256: sha(text),
      text,
    };
    const forward = (r: unknown) =>
      call(host, '/api/human-connect/results', {
        json: detail(token, [], {receipt: r}),
        user: 'carol',
      });

    const altered = await forward({...receipt, text: `${text}!`});
    assert.equal(altered.status, 400);
    assert.match(altered.body.error.message, /receipt\.textSha256/);
    for (const broken of [
      {...receipt, scopes: 'medications'},
      {...receipt, acceptedAt: 'yesterday'},
      {...receipt, connectionId: ''},
      {...receipt, text: 'x'.repeat(20_001)},
      'receipt',
    ])
      assert.equal(
        (await forward(broken)).status,
        400,
        JSON.stringify(broken).slice(0, 80)
      );

    const first = await forward(receipt);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.receiptKept, true);
    const other = 'Something else';
    const second = await forward({
      ...receipt,
      text: other,
      textSha256: sha(other),
    });
    assert.equal(second.body.receiptKept, false, 'the first one stands');
    const plain = await call(host, '/api/human-connect/results', {
      json: detail(token),
      user: 'carol',
    });
    assert.equal('receiptKept' in plain.body, false);

    const stored = await call(host, '/api/human-connect/sources', {
      user: 'carol',
    });
    const [kept] = stored.body.receipts;
    assert.deepEqual(stored.body.receipts, [
      {...receipt, receivedAt: kept.receivedAt},
    ]);
    assert.match(kept.receivedAt, /^\d{4}-\d\d-\d\dT/);
    const bob = await call(host, '/api/human-connect/sources', {user: 'bob'});
    assert.deepEqual(bob.body.receipts, []);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const r = await call(host, '/api/login', {
      body: 'userId=alice',
      headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    });
    assert.equal(r.status, 415);
    const s = await call(host, '/api/human-connect/session', {
      body: 'hi',
      headers: {'Content-Type': 'text/plain'},
      user: 'alice',
    });
    assert.equal(s.status, 415);
  });

  it('answers 413 for a body over 64 KB', async () => {
    const token = await sessionTokenFor(host, 'alice');
    const huge = detail(token, [], {padding: 'x'.repeat(70 * 1024)});
    const r = await call(host, '/api/human-connect/results', {
      json: huge,
      user: 'alice',
    });
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, 'payload_too_large');
    // Without a Content-Length (chunked), the limit holds while reading.
    const {hostname, port} = new URL(host.base);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          hostname,
          port,
          path: '/api/human-connect/results',
          method: 'POST',
          agent: false,
          headers: {
            'Content-Type': 'application/json',
            Cookie: 'demo_user=alice',
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }
      );
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('x'.repeat(10 * 1024));
      req.end();
    });
    assert.equal(chunked, 413);
    // The server is still fine afterwards.
    assert.equal(
      (await call(host, '/api/human-connect/sources', {user: 'alice'})).status,
      200
    );
  });

  it('answers 404 for unknown routes and 405 for wrong methods', async () => {
    assert.equal((await call(host, '/api/nope')).status, 404);
    assert.equal((await call(host, '/index.html')).status, 404); // no staticRoot
    const r = await call(host, '/api/human-connect/session');
    assert.equal(r.status, 405);
    assert.equal(r.res.headers.get('allow'), 'POST');
    assert.equal(
      (await call(host, '/api/human-connect/sources', {method: 'DELETE'}))
        .status,
      405
    );
  });

  it('answers 502 when the Connect service refuses the client secret', async () => {
    const wrong = await startHost({clientSecret: 'not-the-secret'});
    try {
      const r = await call(wrong, '/api/human-connect/session', {
        method: 'POST',
        user: 'alice',
      });
      assert.equal(r.status, 502);
      assert.equal(r.body.error.code, 'connect_auth_failed');
      assert.ok(!JSON.stringify(r.body).includes('not-the-secret'));
      assert.ok(wrong.logs.every((l) => !l.includes('not-the-secret')));
    } finally {
      await wrong.close();
    }
  });

  it('answers 502 when the Connect service cannot be reached', async () => {
    const offline = await startHost({
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    try {
      const r = await call(offline, '/api/human-connect/session', {
        method: 'POST',
        user: 'alice',
      });
      assert.equal(r.status, 502);
      assert.equal(r.body.error.code, 'connect_unreachable');
    } finally {
      await offline.close();
    }
  });

  it('serves static files from staticRoot, with content types, and nothing outside it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hc-static-'));
    const root = path.join(dir, 'public');
    await mkdir(path.join(root, 'sub'), {recursive: true});
    await writeFile(
      path.join(root, 'index.html'),
      '<!doctype html><title>hi</title>'
    );
    await writeFile(path.join(root, 'sub', 'app.js'), 'export {};');
    await writeFile(path.join(root, '.env'), 'SECRET=1');
    await writeFile(path.join(dir, 'secret.txt'), 'outside');
    const withStatic = await startHost({staticRoot: root});
    try {
      const index = await call(withStatic, '/');
      assert.equal(index.status, 200);
      assert.equal(
        index.res.headers.get('content-type'),
        'text/html; charset=utf-8'
      );
      const js = await call(withStatic, '/sub/app.js');
      assert.equal(
        js.res.headers.get('content-type'),
        'text/javascript; charset=utf-8'
      );
      assert.equal(js.body, 'export {};');
      for (const p of [
        '/../secret.txt',
        '/%2e%2e/secret.txt',
        '/sub/..%2f..%2fsecret.txt',
        '/.env',
        '/%2eenv',
        '/sub%5c..%5c..%5csecret.txt',
      ]) {
        assert.equal(await rawGet(withStatic, p), 404, p);
      }
      assert.equal(
        (await call(withStatic, '/index.html', {method: 'POST', body: 'x'}))
          .status,
        405
      );
      assert.equal((await call(withStatic, '/api/unknown')).status, 404);
    } finally {
      await withStatic.close();
      await rm(dir, {recursive: true, force: true});
    }
  });
});

describe('start.ts', () => {
  it('with no credentials, runs the mock service in process and says so', async () => {
    const lines: string[] = [];
    const dataDir = await freshDataDir();
    const started = await main(
      {PORT: '0', HUMAN_CONNECT_DATA_DIR: dataDir},
      (l) => lines.push(l)
    );
    try {
      assert.equal(started.mock, true);
      assert.equal(started.connectBase, 'https://connect.mock/v1');
      assert.ok(
        lines.some((l) => l.includes('mock Connect service')),
        lines.join('\n')
      );
      const login = await fetch(`${started.url}/api/login`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({userId: 'carol'}),
      });
      assert.equal(login.status, 204);
      const session = await fetch(`${started.url}/api/human-connect/session`, {
        method: 'POST',
        headers: {Cookie: 'demo_user=carol'},
      });
      assert.equal(session.status, 200);
      assert.equal(
        ((await session.json()) as {apiBase: string}).apiBase,
        'https://connect.mock/v1'
      );
      assert.ok(lines.every((l) => !l.includes(MOCK_CLIENT_SECRET)));
      assert.ok(
        lines.some((l) => l.includes(`PGlite in ${dataDir}`)),
        lines.join('\n')
      );

      // The host page, under a strict policy, and the built bundle's path.
      const page = await fetch(`${started.url}/`);
      assert.equal(page.status, 200);
      const policy = page.headers.get('content-security-policy') ?? '';
      assert.match(policy, /script-src 'self';/);
      assert.match(policy, /connect-src 'self' https:\/\/connect\.mock;/);
      assert.match(
        await page.text(),
        /src="\/human-connect\/human-connect\.min\.js"/
      );
    } finally {
      await started.close();
      await rm(dataDir, {recursive: true, force: true});
    }
  });

  it('refuses half a configuration', async () => {
    await assert.rejects(
      main({HUMAN_CONNECT_CLIENT_ID: 'x', PORT: '0'}, () => {}),
      /both/
    );
    await assert.rejects(
      main(
        {
          HUMAN_CONNECT_CLIENT_ID: 'x',
          HUMAN_CONNECT_CLIENT_SECRET: 'y',
          PORT: '0',
        },
        () => {}
      ),
      /HUMAN_CONNECT_API_BASE/
    );
    await assert.rejects(
      main(
        {
          HUMAN_CONNECT_CLIENT_ID: 'x',
          HUMAN_CONNECT_CLIENT_SECRET: 'y',
          HUMAN_CONNECT_API_BASE: 'http://evil.example/v1',
          PORT: '0',
        },
        () => {}
      ),
      /https/
    );
  });
});
