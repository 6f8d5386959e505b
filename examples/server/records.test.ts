/**
 * The example server pulls records from the mock Connect service's Data API
 * (msw in Node), keeps them in PGlite, and keeps them across a restart.
 *
 *   node --import tsx --test examples/server/records.test.ts
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {MOCK_CLIENT_SECRET} from '../../sandbox/connect-service.js';
import {
  startMockService,
  type NodeMockServiceHandle,
} from '../../sandbox/node.js';
import {signNotification} from '../../sandbox/notifier.js';
import {
  call,
  CONNECT_BASE,
  connectSource,
  detail,
  freshDb,
  sessionTokenFor,
  startHost,
  type Host,
  type TestDb,
  until,
} from './test-support.js';

describe('records', () => {
  let mock: NodeMockServiceHandle;
  let testDb: TestDb;
  let host: Host;

  before(async () => {
    mock = startMockService({
      apiBase: CONNECT_BASE,
      latencyMs: 0,
      syncDurationMs: 20,
      seedConnection: false,
    });
    testDb = await freshDb();
    // Two records a page, so that every list of a hospital takes several pages.
    host = await startHost({db: testDb.db, pageSize: 2});
  });

  after(async () => {
    await host.close();
    mock.stop();
    await testDb.remove();
  });

  const source = (name: string) =>
    mock.service.state.sources.find((s) => s.name === name)!;

  /** Signs `user` in, connects `sourceName` at the service, and waits for its sync. */
  async function connected(user: string, sourceName: string) {
    const sessionToken = await sessionTokenFor(host, user);
    const s = source(sourceName);
    const connectionId = await connectSource(mock.service, sessionToken, s.id);
    await mock.service.waitForConnection(connectionId, ['synced']);
    return {sessionToken, connectionId, source: {id: s.id, name: s.name}};
  }

  /** The record list requests the service saw after `from` (an index into its log). */
  function listRequests(from: number) {
    return mock.service.state.requests
      .slice(from)
      .filter((r) => r.method === 'GET' && /\/human\/[a-z_]+s\?/.test(r.url))
      .map((r) => new URL(r.url));
  }

  /** Waits until the notifications sent to `user` are delivered, then for the pulls they started. */
  async function deliveredAndPulled(user: string): Promise<void> {
    const delivered = (id: string) =>
      mock.service.deliveries.some(
        (d) => d.notificationId === id && d.outcome === 'delivered'
      );
    await until(
      () =>
        mock.service.notifications
          .filter((n) => n.clientUserId === user)
          .every((n) => delivered(n.id)),
      5000,
      () => `undelivered: ${JSON.stringify(mock.service.deliveries)}`
    );
    await host.settled();
  }

  it('after a forwarded connect, pulls every page of every list; a second pull stores each record once', async () => {
    const dana = await connected('dana', 'Mercy General Hospital');
    const from = mock.service.state.requests.length;

    const r = await call(host, '/api/human-connect/results', {
      json: detail(dana.sessionToken, [dana.source]),
      user: 'dana',
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.received, {
      medication: 3,
      test_result: 5,
      condition: 2,
    });

    // 3 medications, 5 test results and 2 conditions, two a page, each next page by its cursor.
    const pages = listRequests(from);
    const count = (p: string) => pages.filter((u) => u.pathname.endsWith(p));
    assert.equal(count('/human/medications').length, 2);
    assert.equal(count('/human/test_results').length, 3);
    assert.equal(count('/human/conditions').length, 1);
    for (const kind of ['/human/medications', '/human/test_results']) {
      const [first, ...rest] = count(kind);
      assert.equal(first!.searchParams.get('cursor'), null);
      for (const u of rest) assert.ok(u.searchParams.get('cursor'), u.href);
    }
    for (const u of pages) {
      assert.equal(u.searchParams.get('limit'), '2');
      // A newly connected source: the whole list, not only what changed.
      assert.equal(u.searchParams.get('updated_since'), null);
    }

    const view = await call(host, '/api/human-connect/records', {
      user: 'dana',
    });
    assert.equal(view.status, 200);
    assert.equal(view.body.userId, 'dana');
    assert.equal(view.body.humanId, mock.service.humanIdOf('dana'));
    assert.equal(view.body.sources.length, 1);
    const mercy = view.body.sources[0];
    assert.equal(mercy.id, dana.source.id);
    assert.equal(mercy.name, 'Mercy General Hospital');
    assert.deepEqual(mercy.counts, {
      medication: 3,
      test_result: 5,
      condition: 2,
    });
    const ids = mercy.records.map((x: {id: string}) => x.id);
    assert.equal(new Set(ids).size, 10);
    const latest = mercy.records
      .map((x: {updatedAt: string}) => x.updatedAt)
      .sort()
      .at(-1);
    assert.equal(view.body.watermark, new Date(latest).toISOString());
    const test = mercy.records.find(
      (x: {kind: string}) => x.kind === 'test_result'
    );
    assert.equal(typeof test.name, 'string');
    assert.ok('value' in test && 'observedAt' in test);

    // The same event again (with `close`): everything is read again and stored once.
    const again = await call(host, '/api/human-connect/results', {
      json: {...detail(dana.sessionToken, [dana.source]), reason: 'done'},
      user: 'dana',
    });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body.received, r.body.received);
    const after = await call(host, '/api/human-connect/records', {
      user: 'dana',
    });
    assert.deepEqual(after.body.sources, view.body.sources);
  });

  it('a notification pulls only what changed, with updated_since at the watermark', async () => {
    mock.service.options.notifyUrl = `${host.base}/api/human-connect/notifications`;
    try {
      // sync.completed: the server pulls on its own, nothing forwarded by the page.
      const erin = await connected('erin', 'Mercy General Hospital');
      await deliveredAndPulled('erin');
      const first = await call(host, '/api/human-connect/records', {
        user: 'erin',
      });
      assert.equal(first.body.sources[0].records.length, 10);
      const watermark = first.body.watermark as string;
      assert.ok(watermark);

      // data.updated: one new test result.
      const from = mock.service.state.requests.length;
      const [added] = mock.service.addRecords({
        connectionId: erin.connectionId,
        kind: 'test_result',
      });
      await deliveredAndPulled('erin');

      const pages = listRequests(from);
      assert.equal(pages.length, 3, pages.join('\n')); // one page of each list
      for (const u of pages)
        assert.equal(u.searchParams.get('updated_since'), watermark, u.href);

      const view = await call(host, '/api/human-connect/records', {
        user: 'erin',
      });
      const records = view.body.sources[0].records as {id: string}[];
      assert.equal(records.length, 11);
      assert.ok(records.some((x) => x.id === added!.id));
      assert.equal(view.body.sources[0].counts.test_result, 6);
      assert.equal(
        view.body.watermark,
        new Date(added!.updatedAt).toISOString()
      );
      assert.ok(
        host.logs.every((l) => !l.includes('unexpected')),
        host.logs.join('\n')
      );
    } finally {
      mock.service.options.notifyUrl = undefined;
    }
  });

  it("answers only the signed-in user's records", async () => {
    const frank = await connected('frank', 'Mercy General Hospital');
    const gina = await connected('gina', 'Quest Diagnostics');
    for (const [user, c] of [
      ['frank', frank],
      ['gina', gina],
    ] as const) {
      const r = await call(host, '/api/human-connect/results', {
        json: detail(c.sessionToken, [c.source]),
        user,
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const frankView = await call(host, '/api/human-connect/records', {
      user: 'frank',
    });
    const ginaView = await call(host, '/api/human-connect/records', {
      user: 'gina',
    });
    assert.deepEqual(
      frankView.body.sources.map((s: {name: string}) => s.name),
      ['Mercy General Hospital']
    );
    assert.deepEqual(
      ginaView.body.sources.map((s: {name: string}) => s.name),
      ['Quest Diagnostics']
    );
    const frankIds = new Set(
      frankView.body.sources[0].records.map((x: {id: string}) => x.id)
    );
    for (const x of ginaView.body.sources[0].records)
      assert.ok(!frankIds.has(x.id));
    // Same source, another person: other record ids.
    const dana = await call(host, '/api/human-connect/records', {
      user: 'dana',
    });
    for (const x of dana.body.sources[0].records)
      assert.ok(!frankIds.has(x.id));

    const nobody = await call(host, '/api/human-connect/records', {
      user: 'henry',
    });
    assert.deepEqual(nobody.body.sources, []);
    assert.equal(nobody.body.watermark, null);
    assert.equal((await call(host, '/api/human-connect/records')).status, 401);
  });

  it('a restart loses nothing: records, watermark, issued tokens, notification ids seen', async () => {
    const before = await call(host, '/api/human-connect/records', {
      user: 'erin',
    });
    const token = await sessionTokenFor(host, 'erin');
    const seen = mock.service.notifications
      .filter((n) => n.clientUserId === 'erin')
      .at(-1)!;
    assert.equal(seen.type, 'data.updated');

    await host.close();
    await testDb.db.close();
    await testDb.reopen();
    host = await startHost({db: testDb.db, pageSize: 2});

    const afterRestart = await call(host, '/api/human-connect/records', {
      user: 'erin',
    });
    assert.deepEqual(afterRestart.body, before.body);

    // A notification already seen before the restart: answered, nothing pulled.
    const from = mock.service.state.requests.length;
    const body = JSON.stringify(seen);
    const replay = await fetch(`${host.base}/api/human-connect/notifications`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Human-Connect-Signature': await signNotification(
          MOCK_CLIENT_SECRET,
          body,
          Math.floor(Date.now() / 1000)
        ),
      },
      body,
    });
    assert.equal(replay.status, 200);
    await host.settled();
    assert.equal(mock.service.state.requests.length, from);

    // The token issued before the restart is still known to be Erin's.
    const forwarded = await call(host, '/api/human-connect/results', {
      json: detail(token),
      user: 'erin',
    });
    assert.equal(forwarded.status, 200);
    const other = await call(host, '/api/human-connect/results', {
      json: detail(token),
      user: 'frank',
    });
    assert.equal(other.status, 403);
  });
});
