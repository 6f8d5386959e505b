import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {http, HttpResponse} from 'msw';
import {
  ConnectApiClient,
  type ConnectApiOptions,
} from '../../src/api/client.js';
import {ConnectApiError} from '../../src/api/errors.js';
import {READ_RETRY, type RetryPolicy} from '../../src/api/retry.js';
import {goOffline} from '../helpers/network.js';
import {mockService} from '../helpers/widget.js';

/**
 * A client of the mock service (reset to its seeded state), with a session token of its own
 * unless `options` say otherwise. `mine` lists the requests made with that token: a request that
 * an earlier test aborted can still reach the service after the reset, on a busy machine.
 */
async function client(
  options: Omit<Partial<ConnectApiOptions>, 'baseUrl'> = {}
) {
  const mock = await mockService();
  const token = mock.service.issueSessionToken();
  return {
    mock,
    token,
    mine: (method?: string, path?: string) =>
      mock.service
        .requestsTo(method, path)
        .filter((r) => r.headers.authorization === `Bearer ${token}`),
    api: new ConnectApiClient({
      baseUrl: new URL(mock.apiBase),
      getToken: () => token,
      ...options,
    }),
  };
}

const QUICK: Partial<RetryPolicy> = {baseMs: 2, maxMs: 4};

async function failure(promise: Promise<unknown>): Promise<ConnectApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ConnectApiError);
    return error as ConnectApiError;
  }
  throw new Error('expected a failure');
}

describe('Connect API client', () => {
  it('sends the token only in the Authorization header, and asks for JSON', async () => {
    const {api, mine, token} = await client();
    await api.searchSources({q: 'mercy', category: 'hospital', limit: 5});
    const [request] = mine('GET', '/sources');
    expect(request.headers.authorization).to.equal(`Bearer ${token}`);
    expect(request.headers.accept).to.equal('application/json');
    expect(request.url).not.to.include(token);
    expect(new URL(request.url).searchParams.get('category')).to.equal(
      'hospital'
    );
  });

  it('maps the contract’s error codes, and an unknown code to server_error', async () => {
    const {mock, api} = await client({retry: QUICK});
    const cases = [
      [404, 'not_found', 'not_found'],
      [409, 'conflict', 'conflict'],
      [400, 'bad_request', 'bad_request'],
      [500, 'teapot_exploded', 'server_error'],
    ] as const;
    for (const [status, code, expected] of cases) {
      mock.service.scenario.failOn = {
        method: 'GET',
        path: '/connections/:id',
        status,
        code,
        times: READ_RETRY.attempts,
      };
      const error = await failure(api.getConnection('conn_x'));
      expect(error.code).to.equal(expected);
      expect(error.status).to.equal(status);
    }
  });

  it('reads Retry-After from 429 and 503', async () => {
    const {mock, api, mine} = await client();
    mock.service.scenario.failOn = {
      method: 'GET',
      path: '/sources',
      status: 429,
      retryAfter: 7,
      times: 1,
    };
    const error = await failure(api.searchSources({}));
    expect(error.code).to.equal('rate_limited');
    expect(error.retryAfter).to.equal(7);
    // Longer than is worth waiting in the background: shown at once, not retried.
    expect(mine('GET', '/sources')).to.have.length(1);
  });

  it('tries a read again after a fault that may pass, and then answers', async () => {
    const {mock, api, mine} = await client({retry: QUICK});
    for (const status of [0, 500, 502, 503, 429]) {
      const before = mine('GET', '/sources').length;
      mock.service.scenario.failOn = {
        method: 'GET',
        path: '/sources',
        status,
        times: READ_RETRY.attempts - 1,
      };
      const page = await api.searchSources({q: 'quest'});
      expect(page.sources.length, `after ${status}`).to.be.greaterThan(0);
      expect(
        mine('GET', '/sources').length - before,
        `after ${status}`
      ).to.equal(READ_RETRY.attempts);
    }
  });

  it('gives up after a bounded number of tries', async () => {
    const {mock, api, mine} = await client({retry: QUICK});
    mock.service.scenario.failOn = {
      method: 'GET',
      path: '/session',
      status: 503,
    };
    expect((await failure(api.getSession())).code).to.equal(
      'source_unavailable'
    );
    expect(mine('GET', '/session')).to.have.length(READ_RETRY.attempts);
  });

  it('waits out a short Retry-After before the next try', async () => {
    const {mock, api} = await client({retry: QUICK});
    const tries: number[] = [];
    mock.worker.use(
      http.get(`${mock.apiBase}/session`, () => {
        tries.push(performance.now());
        if (tries.length === 1)
          return HttpResponse.json(
            {error: {code: 'rate_limited', message: 'slow down'}},
            {status: 429, headers: {'Retry-After': '1'}}
          );
        return undefined;
      })
    );
    await api.getSession();
    expect(tries).to.have.length(2);
    // A timer never fires early: this is a lower bound, not a race.
    expect(tries[1]! - tries[0]!).to.be.at.least(990);
  });

  it('never repeats a write by itself', async () => {
    const {mock, api, mine} = await client({retry: QUICK});
    const session = await api.getSession();
    const faults = [
      {status: 0},
      {status: 500},
      {status: 503, code: 'source_unavailable'},
      {status: 429, retryAfter: 1},
    ];
    for (const fault of faults) {
      // Each write once, and only once, whatever the fault: counted from here.
      const before = {
        connections: mine('POST', '/connections').length,
        requests: mine('POST', '/source-requests').length,
        deletes: mine('DELETE').length,
      };
      mock.service.scenario.failOn = {
        method: 'POST',
        path: '/connections',
        times: 1,
        ...fault,
      };
      await failure(
        api.createConnection({
          sourceId: 'src_fitbit',
          consent: {
            version: session.consent.version,
            scopes: [],
            acceptedAt: new Date().toISOString(),
          },
          state: 'a-state-of-at-least-sixteen',
        })
      );
      expect(
        mine('POST', '/connections').length - before.connections,
        JSON.stringify(fault)
      ).to.equal(1);
      mock.service.scenario.failOn = {
        method: 'POST',
        path: '/source-requests',
        times: 1,
        ...fault,
      };
      await failure(api.requestSource({name: 'Lakeside Clinic'}));
      expect(
        mine('POST', '/source-requests').length - before.requests,
        JSON.stringify(fault)
      ).to.equal(1);
      mock.service.scenario.failOn = {
        method: 'DELETE',
        path: '/connections/:id',
        times: 1,
        ...fault,
      };
      await failure(api.deleteConnection('conn_x'));
      expect(
        mine('DELETE').length - before.deletes,
        JSON.stringify(fault)
      ).to.equal(1);
    }
  });

  it('stops waiting to retry as soon as the caller aborts', async () => {
    const {mock, api, mine} = await client({
      retry: {baseMs: 60_000, maxMs: 60_000},
    });
    mock.service.scenario.failOn = {
      method: 'GET',
      path: '/session',
      status: 500,
    };
    const controller = new AbortController();
    const pending = api.getSession(controller.signal).catch((e: Error) => e);
    await waitUntil(() => mine('GET', '/session').length === 1);
    controller.abort();
    expect(((await pending) as Error).name).to.equal('AbortError');
    expect(mine('GET', '/session')).to.have.length(1);
  });

  it('fails as offline at once, without retries, when the browser has no network', async () => {
    const {mock, api, mine} = await client({retry: QUICK});
    mock.service.scenario.offline = true;
    const restore = goOffline();
    try {
      expect((await failure(api.getSession())).code).to.equal('offline');
      expect(mine('GET', '/session')).to.have.length(1);
    } finally {
      restore();
    }
  });

  it('turns answers that break the contract into invalid_response', async () => {
    const {mock, api} = await client();
    const bodies: unknown[] = [
      {sources: 'no', nextCursor: null, total: 1},
      {
        sources: [{id: 'x', name: 'X', category: 'spaceship'}],
        nextCursor: null,
        total: 1,
      },
      {
        sources: [{id: 'x', name: 42, category: 'lab'}],
        nextCursor: null,
        total: 1,
      },
      {sources: [], total: 0},
      null,
      [],
    ];
    for (const body of bodies) {
      mock.worker.use(
        http.get(
          `${mock.apiBase}/sources`,
          () => HttpResponse.json(body as never),
          {once: true}
        )
      );
      expect(
        (await failure(api.searchSources({}))).code,
        JSON.stringify(body)
      ).to.equal('invalid_response');
    }
    mock.worker.use(
      http.get(`${mock.apiBase}/sources`, () => new HttpResponse(''), {
        once: true,
      })
    );
    expect((await failure(api.searchSources({}))).code).to.equal(
      'invalid_response'
    );
  });

  it('drops unknown fields and keeps what the contract names', async () => {
    const {mock, api} = await client();
    mock.worker.use(
      http.get(
        `${mock.apiBase}/sources`,
        () =>
          HttpResponse.json({
            sources: [
              {
                id: 's',
                name: 'S',
                category: 'lab',
                extra: '<script>',
                location: {city: 'Reno', evil: 1},
              },
            ],
            nextCursor: null,
            total: 1,
            more: true,
          }),
        {once: true}
      )
    );
    const page = await api.searchSources({});
    expect(page).to.deep.equal({
      sources: [
        {id: 's', name: 'S', category: 'lab', location: {city: 'Reno'}},
      ],
      nextCursor: null,
      total: 1,
    });
  });

  it('fails as network_error when the network does, and as an abort when aborted', async () => {
    const {mock, api} = await client({retry: QUICK});
    mock.service.scenario.offline = true;
    expect((await failure(api.getSession())).code).to.equal('network_error');
    mock.service.scenario.offline = false;
    mock.service.scenario.latencyMs = 200;
    const controller = new AbortController();
    const pending = api.getSession(controller.signal);
    controller.abort();
    const error = await pending.catch((e: Error) => e);
    expect((error as Error).name).to.equal('AbortError');
  });

  it('times out a request that takes too long', async () => {
    const {mock, api} = await client({timeoutMs: 50, retry: QUICK});
    mock.service.scenario.latencyMs = 300;
    expect((await failure(api.getSession())).code).to.equal('timeout');
  });

  it('times out an answer whose body stalls after its headers, and retries the read', async () => {
    // Tries counted as the client makes them: on a busy machine a try can time out before the
    // service has logged it.
    let tries = 0;
    const {mock, api, mine} = await client({
      timeoutMs: 1000,
      retry: QUICK,
      fetch: (input, init) => (tries++, fetch(input, init)),
    });
    mock.service.useScenario('stallBody');
    expect((await failure(api.getSession())).code).to.equal('timeout');
    // A read is tried three times in all; each stalled on its body.
    expect(tries).to.equal(3);
    expect(mine('GET', '/session')).to.have.length.within(1, 3);
  });

  it('ends as an abort when aborted while the body is read: the call never answers', async () => {
    const {mock, api, mine} = await client({timeoutMs: 60_000});
    mock.service.useScenario('stallBody');
    const controller = new AbortController();
    const pending = api.getSession(controller.signal);
    await waitUntil(
      () => mine('GET', '/session').length === 1,
      'the request reached the service'
    );
    controller.abort();
    const error = await pending.then(
      () => new Error('it answered'),
      (e: Error) => e
    );
    expect(error.name).to.equal('AbortError');
  });

  it('reads a body that trickles in, within the timeout', async () => {
    const {mock, api} = await client({timeoutMs: 60_000});
    mock.service.useScenario('trickleBody');
    // A small answer: 16 bytes every 100 ms.
    const [seeded] = [...mock.service.state.connections.values()];
    expect((await api.getConnection(seeded!.id)).sourceName).to.equal(
      seeded!.sourceName
    );
  });

  it('retries once with a fresh token when the token expired', async () => {
    let current = '';
    let next = '';
    let asked = 0;
    const {mock, api, token} = await client({
      getToken: () => current,
      refreshToken: async () => {
        asked++;
        current = next;
        return next;
      },
    });
    current = token;
    mock.service.expireToken(token);
    const fresh = (next = mock.service.issueSessionToken());
    const session = await api.getSession();
    expect(session.app.name).to.equal('Acme Health Coach');
    expect(asked).to.equal(1);

    // A provider that hands back a new token that is expired too: it is tried, once, and the
    // expiry stands.
    mock.service.expireToken(fresh);
    next = mock.service.issueSessionToken();
    mock.service.expireToken(next);
    const before = mock.service.requestsTo('GET', '/session').length;
    expect((await failure(api.getSession())).code).to.equal('token_expired');
    expect(asked).to.equal(2);
    const tried = mock.service
      .requestsTo('GET', '/session')
      .slice(before)
      .map((r) => r.headers.authorization)
      .filter((auth) => [fresh, next].some((t) => auth === `Bearer ${t}`));
    expect(
      tried,
      'the expired token, then the new one, and no more'
    ).to.deep.equal([`Bearer ${fresh}`, `Bearer ${next}`]);
  });

  it('reports token_expired when the token provider itself fails', async () => {
    const {mock, api, token} = await client({
      refreshToken: () => Promise.reject(new Error('the host server is down')),
    });
    mock.service.expireToken(token);
    expect((await failure(api.getSession())).code).to.equal('token_expired');
  });

  it('refuses to send a request without a token', async () => {
    const {mock, api} = await client({getToken: () => ''});
    expect((await failure(api.getSession())).code).to.equal('invalid_token');
    expect(mock.service.requestsTo()).to.have.length(0);
  });
});
