/**
 * A host server's half of the flow, tested against `human-connect/mock`: copy it into your own
 * tests (node:test here; Vitest and Jest read the same). msw in Node answers the Connect API, the
 * controls stand in for what the person does in the popup, and the notifications reach a real
 * receiver on this machine, as they would reach your server.
 *
 * In your project the import is `from 'human-connect/mock'` (with msw installed); this
 * repository's copy runs from the sources.
 */
import assert from 'node:assert/strict';
import {createHmac, timingSafeEqual} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {after, before, test} from 'node:test';
import {setupServer} from 'msw/node';
import {
  createConnectService,
  MOCK_CLIENT_ID,
  MOCK_CLIENT_SECRET,
  MOCK_CONSENT,
  SIGNATURE_HEADER,
  type ConnectService,
  type Notification,
} from '../../sandbox/mock.js';

const API = 'https://connect.example.test/v1';

/** Stands in for your server's notification endpoint: what it got, with the signature. */
const received: {body: string; signature: string}[] = [];
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    received.push({
      body,
      signature: req.headers['human-connect-signature'] as string,
    });
    res.writeHead(204).end();
  });
});

let service: ConnectService;
const server = setupServer();

before(async () => {
  await new Promise<void>((resolve) =>
    receiver.listen(0, '127.0.0.1', resolve)
  );
  const {port} = receiver.address() as AddressInfo;
  service = createConnectService({
    apiBase: API,
    loginUrl: 'https://connect.example.test/login',
    latencyMs: 0,
    syncDurationMs: 50,
    notifyUrl: `http://127.0.0.1:${port}/notifications`,
  });
  server.resetHandlers(...service.handlers);
  // The notifications are real requests to the receiver: msw lets them through.
  server.listen({onUnhandledRequest: 'bypass'});
});

after(() => {
  service.dispose();
  server.close();
  receiver.close();
});

/** What your server does with the client credentials: `POST /tokens`. */
async function tokens(type: 'session' | 'access', clientUserId: string) {
  const res = await fetch(`${API}/tokens`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({
      client_id: MOCK_CLIENT_ID,
      client_secret: MOCK_CLIENT_SECRET,
      client_user_id: clientUserId,
      type,
    }),
  });
  assert.equal(res.status, 200);
  return res.json();
}

/** The check your notification endpoint makes: HMAC-SHA256 of "<t>.<body>" with the client secret. */
function verify(signature: string, body: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature);
  if (!m) return false;
  const expected = createHmac('sha256', MOCK_CLIENT_SECRET)
    .update(`${m[1]}.${body}`)
    .digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
}

async function notification(type: Notification['type']): Promise<Notification> {
  for (let waited = 0; waited < 3000; waited += 10) {
    const hit = received.find((r) => JSON.parse(r.body).type === type);
    if (hit) {
      assert.ok(
        verify(hit.signature, hit.body),
        `${SIGNATURE_HEADER} verifies`
      );
      return JSON.parse(hit.body);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no ${type} notification`);
}

test('a connection, its records, and a signed notification for new ones', async () => {
  // A: your server gets a session token for its signed-in user and hands it to the widget.
  const {session_token, human_id} = await tokens('session', 'user-42');

  // B: the widget creates the connection (here by hand, as the widget would)…
  const source = service.state.sources.find(
    (s) => s.name === 'Mercy General Hospital'
  )!;
  const created = await fetch(`${API}/connections`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${session_token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      sourceId: source.id,
      consent: {
        version: MOCK_CONSENT.version,
        scopes: ['medications', 'test_results', 'conditions'],
        acceptedAt: new Date().toISOString(),
      },
      state: 'any-nonce',
    }),
  });
  assert.equal(created.status, 201);
  const connectionId: string = (await created.json()).connection.id;

  // …and the person signs in to the source in the popup: the control does it.
  assert.ok(service.completeLogin(connectionId, 'connected'));
  await service.waitForConnection(connectionId, ['synced']);

  // C, D: the service tells your server the sync is done.
  const synced = await notification('sync.completed');
  assert.equal(synced.humanId, human_id);
  assert.equal(synced.clientUserId, 'user-42');

  // E: your server pulls the records with an access token.
  const {access_token} = await tokens('access', 'user-42');
  const pull = (query = '') =>
    fetch(`${API}/human/medications${query}`, {
      headers: {Authorization: `Bearer ${access_token}`},
    }).then((r) => r.json());
  const first = await pull();
  assert.ok(first.records.length > 0);
  assert.equal(first.nextCursor, null, 'one page holds them all');
  const watermark = first.records.at(-1).updatedAt;

  // New data at the source: a `data.updated` notification, and `updated_since` gives only it.
  const added = service.addRecords({
    connectionId,
    kind: 'medication',
    count: 2,
  });
  const updated = await notification('data.updated');
  assert.deepEqual(updated.kinds, ['medication']);
  const since = await pull(`?updated_since=${encodeURIComponent(watermark)}`);
  assert.deepEqual(
    since.records.map((r: {id: string}) => r.id).sort(),
    added.map((r) => r.id).sort()
  );
});
