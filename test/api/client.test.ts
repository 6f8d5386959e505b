import {expect} from '@open-wc/testing';
import {http, HttpResponse} from 'msw';
import {ConnectApiClient} from '../../src/api/client.js';
import {ConnectApiError} from '../../src/api/errors.js';
import {mockService, MOCK_SESSION_TOKEN} from '../helpers/widget.js';

async function client(token = MOCK_SESSION_TOKEN, refreshToken?: () => Promise<string | undefined>) {
  const mock = await mockService();
  return {mock, api: new ConnectApiClient({baseUrl: new URL(mock.apiBase), getToken: () => token, refreshToken})};
}

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
    const {mock, api} = await client();
    await api.searchSources({q: 'mercy', category: 'hospital', limit: 5});
    const [request] = mock.service.requestsTo('GET', '/sources');
    expect(request.headers.authorization).to.equal(`Bearer ${MOCK_SESSION_TOKEN}`);
    expect(request.headers.accept).to.equal('application/json');
    expect(request.url).not.to.include(MOCK_SESSION_TOKEN);
    expect(new URL(request.url).searchParams.get('category')).to.equal('hospital');
  });

  it('maps the contract’s error codes, and an unknown code to server_error', async () => {
    const {mock, api} = await client();
    const cases = [
      [404, 'not_found', 'not_found'],
      [409, 'conflict', 'conflict'],
      [400, 'bad_request', 'bad_request'],
      [500, 'teapot_exploded', 'server_error'],
    ] as const;
    for (const [status, code, expected] of cases) {
      mock.service.scenario.failOn = {method: 'GET', path: '/connections/:id', status, code, times: 1};
      const error = await failure(api.getConnection('conn_x'));
      expect(error.code).to.equal(expected);
      expect(error.status).to.equal(status);
    }
  });

  it('reads Retry-After from 429 and 503', async () => {
    const {mock, api} = await client();
    mock.service.scenario.failOn = {method: 'GET', path: '/sources', status: 429, retryAfter: 7, times: 1};
    const error = await failure(api.searchSources({}));
    expect(error.code).to.equal('rate_limited');
    expect(error.retryAfter).to.equal(7);
  });

  it('turns answers that break the contract into invalid_response', async () => {
    const {mock, api} = await client();
    const bodies: unknown[] = [
      {sources: 'no', nextCursor: null, total: 1},
      {sources: [{id: 'x', name: 'X', category: 'spaceship'}], nextCursor: null, total: 1},
      {sources: [{id: 'x', name: 42, category: 'lab'}], nextCursor: null, total: 1},
      {sources: [], total: 0},
      null,
      [],
    ];
    for (const body of bodies) {
      mock.worker.use(http.get(`${mock.apiBase}/sources`, () => HttpResponse.json(body as never), {once: true}));
      expect((await failure(api.searchSources({}))).code, JSON.stringify(body)).to.equal('invalid_response');
    }
    mock.worker.use(http.get(`${mock.apiBase}/sources`, () => new HttpResponse(''), {once: true}));
    expect((await failure(api.searchSources({}))).code).to.equal('invalid_response');
  });

  it('drops unknown fields and keeps what the contract names', async () => {
    const {mock, api} = await client();
    mock.worker.use(
      http.get(`${mock.apiBase}/sources`, () =>
        HttpResponse.json({
          sources: [{id: 's', name: 'S', category: 'lab', extra: '<script>', location: {city: 'Reno', evil: 1}}],
          nextCursor: null,
          total: 1,
          more: true,
        }), {once: true})
    );
    const page = await api.searchSources({});
    expect(page).to.deep.equal({sources: [{id: 's', name: 'S', category: 'lab', location: {city: 'Reno'}}], nextCursor: null, total: 1});
  });

  it('fails as network_error when the network does, and as an abort when aborted', async () => {
    const {mock, api} = await client();
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
    const mock = await mockService();
    mock.service.scenario.latencyMs = 300;
    const api = new ConnectApiClient({baseUrl: new URL(mock.apiBase), getToken: () => MOCK_SESSION_TOKEN, timeoutMs: 50});
    expect((await failure(api.getSession())).code).to.equal('timeout');
  });

  it('retries once with a fresh token when the token expired', async () => {
    const mock = await mockService();
    mock.service.expireToken(MOCK_SESSION_TOKEN);
    const fresh = mock.service.issueSessionToken();
    let token = MOCK_SESSION_TOKEN;
    let asked = 0;
    const api = new ConnectApiClient({
      baseUrl: new URL(mock.apiBase),
      getToken: () => token,
      refreshToken: async () => {
        asked++;
        token = fresh;
        return fresh;
      },
    });
    const session = await api.getSession();
    expect(session.app.name).to.equal('Acme Health Coach');
    expect(asked).to.equal(1);

    // A provider that hands back a token that is expired too: one retry only.
    mock.service.expireToken(fresh);
    expect((await failure(api.getSession())).code).to.equal('token_expired');
    expect(asked).to.equal(2);
  });

  it('reports token_expired when the token provider itself fails', async () => {
    const mock = await mockService();
    mock.service.expireToken(MOCK_SESSION_TOKEN);
    const api = new ConnectApiClient({
      baseUrl: new URL(mock.apiBase),
      getToken: () => MOCK_SESSION_TOKEN,
      refreshToken: () => Promise.reject(new Error('the host server is down')),
    });
    expect((await failure(api.getSession())).code).to.equal('token_expired');
  });

  it('refuses to send a request without a token', async () => {
    const {mock, api} = await client('');
    expect((await failure(api.getSession())).code).to.equal('invalid_token');
    expect(mock.service.requestsTo()).to.have.length(0);
  });
});
