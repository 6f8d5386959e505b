// The sandbox's host-server side: people bound to client users, the Data API
// (paging, updated_since, stable ids), GET /sources/{id}, X-Request-Id, and
// the bodies that stall or trickle.
import assert from 'node:assert/strict';
import {after, before, beforeEach, describe, it} from 'node:test';
import {setupServer} from 'msw/node';
import {
  MOCK_CLIENT_USER_ID,
  MOCK_CONSENT,
  MOCK_SESSION_TOKEN,
  MOCK_USER_ID,
  SCENARIOS,
  SEEDED_SOURCE_NAME,
  type ConnectService,
} from '../../sandbox/connect-service.js';
import {
  API,
  connectSource,
  createConnection,
  fakeClock,
  json,
  startService,
  SYNC_MS,
  token,
  type FakeClock,
} from './sandbox-helpers.js';

const MERCY = 'Mercy General Hospital';
/** Every scope the consent requires, and none of the optional ones. */
const REQUIRED = ['medications', 'test_results', 'conditions'];
const server = setupServer();
let clock: FakeClock;
let service: ConnectService;

before(() => server.listen({onUnhandledRequest: 'error'}));
after(() => server.close());
beforeEach(() => {
  clock = fakeClock();
  service = startService(server, clock);
});

/** Every record of a kind, following the cursor, `limit` at a time. */
async function pullAll(
  accessToken: string,
  kind: string,
  query = ''
): Promise<{records: any[]; pages: number}> {
  const records: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const params = new URLSearchParams(query);
    if (cursor) params.set('cursor', cursor);
    const r = await json(`/human/${kind}?${params}`, {token: accessToken});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    records.push(...r.body.records);
    cursor = r.body.nextCursor;
    pages += 1;
  } while (cursor);
  return {records, pages};
}

describe('people', () => {
  it('a client user is one person with a stable human id; the default token is the mock user', async () => {
    const a1 = await token('session', 'alice');
    const a2 = await token('session', 'alice');
    const b = await token('session', 'bob');
    assert.match(a1.humanId!, /^hum_[0-9a-f]{16}$/);
    assert.equal(a1.humanId, a2.humanId);
    assert.notEqual(a1.humanId, b.humanId);
    assert.equal(service.humanIdOf('alice'), a1.humanId);
    assert.equal(
      (await token('session', MOCK_CLIENT_USER_ID)).humanId,
      MOCK_USER_ID
    );

    const mine = await json('/session', {token: a1.token});
    assert.equal(mine.body.user.id, a1.humanId);
    assert.deepEqual(mine.body.connections, []);
    const demo = await json('/session', {token: MOCK_SESSION_TOKEN});
    assert.equal(demo.body.user.id, MOCK_USER_ID);
    assert.deepEqual(
      demo.body.connections.map((c: {sourceName: string}) => c.sourceName),
      [SEEDED_SOURCE_NAME]
    );
    const issued = await json('/session', {token: service.issueSessionToken()});
    assert.equal(issued.body.user.id, MOCK_USER_ID);
    assert.equal(issued.body.connections.length, 1);
  });

  it('each person sees and changes only their own connections, and may connect a source another person has', async () => {
    const alice = await token('session', 'alice');
    const bob = await token('session', 'bob');
    const alices = await connectSource(service, clock, alice.token, MERCY);
    const bobs = await connectSource(service, clock, bob.token, MERCY);
    assert.notEqual(alices, bobs);

    const seen = async (t: string) =>
      (await json('/session', {token: t})).body.connections.map(
        (c: {id: string}) => c.id
      );
    assert.deepEqual(await seen(alice.token), [alices]);
    assert.deepEqual(await seen(bob.token), [bobs]);
    assert.equal(
      (await json(`/connections/${bobs}`, {token: alice.token})).status,
      404
    );
    assert.equal(
      (
        await json(`/connections/${bobs}`, {
          token: alice.token,
          method: 'DELETE',
        })
      ).status,
      404
    );
    assert.equal(service.state.connections.get(bobs)?.status, 'synced');

    const aliceData = (await token('access', 'alice')).token;
    const sources = await json('/human/sources', {token: aliceData});
    assert.deepEqual(sources.body.sources, [
      {
        id: service.state.connections.get(alices)!.sourceId,
        name: MERCY,
        category: 'hospital',
        status: 'synced',
        connectionId: alices,
        syncedAt: service.state.connections.get(alices)!.sync!.updatedAt,
      },
    ]);
    const aliceMeds = await pullAll(aliceData, 'medications');
    const bobMeds = await pullAll(
      (await token('access', 'bob')).token,
      'medications'
    );
    const ids = new Set(aliceMeds.records.map((r) => r.id));
    assert.ok(bobMeds.records.every((r) => !ids.has(r.id)));
  });
});

describe('the Data API', () => {
  it('answers 401 invalid_token without an access token the service issued', async () => {
    const session = await token('session', 'alice');
    for (const t of [
      undefined,
      'mat_forged',
      session.token,
      MOCK_SESSION_TOKEN,
    ]) {
      for (const path of [
        '/human/profile',
        '/human/sources',
        '/human/medications',
      ]) {
        const r = await json(path, {token: t});
        assert.equal(r.status, 401, `${path} ${t}`);
        assert.equal(r.body.error.code, 'invalid_token');
      }
    }
  });

  it('a hospital brings a few medications, lab results and conditions with realistic values; a wearable none', async () => {
    const session = await token('session', MOCK_CLIENT_USER_ID);
    await connectSource(service, clock, session.token, MERCY);
    const access = service.issueAccessToken();
    const meds = (await pullAll(access, 'medications')).records;
    const tests = (await pullAll(access, 'test_results')).records;
    const conditions = (await pullAll(access, 'conditions')).records;
    assert.equal(meds.length, 3);
    assert.equal(tests.length, 5);
    assert.equal(conditions.length, 2);
    const mercyId = service.state.sources.find((s) => s.name === MERCY)!.id;
    for (const r of [...meds, ...tests, ...conditions]) {
      assert.equal(r.sourceId, mercyId, 'the Fitbit brings none of these');
      assert.match(r.id, /^rec_[0-9a-f]{16}$/);
      assert.equal(r.createdAt, r.updatedAt);
    }
    assert.ok(
      meds.some((m) => m.name === 'Metformin' && /500 mg/.test(m.dosage))
    );
    const a1c = tests.find((t) => t.name === 'Hemoglobin A1c');
    assert.equal(a1c.unit, '%');
    assert.equal(a1c.referenceRange, '4.0-5.6');
    assert.deepEqual(a1c.code, {system: 'LOINC', value: '4548-4'});
    assert.equal(typeof a1c.value, 'number');
    assert.ok(Date.parse(a1c.observedAt) < Date.parse(a1c.updatedAt));
    assert.ok(
      conditions.some(
        (c) => c.name === 'Type 2 diabetes mellitus' && c.status === 'active'
      )
    );

    const profile = await json('/human/profile', {token: access});
    assert.equal(profile.body.profile.humanId, MOCK_USER_ID);
    assert.match(profile.body.profile.name, /^\w+ \w+$/);
    assert.match(profile.body.profile.birthDate, /^\d{4}-\d{2}-\d{2}$/);
  });

  it('demographics come only from a source the person let share their profile', async () => {
    const session = await token('session', 'alice');
    const access = (await token('access', 'alice')).token;
    const demographics = async () => {
      const {profile} = (await json('/human/profile', {token: access})).body;
      return [profile.name, profile.birthDate, profile.sex].filter(Boolean);
    };
    await connectSource(service, clock, session.token, MERCY, REQUIRED);
    assert.deepEqual(await demographics(), []);
    await connectSource(service, clock, session.token, 'Labcorp');
    assert.equal((await demographics()).length, 3);
  });

  it('serves, and notifies, only the kinds of record a connection shares', async () => {
    const session = await token('session', 'alice');
    const access = (await token('access', 'alice')).token;
    const created = await createConnection(
      service,
      clock,
      session.token,
      MERCY
    );
    const id = created.body.connection.id;
    // As a consent whose terms left conditions optional would have it.
    service.state.connections.get(id)!.scopes = ['medications', 'test_results'];
    service.completeLogin(id, 'connected');
    clock.advance(SYNC_MS);
    assert.deepEqual(service.notifications.at(-1)?.kinds, [
      'medication',
      'test_result',
    ]);
    assert.equal((await pullAll(access, 'medications')).records.length, 3);
    assert.deepEqual((await pullAll(access, 'conditions')).records, []);

    service.addRecords({connectionId: id, kind: 'condition'});
    assert.equal(service.notifications.at(-1)?.type, 'sync.completed');
    assert.deepEqual((await pullAll(access, 'conditions')).records, []);
  });

  it('pages with limit and a cursor: the chain covers every record once, in (updatedAt, id) order', async () => {
    const session = await token('session', 'alice');
    const id = await connectSource(service, clock, session.token, MERCY);
    clock.advance(1000);
    service.addRecords({connectionId: id, kind: 'test_result', count: 40});
    const access = (await token('access', 'alice')).token;

    const all = await pullAll(access, 'test_results');
    assert.equal(all.records.length, 45);
    assert.equal(all.pages, 1, 'the default limit is 50');
    const paged = await pullAll(access, 'test_results', 'limit=7');
    assert.equal(paged.pages, 7);
    assert.deepEqual(
      paged.records.map((r) => r.id),
      all.records.map((r) => r.id)
    );
    assert.equal(new Set(paged.records.map((r) => r.id)).size, 45);
    const keys = paged.records.map((r) => `${r.updatedAt}|${r.id}`);
    assert.deepEqual(keys, [...keys].sort());

    // A record added between two pages comes later, after the cursor: still seen once.
    const first = await json('/human/test_results?limit=10', {token: access});
    clock.advance(1000);
    const [late] = service.addRecords({connectionId: id, kind: 'test_result'});
    const rest = await pullAll(
      access,
      'test_results',
      `limit=10&cursor=${first.body.nextCursor}`
    );
    const seen = [...first.body.records, ...rest.records].map((r) => r.id);
    assert.equal(seen.length, 46);
    assert.equal(new Set(seen).size, 46);
    assert.equal(seen.at(-1), late!.id);

    assert.equal(
      (await json('/human/test_results?limit=200', {token: access})).status,
      200
    );
  });

  it('answers 400 bad_request for a bad limit, cursor or updated_since', async () => {
    const access = service.issueAccessToken();
    for (const query of [
      'limit=0',
      'limit=201',
      'limit=-1',
      'limit=abc',
      'limit=1.5',
      'limit=',
      'cursor=not-a-cursor',
      `cursor=${btoa('o:10')}`,
      'updated_since=yesterday',
      'updated_since=2026-13-45T00:00:00Z',
      'updated_since=1700000000',
      'updated_since=',
    ]) {
      const r = await json(`/human/conditions?${query}`, {token: access});
      assert.equal(r.status, 400, query);
      assert.equal(r.body.error.code, 'bad_request', query);
    }
  });

  it('updated_since gives the records updated strictly later', async () => {
    const session = await token('session', 'alice');
    const id = await connectSource(service, clock, session.token, MERCY);
    const access = (await token('access', 'alice')).token;
    const seeded = (await pullAll(access, 'medications')).records;
    const syncedAt = seeded[0].updatedAt as string;

    const atSync = await pullAll(
      access,
      'medications',
      `updated_since=${syncedAt}`
    );
    assert.deepEqual(atSync.records, []);
    const before = new Date(Date.parse(syncedAt) - 1).toISOString();
    assert.equal(
      (await pullAll(access, 'medications', `updated_since=${before}`)).records
        .length,
      3
    );

    clock.advance(60_000);
    const added = service.addRecords({
      connectionId: id,
      kind: 'medication',
      count: 2,
    });
    assert.ok(added.every((r) => r.updatedAt > syncedAt));
    const since = await pullAll(
      access,
      'medications',
      `updated_since=${syncedAt}`
    );
    assert.deepEqual(
      since.records.map((r) => r.id),
      added.map((r) => r.id).sort()
    );
    // Offsets and a date alone are ISO 8601 too.
    const offset = syncedAt.replace('Z', '+00:00');
    assert.equal(
      (
        await pullAll(
          access,
          'medications',
          `updated_since=${encodeURIComponent(offset)}`
        )
      ).records.length,
      2
    );
    assert.equal(
      (await pullAll(access, 'medications', 'updated_since=2000-01-01')).records
        .length,
      5
    );
  });

  it('record ids are the same on every pull, and after the source is connected again', async () => {
    const session = await token('session', 'alice');
    const id = await connectSource(service, clock, session.token, MERCY);
    const access = (await token('access', 'alice')).token;
    const ids = async () =>
      (await pullAll(access, 'test_results')).records.map((r) => r.id).sort();
    const first = await ids();
    assert.deepEqual(await ids(), first);

    assert.equal(
      (
        await json(`/connections/${id}`, {
          token: session.token,
          method: 'DELETE',
        })
      ).status,
      204
    );
    assert.deepEqual(await ids(), []);
    clock.advance(3600_000);
    await connectSource(service, clock, session.token, MERCY);
    assert.deepEqual(await ids(), first);
  });
});

describe('the widget endpoints', () => {
  it('GET /sources/{id} answers the source, or 404 not_found', async () => {
    const source = service.state.sources.find((s) => s.name === MERCY)!;
    const r = await json(`/sources/${source.id}`, {token: MOCK_SESSION_TOKEN});
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {source});
    const missing = await json('/sources/src_nope', {
      token: MOCK_SESSION_TOKEN,
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
    assert.equal((await json(`/sources/${source.id}`)).status, 401);
  });

  /** The mock user connects Mercy with these scopes. */
  const consentTo = (scopes: string[]) =>
    createConnection(service, clock, MOCK_SESSION_TOKEN, MERCY, {scopes});

  it('the consent offers profile (ticked) and vitals (not) as optional, the rest required', async () => {
    const r = await json('/session', {token: MOCK_SESSION_TOKEN});
    assert.deepEqual(
      r.body.consent.scopes.map(
        (s: {id: string; required?: boolean; default?: boolean}) => [
          s.id,
          s.required ?? true,
          s.default ?? false,
        ]
      ),
      [
        ['profile', false, true],
        ['medications', true, false],
        ['test_results', true, false],
        ['conditions', true, false],
        ['vitals', false, false],
      ]
    );
  });

  it('POST /connections refuses a consent without a required scope, naming what it lacks', async () => {
    const r = await consentTo(['profile', 'test_results']);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'bad_request');
    assert.match(r.body.error.message, /missing: medications, conditions\.$/);
    assert.equal(service.state.connections.size, 1, 'only the seeded one');
  });

  it('POST /connections takes a consent without the optional scopes, and the connection says what it shares', async () => {
    const r = await consentTo([
      'conditions',
      'test_results',
      'medications',
      'test_results',
    ]);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body.connection.scopes, REQUIRED, 'as offered, once');
    const read = await json(`/connections/${r.body.connection.id}`, {
      token: MOCK_SESSION_TOKEN,
    });
    assert.deepEqual(read.body.connection.scopes, REQUIRED);
    const seeded = (await json('/session', {token: MOCK_SESSION_TOKEN})).body
      .connections[0];
    assert.deepEqual(
      seeded.scopes,
      MOCK_CONSENT.scopes.map((s) => s.id)
    );
  });

  it('every answer carries a unique X-Request-Id, errors included, and the log has it', async () => {
    const access = service.issueAccessToken();
    const answers = [
      await json('/session', {token: MOCK_SESSION_TOKEN}),
      await json('/session', {token: 'nope'}),
      await json('/sources?limit=1000', {token: MOCK_SESSION_TOKEN}),
      await json('/human/medications', {token: access}),
      await json('/human/medications?limit=0', {token: access}),
      await json('/tokens', {method: 'POST', body: '{}'}),
      await json('/sandbox/reset', {method: 'POST'}),
    ];
    service.scenario.failOn = {method: 'GET', path: '/session', status: 503};
    answers.push(await json('/session', {token: MOCK_SESSION_TOKEN}));
    const statuses = answers.map((a) => a.status);
    assert.deepEqual(statuses, [200, 401, 400, 200, 400, 401, 401, 503]);
    const ids = answers.map((a) => a.res.headers.get('x-request-id'));
    for (const id of ids) assert.match(id ?? '', /^rid_[0-9a-f]{24}$/);
    assert.equal(new Set(ids).size, ids.length);
    const logged = service.state.requests.map((r) => r.requestId);
    assert.deepEqual(logged.slice(-1), ids.slice(-1));
  });

  it('the log keeps the X-Connect-Session each request carried', async () => {
    const opening = (session?: string) => ({
      token: MOCK_SESSION_TOKEN,
      headers: new Headers(session ? {'X-Connect-Session': session} : {}),
    });
    await json('/session', opening('opening-1'));
    await json('/sources?q=mercy', opening('opening-2'));
    await json('/session', opening());
    await json('/session', {...opening('opening-1'), token: 'nope'});
    assert.deepEqual(
      service.requestsTo().map((r) => [r.method, r.session]),
      [
        ['GET', 'opening-1'],
        ['GET', 'opening-2'],
        ['GET', undefined],
        ['GET', 'opening-1'],
      ]
    );
  });

  it('the stallBody scenario answers headers, then a body that stalls until the scenario changes', async () => {
    assert.ok(SCENARIOS.some((s) => s.name === 'stallBody'));
    service.useScenario('stallBody');
    const res = await fetch(`${API}/session`, {
      headers: {Authorization: `Bearer ${MOCK_SESSION_TOKEN}`},
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('x-request-id') ?? '', /^rid_/);
    const reader = res.body!.getReader();
    const firstChunk = await reader.read();
    assert.equal(firstChunk.done, false);
    const next = reader.read();
    const outcome = await Promise.race([
      next.then(() => 'more'),
      new Promise((r) => setTimeout(() => r('stalled'), 100)),
    ]);
    assert.equal(outcome, 'stalled');
    // Until the scenario changes: then the body fails, and over HTTP its connection closes
    // (a browser may hold a connection whose answer it gave up on, waiting for the rest).
    service.useScenario('normal');
    await assert.rejects(next);
  });

  it('the trickleBody scenario sends the whole body a few bytes at a time', async () => {
    const plain = await json('/session', {token: MOCK_SESSION_TOKEN});
    service.useScenario('trickleBody');
    const res = await fetch(`${API}/session`, {
      headers: {Authorization: `Bearer ${MOCK_SESSION_TOKEN}`},
    });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      // The next chunk's timer is set once the stream is pulled, a few ticks
      // after the read: move the clock on until the read settles.
      let settled = false;
      const read = reader.read().finally(() => (settled = true));
      while (!settled) {
        clock.advance(100);
        await new Promise((r) => setImmediate(r));
      }
      const {done, value} = await read;
      if (done) break;
      chunks.push(value);
    }
    assert.ok(chunks.length > 10);
    assert.ok(chunks.every((c) => c.byteLength <= 16));
    const text = new TextDecoder().decode(Buffer.concat(chunks));
    const body = JSON.parse(text);
    assert.deepEqual(
      {...body, expiresAt: null},
      {...plain.body, expiresAt: null}
    );
  });
});
