// The API client alone, through its seams (fetch and clock). The session
// token: requests that meet an expired token together share one refresh, a
// token the host set meanwhile is used as it is, a provider that fails, hangs
// or is left behind by an aborted step ends cleanly, and a token no header can
// carry is refused before any request. The URLs it builds, and the answers it
// refuses to build them from.
import assert from 'node:assert/strict';
import {beforeEach, describe, test} from 'node:test';
import {ConnectApiClient} from '../../src/api/client.js';
import {ConnectApiError} from '../../src/api/errors.js';
import {parseApiBase} from '../../src/api/urls.js';
import {connection, FakeClock, session, settle} from './fakes.js';

const BASE = new URL('https://connect.example.com/v1/');
const TIMEOUT_MS = 20_000;

let clock: FakeClock;
let expired: Set<string>;
/** The token of each request the fake service received, in order. */
let sent: string[];
let token: string | undefined;

beforeEach(() => {
  clock = new FakeClock();
  expired = new Set(['old']);
  sent = [];
  token = 'old';
});

/** What the fake service answers a token it takes: the session, unless a test says otherwise. */
let answer: () => unknown;
/** The URL of each request the fake service received, in order. */
let urls: string[];

beforeEach(() => {
  answer = () => session();
  urls = [];
});

/** A service that answers `token_expired` to the tokens in `expired`, and `answer()` to others. */
const fetch: typeof globalThis.fetch = async (url, init) => {
  const auth = new Headers(init?.headers).get('Authorization') ?? '';
  const bearer = auth.replace(/^Bearer /, '');
  sent.push(bearer);
  urls.push(String(url));
  const body = expired.has(bearer)
    ? {error: {code: 'token_expired', message: 'expired'}}
    : answer();
  return new Response(JSON.stringify(body), {
    status: expired.has(bearer) ? 401 : 200,
    headers: {'Content-Type': 'application/json'},
  });
};

function client(
  refreshToken?: () => Promise<string | undefined>,
  baseUrl = BASE
) {
  return new ConnectApiClient({
    baseUrl,
    getToken: () => token,
    refreshToken,
    timeoutMs: TIMEOUT_MS,
    fetch,
    clock,
  });
}

/**
 * A provider the test answers by hand, counting its calls. An answer becomes the token, as the
 * element's provider makes it.
 */
function provider() {
  const calls: ((fresh: string) => void)[] = [];
  const refresh = () =>
    new Promise<string | undefined>((resolve) =>
      calls.push((fresh) => resolve((token = fresh)))
    );
  return {refresh, calls};
}

const failure = (work: Promise<unknown>) =>
  work.then(
    () => assert.fail('it answered'),
    (error: Error) => error
  );

describe('ConnectApiClient: the session token and its refresh', () => {
  test('requests that meet the expiry together share one provider call, then each goes on with the fresh token', async () => {
    const {refresh, calls} = provider();
    const api = client(refresh);
    const reads = [api.getSession(), api.getSession(), api.getSession()];
    await settle();
    assert.equal(calls.length, 1, 'one call for the three');
    calls[0]!('fresh');
    const answers = await Promise.all(reads);
    assert.equal(answers.length, 3);
    assert.deepEqual(sent, ['old', 'old', 'old', 'fresh', 'fresh', 'fresh']);
    assert.equal(calls.length, 1);
  });

  test('a token the host set meanwhile is used as it is: no provider call', async () => {
    const {refresh, calls} = provider();
    const api = client(refresh);
    const read = api.getSession();
    token = 'from-host';
    await read;
    assert.equal(calls.length, 0);
    assert.deepEqual(sent, ['old', 'from-host']);
  });

  test('a later expiry asks again: the refresh is shared only while it runs', async () => {
    const {refresh, calls} = provider();
    const api = client(refresh);
    const first = api.getSession();
    await settle();
    calls[0]!('fresh');
    await first;
    expired.add('fresh');
    const second = api.getSession();
    await settle();
    assert.equal(calls.length, 2);
    calls[1]!('fresher');
    await second;
    assert.deepEqual(sent, ['old', 'fresh', 'fresh', 'fresher']);
  });

  test('a provider that hangs: token_expired once the request timeout has passed, for every request waiting', async () => {
    const {refresh, calls} = provider();
    const api = client(refresh);
    const reads = [failure(api.getSession()), failure(api.getSession())];
    await settle();
    await clock.tick(TIMEOUT_MS - 1);
    let ended = false;
    void Promise.all(reads).then(() => (ended = true));
    await settle();
    assert.equal(ended, false, 'still waiting a moment before the timeout');
    await clock.tick(1);
    for (const error of await Promise.all(reads)) {
      assert.ok(error instanceof ConnectApiError);
      assert.equal(error.code, 'token_expired');
    }
    assert.equal(calls.length, 1);
    assert.equal(clock.pending, 0, 'no timer left behind');
  });

  test('a provider that fails, or answers the same token: token_expired, and no third try', async () => {
    let answer: () => Promise<string | undefined> = () =>
      Promise.reject(new Error('the host server is down'));
    const api = client(() => answer());
    const error = await failure(api.getSession());
    assert.equal((error as ConnectApiError).code, 'token_expired');
    answer = async () => 'old';
    const again = await failure(api.getSession());
    assert.equal((again as ConnectApiError).code, 'token_expired');
    assert.deepEqual(sent, ['old', 'old']);
  });

  test("a step aborted while the refresh runs ends at once as an abort; the others still get the refresh's token", async () => {
    const {refresh, calls} = provider();
    const api = client(refresh);
    const controller = new AbortController();
    const mine = failure(api.getSession(controller.signal));
    const theirs = api.getSession();
    await settle();
    controller.abort();
    assert.equal((await mine).name, 'AbortError');
    calls[0]!('fresh');
    await theirs;
    assert.deepEqual(sent, ['old', 'old', 'fresh']);
  });

  test('without a provider, the expiry stands', async () => {
    const api = client();
    const error = await failure(api.getSession());
    assert.equal((error as ConnectApiError).code, 'token_expired');
    assert.deepEqual(sent, ['old']);
  });

  test('a token a header cannot carry is invalid_token, and nothing is sent', async () => {
    for (const bad of ['tok\r\nX-Evil: 1', 'tøken', 'two words']) {
      token = bad;
      const error = await failure(client().getSession());
      assert.equal((error as ConnectApiError).code, 'invalid_token');
    }
    assert.deepEqual(sent, []);
  });
});

describe('ConnectApiClient: URLs, and the ids in them', () => {
  beforeEach(() => {
    token = 'ok';
  });

  test('an api-base with no path gives one slash before each path', async () => {
    await client(
      undefined,
      parseApiBase('https://connect.example.com')!
    ).getSession();
    await client(
      undefined,
      parseApiBase('https://connect.example.com/v1/')!
    ).getSession();
    assert.deepEqual(urls, [
      'https://connect.example.com/session',
      'https://connect.example.com/v1/session',
    ]);
  });

  test('a connection id "." or ".." is not an answer: it would name the collection, or the level above', async () => {
    for (const id of ['.', '..']) {
      answer = () => session([connection(id, 'mercy', 'synced')]);
      const error = await failure(client().getSession());
      assert.equal((error as ConnectApiError).code, 'invalid_response', id);
    }
    answer = () => session([connection('...', 'mercy', 'synced')]);
    const {connections} = await client().getSession();
    assert.equal(connections[0]!.id, '...');
    await client().deleteConnection('c/..');
    assert.equal(
      urls.at(-1),
      'https://connect.example.com/v1/connections/c%2F..'
    );
  });

  test('fields another script added to Object.prototype are not part of an answer', async () => {
    const polluted = Object.prototype as Record<string, unknown>;
    polluted.logoUrl = 'https://evil.example/logo.png';
    polluted.termsUrl = 'https://evil.example/terms';
    try {
      answer = () => ({
        sources: [{id: 'mercy', name: 'Mercy', category: 'hospital'}],
        nextCursor: null,
        total: 1,
      });
      const page = await client().searchSources({});
      assert.equal(Object.hasOwn(page.sources[0]!, 'logoUrl'), false);
      answer = () => session();
      const read = await client().getSession();
      assert.equal(Object.hasOwn(read.app, 'termsUrl'), false);
    } finally {
      delete polluted.logoUrl;
      delete polluted.termsUrl;
    }
  });
});

const JSON_TYPE = {'Content-Type': 'application/json'};

describe('ConnectApiClient: bounds on what the service can make it hold', () => {
  beforeEach(() => {
    token = 'ok';
  });

  /** A client whose service answers `response()` to every request. */
  const answering = (response: () => Response) =>
    new ConnectApiClient({
      baseUrl: BASE,
      getToken: () => token,
      timeoutMs: TIMEOUT_MS,
      fetch: async () => response(),
      clock,
    });

  const code = async (work: Promise<unknown>) =>
    ((await failure(work)) as ConnectApiError).code;

  test('an answer over 2 MB is invalid_response, and the rest is not read', async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode(`"${'x'.repeat(64 * 1024)}`);
    const endless = answering(
      () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              pulled++;
              controller.enqueue(chunk);
            },
          }),
          {headers: JSON_TYPE}
        )
    );
    assert.equal(await code(endless.getSession()), 'invalid_response');
    assert.ok(pulled > 0 && pulled < 40, `read ${pulled} chunks of 64 KB`);
  });

  test('an answer not labelled JSON is invalid_response, however it parses', async () => {
    const body = JSON.stringify(session());
    assert.equal(
      (
        await answering(
          () => new Response(body, {headers: JSON_TYPE})
        ).getSession()
      ).app.name,
      session().app.name,
      'labelled JSON, the same body is an answer'
    );
    for (const type of ['text/html', 'text/plain', '']) {
      const labelled = answering(
        () => new Response(body, {headers: {'Content-Type': type}})
      );
      assert.equal(await code(labelled.getSession()), 'invalid_response', type);
    }
  });

  test('a body cut off mid-way is a network fault, and a read is tried again', async () => {
    let tries = 0;
    const dropped = new ConnectApiClient({
      baseUrl: BASE,
      getToken: () => token,
      timeoutMs: TIMEOUT_MS,
      retry: {baseMs: 1, maxMs: 1},
      fetch: async () => {
        tries++;
        let sent = false;
        return new Response(
          new ReadableStream({
            pull(controller) {
              if (sent) return controller.error(new TypeError('dropped'));
              sent = true;
              controller.enqueue(new TextEncoder().encode('{"app":'));
            },
          }),
          {headers: JSON_TYPE}
        );
      },
    });
    assert.equal(await code(dropped.getSession()), 'network_error');
    assert.equal(tries, 3, 'the first try and two more');
  });

  test('lists longer than the contract allows are invalid_response', async () => {
    const many = (n: number) =>
      Array.from({length: n}, (_, i) => ({
        id: `s${i}`,
        name: `Source ${i}`,
        category: 'hospital',
      }));
    const json = (body: unknown) => () =>
      new Response(JSON.stringify(body), {headers: JSON_TYPE});
    assert.equal(
      await code(
        answering(
          json({sources: many(501), nextCursor: null, total: 501})
        ).searchSources({})
      ),
      'invalid_response'
    );
    const page = await answering(
      json({sources: many(500), nextCursor: null, total: 500})
    ).searchSources({});
    assert.equal(page.sources.length, 500);
    const aliased = {...many(1)[0], aliases: Array(51).fill('a')};
    assert.equal(
      await code(
        answering(
          json({sources: [aliased], nextCursor: null, total: 1})
        ).searchSources({})
      ),
      'invalid_response'
    );
  });
});
