// The sandbox's notifications to the application's URL: signed as the
// contract says, sent when a sync finishes, records arrive or a connection
// breaks, retried with bounded backoff on a failing or silent receiver, never
// holding up the API. Time is a fake clock: minutes of backoff take
// milliseconds.
import assert from 'node:assert/strict';
import {createHmac, timingSafeEqual} from 'node:crypto';
import {after, before, beforeEach, describe, it} from 'node:test';
import {http, HttpResponse} from 'msw';
import {setupServer} from 'msw/node';
import {
  MOCK_CLIENT_SECRET,
  MOCK_CLIENT_USER_ID,
  MOCK_SESSION_TOKEN,
  MOCK_USER_ID,
  signNotification,
  type ConnectService,
} from '../../sandbox/connect-service.js';
import {
  connectSource,
  fakeClock,
  json,
  startService,
  token,
  waitFor,
  type FakeClock,
} from './sandbox-helpers.js';

const HOOK = 'https://host.example/api/human-connect/notifications';
const MERCY = 'Mercy General Hospital';

interface Received {
  raw: string;
  signature: string;
  contentType: string;
}

const server = setupServer();
let clock: FakeClock;
let service: ConnectService;
let received: Received[];
/** What the receiver answers next (then 200 once the list runs out). */
let answers: number[];

before(() => server.listen({onUnhandledRequest: 'error'}));
after(() => server.close());
beforeEach(() => {
  clock = fakeClock();
  received = [];
  answers = [];
  service = startService(server, clock, {notifyUrl: HOOK});
  server.use(
    http.post(HOOK, async ({request}) => {
      received.push({
        raw: await request.text(),
        signature: request.headers.get('human-connect-signature') ?? '',
        contentType: request.headers.get('content-type') ?? '',
      });
      return new HttpResponse(null, {status: answers.shift() ?? 200});
    })
  );
});

/** What a receiver does: the HMAC over "<t>.<raw body>", compared in constant time. */
function verifies(header: string, raw: string, secret: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const expected = createHmac('sha256', secret)
    .update(`${m[1]}.${raw}`)
    .digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
}

describe('notifications', () => {
  it('sync.completed after a login completes, signed with the client secret', async () => {
    const session = await token('session', 'alice');
    const id = await connectSource(service, clock, session.token, MERCY);
    await waitFor(() => service.deliveries.length === 1, 'the delivery');

    assert.equal(received.length, 1);
    const [got] = received;
    assert.equal(got!.contentType, 'application/json');
    assert.ok(verifies(got!.signature, got!.raw, MOCK_CLIENT_SECRET));
    assert.ok(!verifies(got!.signature, got!.raw, 'another-secret'));
    assert.ok(!verifies(got!.signature, `${got!.raw} `, MOCK_CLIENT_SECRET));
    assert.equal(
      got!.signature.split(',')[0],
      `t=${Math.floor(clock.now() / 1000)}`
    );

    const body = JSON.parse(got!.raw);
    assert.deepEqual(Object.keys(body).sort(), [
      'clientUserId',
      'connectionId',
      'createdAt',
      'humanId',
      'id',
      'kinds',
      'sourceId',
      'type',
    ]);
    assert.match(body.id, /^ntf_[0-9a-f]{24}$/);
    assert.equal(body.type, 'sync.completed');
    assert.equal(body.humanId, session.humanId);
    assert.equal(body.clientUserId, 'alice');
    assert.equal(body.connectionId, id);
    assert.equal(body.sourceId, service.state.connections.get(id)!.sourceId);
    assert.deepEqual(body.kinds, ['medication', 'test_result', 'condition']);
    assert.equal(body.createdAt, new Date(clock.now()).toISOString());
    assert.deepEqual(service.notifications, [body]);
    assert.equal(service.deliveries[0]!.outcome, 'delivered');
  });

  it('the exported signNotification gives the same signature as an independent HMAC', async () => {
    const raw = '{"id":"ntf_1","type":"data.updated"}';
    const header = await signNotification('s3cret', raw, 1_796_000_000);
    assert.ok(header.startsWith('t=1796000000,v1='));
    assert.ok(verifies(header, raw, 's3cret'));
  });

  it('data.updated after records are added, connection.error after a break', async () => {
    const session = await token('session', MOCK_CLIENT_USER_ID);
    const id = await connectSource(service, clock, session.token, MERCY);
    await waitFor(() => received.length === 1, 'sync.completed');

    clock.advance(1000);
    const added = service.addRecords({connectionId: id, kind: 'condition'});
    assert.equal(added.length, 1);
    await waitFor(() => received.length === 2, 'data.updated');
    const updated = JSON.parse(received[1]!.raw);
    assert.equal(updated.type, 'data.updated');
    assert.deepEqual(updated.kinds, ['condition']);
    assert.equal(updated.humanId, MOCK_USER_ID);
    assert.equal(updated.clientUserId, MOCK_CLIENT_USER_ID);

    assert.equal(service.breakConnection(id), true);
    await waitFor(() => received.length === 3, 'connection.error');
    const broken = JSON.parse(received[2]!.raw);
    assert.equal(broken.type, 'connection.error');
    assert.equal(broken.connectionId, id);
    assert.deepEqual(broken.kinds, []);
    const seen = await json(`/connections/${id}`, {token: session.token});
    assert.equal(seen.body.connection.status, 'error');
    assert.equal(seen.body.connection.error.code, 'reauth_required');
    assert.ok(
      received.every((r) => verifies(r.signature, r.raw, MOCK_CLIENT_SECRET))
    );
    assert.equal(new Set(received.map((r) => JSON.parse(r.raw).id)).size, 3);
  });

  it('retries a 500 with backoff until the receiver takes it, and never after', async () => {
    answers = [500, 503];
    const id = await connectSource(service, clock, MOCK_SESSION_TOKEN, MERCY);
    await waitFor(() => service.deliveries.length === 1, 'attempt 1');
    assert.deepEqual(
      {...service.deliveries[0], startedAt: null},
      {
        notificationId: service.notifications[0]!.id,
        type: 'sync.completed',
        url: HOOK,
        attempt: 1,
        startedAt: null,
        outcome: 'failed',
        status: 500,
        error: 'status 500',
        retryInMs: 1000,
      }
    );
    clock.advance(999);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(received.length, 1, 'not before the backoff is over');
    clock.advance(1);
    await waitFor(() => service.deliveries.length === 2, 'attempt 2');
    assert.equal(service.deliveries[1]!.retryInMs, 2000);
    clock.advance(2000);
    await waitFor(() => service.deliveries.length === 3, 'attempt 3');
    assert.equal(service.deliveries[2]!.outcome, 'delivered');
    assert.equal(service.deliveries[2]!.retryInMs, null);

    // The same notification each time, signed anew with the time of the attempt.
    assert.equal(new Set(received.map((r) => r.raw)).size, 1);
    assert.ok(
      received.every((r) => verifies(r.signature, r.raw, MOCK_CLIENT_SECRET))
    );
    assert.notEqual(received[0]!.signature, received[2]!.signature);

    clock.advance(600_000);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(received.length, 3);
    assert.equal(clock.pending(), 0);
    assert.ok(service.state.connections.get(id));
  });

  it('gives up after 5 attempts, 1 s, 2 s, 4 s and 8 s apart', async () => {
    answers = Array(10).fill(500);
    await connectSource(service, clock, MOCK_SESSION_TOKEN, MERCY);
    for (const [i, wait] of [0, 1000, 2000, 4000, 8000].entries()) {
      clock.advance(wait);
      await waitFor(
        () => service.deliveries.length === i + 1,
        `attempt ${i + 1}`
      );
    }
    assert.deepEqual(
      service.deliveries.map((d) => [d.attempt, d.outcome, d.retryInMs]),
      [
        [1, 'failed', 1000],
        [2, 'failed', 2000],
        [3, 'failed', 4000],
        [4, 'failed', 8000],
        [5, 'failed', null],
      ]
    );
    clock.advance(3600_000);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(received.length, 5);
    assert.equal(clock.pending(), 0);
  });

  it('a receiver that never answers times out after 5 s and is retried, while the API answers', async () => {
    const calls: {url: string; signal: AbortSignal}[] = [];
    clock = fakeClock();
    service = startService(server, clock, {
      notifyUrl: HOOK,
      // Hangs, and does not even honour its abort signal.
      fetch: (input, init) => {
        calls.push({url: String(input), signal: init!.signal!});
        return new Promise<Response>(() => {});
      },
    });
    const id = await connectSource(service, clock, MOCK_SESSION_TOKEN, MERCY);
    await waitFor(() => calls.length === 1, 'the first attempt');

    const access = service.issueAccessToken();
    const sources = await json('/human/sources', {token: access});
    assert.equal(sources.status, 200);
    service.addRecords({connectionId: id});
    await waitFor(
      () => calls.length === 2,
      'data.updated, not queued behind the stalled one'
    );

    clock.advance(4999);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(service.deliveries.length, 0);
    clock.advance(1);
    await waitFor(() => service.deliveries.length === 2, 'the timeouts');
    assert.ok(
      service.deliveries.every(
        (d) => d.error === 'timeout' && d.retryInMs === 1000
      )
    );
    assert.ok(calls.every((c) => c.signal.aborted));

    for (const wait of [1000, 2000, 4000, 8000]) {
      const before = calls.length;
      clock.advance(wait);
      await waitFor(
        () => calls.length === before + 2,
        `the retries after ${wait} ms`
      );
      clock.advance(5000);
      await waitFor(
        () => service.deliveries.length === before + 2,
        'their timeouts'
      );
    }
    assert.equal(calls.length, 10);
    assert.deepEqual(
      service.deliveries.map((d) => d.attempt),
      [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    );
    assert.equal(clock.pending(), 0);
  });

  it('a network error is retried like a 500', async () => {
    server.use(http.post(HOOK, () => HttpResponse.error(), {once: true}));
    await connectSource(service, clock, MOCK_SESSION_TOKEN, MERCY);
    await waitFor(() => service.deliveries.length === 1, 'attempt 1');
    assert.equal(service.deliveries[0]!.outcome, 'failed');
    assert.equal(service.deliveries[0]!.status, undefined);
    clock.advance(1000);
    await waitFor(() => service.deliveries.length === 2, 'attempt 2');
    assert.equal(service.deliveries[1]!.outcome, 'delivered');
  });

  it('reset() stops pending retries; no URL, no delivery; the URL can change at run time', async () => {
    answers = [500];
    await connectSource(service, clock, MOCK_SESSION_TOKEN, MERCY);
    await waitFor(() => service.deliveries.length === 1, 'attempt 1');
    service.reset();
    assert.equal(clock.pending(), 0);
    assert.deepEqual(service.deliveries, []);
    clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(received.length, 1);

    service.options.notifyUrl = undefined;
    const id = await connectSource(service, clock, MOCK_SESSION_TOKEN, MERCY);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(service.notifications.length, 1, 'made, for the tests');
    assert.deepEqual(service.deliveries, []);

    service.options.notifyUrl = HOOK;
    clock.advance(1000);
    service.addRecords({connectionId: id, count: 3});
    await waitFor(
      () => service.deliveries.length === 1,
      'delivered to the new URL'
    );
    assert.equal(JSON.parse(received.at(-1)!.raw).type, 'data.updated');
  });
});
