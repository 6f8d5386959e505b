/**
 * `POST /api/human-connect/notifications`: the signature check, the answer
 * before the pull, and a second delivery of one id.
 *
 *   node --import tsx --test examples/server/notifications.test.ts
 */
import assert from 'node:assert/strict';
import {createHmac} from 'node:crypto';
import {after, before, describe, it} from 'node:test';
import {MOCK_CLIENT_SECRET} from '../../sandbox/connect-service.js';
import {
  startMockService,
  type NodeMockServiceHandle,
} from '../../sandbox/node.js';
import {checkSignature} from './notifications.js';
import {
  CONNECT_BASE,
  freshDb,
  sessionTokenFor,
  startHost,
  type Host,
  type TestDb,
} from './test-support.js';

const NOW = () => Math.floor(Date.now() / 1000);

/** Signed as the contract says, here with node:crypto (the sandbox uses Web Crypto). */
function signature(body: string, t = NOW(), secret = MOCK_CLIENT_SECRET) {
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

let counter = 0;
function notification(humanId: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    id: `ntf_test_${++counter}`,
    type: 'data.updated',
    createdAt: new Date().toISOString(),
    humanId,
    clientUserId: 'ignored',
    connectionId: 'con_x',
    sourceId: 'src_x',
    kinds: ['medication'],
    ...extra,
  });
}

describe('notifications', () => {
  let mock: NodeMockServiceHandle;
  let testDb: TestDb;
  let host: Host;
  let humanId: string;

  before(async () => {
    mock = startMockService({
      apiBase: CONNECT_BASE,
      latencyMs: 0,
      seedConnection: false,
    });
    testDb = await freshDb();
    host = await startHost({db: testDb.db});
    // The server learns Iris's human id from the session token answer.
    await sessionTokenFor(host, 'iris');
    humanId = mock.service.humanIdOf('iris');
  });

  after(async () => {
    await host.close();
    mock.stop();
    await testDb.remove();
  });

  async function post(body: string, sig?: string) {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
    };
    if (sig !== undefined) headers['Human-Connect-Signature'] = sig;
    const res = await fetch(`${host.base}/api/human-connect/notifications`, {
      method: 'POST',
      headers,
      body,
    });
    const json = (await res.json()) as {error?: {code: string}};
    return {status: res.status, body: json};
  }

  const pulls = () => mock.service.requestsTo('GET', '/human/medications');

  it('accepts a good signature, answers, then pulls for the user of that humanId', async () => {
    const before = pulls().length;
    const body = notification(humanId);
    const r = await post(body, signature(body));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {received: true});
    await host.settled();
    assert.equal(pulls().length, before + 1);
    assert.match(pulls().at(-1)!.headers['authorization'] ?? '', /^Bearer /);
  });

  it('treats a second delivery of an id as done: 200, nothing pulled', async () => {
    const body = notification(humanId);
    assert.equal((await post(body, signature(body))).status, 200);
    await host.settled();
    const before = pulls().length;
    // Delivered again later, signed anew (as a retry is).
    const again = await post(body, signature(body, NOW() + 1));
    assert.equal(again.status, 200);
    await host.settled();
    assert.equal(pulls().length, before);
  });

  it('refuses a missing, malformed or wrong signature with 401, and remembers nothing', async () => {
    const body = notification(humanId);
    const good = signature(body);
    const v1 = good.split('v1=')[1]!;
    const cases: [string, string | undefined][] = [
      ['no header', undefined],
      ['empty header', ''],
      ['no t', `v1=${v1}`],
      ['no v1', `t=${NOW()}`],
      ['t not a number', `t=soon,v1=${v1}`],
      ['v1 too short', `t=${NOW()},v1=${v1.slice(1)}`],
      ['v1 not hex', `t=${NOW()},v1=${'z'.repeat(64)}`],
      ['another secret', signature(body, NOW(), 'not-the-secret')],
      ['another time than signed', `t=${NOW() - 10},v1=${v1}`],
    ];
    const before = pulls().length;
    for (const [what, sig] of cases) {
      const r = await post(body, sig);
      assert.equal(r.status, 401, what);
      assert.equal(r.body.error?.code, 'invalid_signature', what);
    }
    // The body changed after signing, by one byte the JSON would not even notice.
    const tampered = body.replace(humanId, `${humanId} `);
    assert.equal((await post(tampered, good)).status, 401);
    await host.settled();
    assert.equal(pulls().length, before);
    // None of those was recorded: the real delivery of that id still counts.
    assert.equal((await post(body, good)).status, 200);
    await host.settled();
    assert.equal(pulls().length, before + 1);
  });

  it('refuses a timestamp more than 5 minutes from the clock, either way', async () => {
    // Well clear of the bound: the server reads its clock a moment after the test read its own
    // (and the test's is rounded down to the second). The bound itself, to the second, is
    // checkSignature's test, on a clock of its own.
    for (const offset of [-330, 330, -3600]) {
      const body = notification(humanId);
      const r = await post(body, signature(body, NOW() + offset));
      assert.equal(r.status, 401, String(offset));
    }
    const body = notification(humanId);
    assert.equal((await post(body, signature(body, NOW() - 270))).status, 200);
    await host.settled();
  });

  it('answers before the pull, which runs afterwards', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = await startHost({
      db: testDb.db,
      fetch: async (input, init) => {
        if (String(input).includes('/human/')) await gate;
        return fetch(input, init);
      },
    });
    try {
      const before = pulls().length;
      const body = notification(humanId);
      const res = await fetch(`${slow.base}/api/human-connect/notifications`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Human-Connect-Signature': signature(body),
        },
        body,
      });
      // Answered while the Data API is held up: the pull has not reached it yet.
      assert.equal(res.status, 200);
      assert.equal(pulls().length, before);
      release();
      await slow.settled();
      assert.equal(pulls().length, before + 1);
    } finally {
      release();
      await slow.close();
    }
  });

  it('answers 200 for a humanId it does not know, and pulls nothing', async () => {
    const before = pulls().length;
    const body = notification('hum_nobody');
    assert.equal((await post(body, signature(body))).status, 200);
    await host.settled();
    assert.equal(pulls().length, before);
    assert.ok(host.logs.some((l) => l.includes('no user for its humanId')));
  });

  it('answers 400 for a signed body that is not a notification', async () => {
    for (const body of [
      'not json',
      '[]',
      JSON.stringify({id: 'x', type: 't'}),
    ]) {
      const r = await post(body, signature(body));
      assert.equal(r.status, 400, body);
    }
  });
});

describe('checkSignature', () => {
  it('compares only equal-length buffers, and takes any of several v1', () => {
    const body = Buffer.from('{"id":"n"}');
    const t = NOW();
    const good = signature(body.toString(), t, 's').split('v1=')[1]!;
    const now = t * 1000;
    assert.equal(checkSignature(`t=${t},v1=${good}`, body, 's', now), null);
    assert.equal(
      checkSignature(`t=${t},v1=${'0'.repeat(64)},v1=${good}`, body, 's', now),
      null
    );
    assert.equal(
      checkSignature(`t=${t},v1=${good}00`, body, 's', now),
      'malformed'
    );
    assert.equal(checkSignature(undefined, body, 's', now), 'missing');
    assert.equal(checkSignature(['a', 'b'], body, 's', now), 'malformed');
    // Up to 5 minutes either way, to the millisecond.
    for (const [offsetMs, expected] of [
      [300_000, null],
      [-300_000, null],
      [300_001, 'stale'],
      [-300_001, 'stale'],
    ] as const) {
      assert.equal(
        checkSignature(`t=${t},v1=${good}`, body, 's', now + offsetMs),
        expected,
        String(offsetMs)
      );
    }
    assert.equal(
      checkSignature(`t=${t},v1=${good}`, Buffer.from('{"id":"m"}'), 's', now),
      'mismatch'
    );
  });
});
