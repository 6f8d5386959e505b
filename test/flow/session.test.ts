import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {http, HttpResponse} from 'msw';
import {findByRole, findText, getByRole} from '../helpers/queries.js';
import {MOCK_SESSION_TOKEN, mountWidget, typeInto} from '../helpers/widget.js';
import {MOCK_EXPIRED_TOKEN} from '../../sandbox/connect-service.js';

describe('the session token', () => {
  const cases = [
    {
      token: null,
      status: 'MISSING_SESSION_TOKEN',
      heading: 'This session could not start',
    },
    {
      token: 'forged-token',
      status: 'SESSION_TOKEN_INVALID',
      heading: 'This session is not valid',
    },
    {
      token: MOCK_EXPIRED_TOKEN,
      status: 'SESSION_TOKEN_EXPIRED',
      heading: 'Your session has expired',
    },
  ] as const;

  for (const {token, status, heading} of cases) {
    it(`${status}: says so, emits error, then close when dismissed`, async () => {
      const {el, events, mock} = await mountWidget({token});
      await findByRole(el, 'heading', heading);
      await expect(el).to.be.accessible();
      expect(events.map((e) => e.type)).to.deep.equal(['error']);
      expect(events[0].detail.status).to.equal(status);
      if (token === null) expect(mock.service.requestsTo()).to.have.length(0);
      getByRole(el, 'button', 'Close').click();
      await waitUntil(() => !el.open);
      expect(events.map((e) => e.type)).to.deep.equal(['error', 'close']);
      const close = events[1].detail as {
        reason: string;
        status: string;
        sessionToken: string;
      };
      expect(close.reason).to.equal('error');
      expect(close.status).to.equal(status);
      expect(close.sessionToken).to.equal(token ?? '');
    });
  }

  it('ends the session when the token expires in the middle of the flow', async () => {
    const {el, of, mock} = await mountWidget();
    await findByRole(el, 'option', /Kaiser/);
    mock.service.expireToken(MOCK_SESSION_TOKEN);
    await typeInto(await findByRole(el, 'combobox'), 'quest');
    await findByRole(el, 'heading', 'Your session has expired');
    expect(of('error')[0].status).to.equal('SESSION_TOKEN_EXPIRED');
  });

  it('asks the tokenProvider for a fresh token and goes on', async () => {
    const {el, of, mock} = await mountWidget({open: false});
    mock.service.expireToken(MOCK_SESSION_TOKEN);
    const fresh = mock.service.issueSessionToken();
    let asked = 0;
    el.tokenProvider = async () => {
      asked++;
      return fresh;
    };
    el.show();
    await findByRole(el, 'option', /Kaiser/);
    expect(asked).to.equal(1);
    expect(el.token).to.equal(fresh);
    expect(of('error')).to.have.length(0);
    const last = mock.service.requestsTo('GET', '/sources').at(-1)!;
    expect(last.headers.authorization).to.equal(`Bearer ${fresh}`);
  });

  it('asks the tokenProvider once for the reads that met the expiry together', async () => {
    const {el, of, mock} = await mountWidget({open: false});
    mock.service.expireToken(MOCK_SESSION_TOKEN);
    const fresh = mock.service.issueSessionToken();
    let asked = 0;
    let answer!: (token: string) => void;
    el.tokenProvider = () => {
      asked++;
      return new Promise((resolve) => (answer = resolve));
    };
    el.show();
    // The session and the popular list are read together, and both meet the expiry.
    const expired = (path: string) =>
      mock.service
        .requestsTo('GET', path)
        .some(
          (r) => r.headers.authorization === `Bearer ${MOCK_SESSION_TOKEN}`
        );
    await waitUntil(
      () => expired('/session') && expired('/sources') && asked > 0,
      'both reads sent with the expired token, and the provider asked'
    );
    answer(fresh);
    await findByRole(el, 'option', /Kaiser/);
    expect(asked).to.equal(1);
    expect(el.token).to.equal(fresh);
    expect(of('error')).to.have.length(0);
  });

  it('keeps a token the host sets while the tokenProvider works', async () => {
    const {el, of, mock} = await mountWidget({open: false});
    mock.service.expireToken(MOCK_SESSION_TOKEN);
    const late = mock.service.issueSessionToken();
    const hosts = mock.service.issueSessionToken();
    let answer!: (token: string) => void;
    el.tokenProvider = () => new Promise((resolve) => (answer = resolve));
    el.show();
    await waitUntil(() => answer !== undefined, 'the provider was asked');
    el.token = hosts;
    answer(late);
    await findByRole(el, 'option', /Kaiser/);
    expect(el.token).to.equal(hosts);
    expect(
      mock.service.requestsTo('GET', '/sources').at(-1)!.headers.authorization
    ).to.equal(`Bearer ${hosts}`);
    expect(of('error')).to.have.length(0);
  });

  it('ends with SESSION_TOKEN_EXPIRED when the tokenProvider never answers', async () => {
    const {el, of, mock} = await mountWidget({open: false});
    mock.service.expireToken(MOCK_SESSION_TOKEN);
    // The wait for a token is the request timeout, which every request meets too: long enough
    // for a request through msw on a busy machine (300 ms was not, in WebKit).
    el.timings = {...el.timings, requestTimeoutMs: 3000};
    el.tokenProvider = () => new Promise(() => {});
    el.show();
    await findByRole(el, 'heading', 'Your session has expired');
    expect(of('error').map((e) => e.status)).to.deep.equal([
      'SESSION_TOKEN_EXPIRED',
    ]);
  });

  it('starts over for another person’s token set while open, with nothing of the last session', async () => {
    const {el, of, mock} = await mountWidget();
    await findByRole(el, 'button', 'Your connected sources (1)');
    const someoneElse = mock.service.issueSessionToken('another-person');
    el.token = someoneElse;
    await waitUntil(
      () =>
        mock.service.requestsTo('GET', '/session').at(-1)?.headers
          .authorization === `Bearer ${someoneElse}`,
      'the session is read again with the new token'
    );
    await findByRole(el, 'option', /Kaiser/);
    await findByRole(el, 'button', 'Your connected sources (0)');
    getByRole(el, 'button', 'Close').click();
    await waitUntil(() => of('close').length === 1);
    expect(of('close')[0].currentConnections).to.deep.equal([]);
  });

  it('uses a token changed while open from the next request on', async () => {
    const {el, mock} = await mountWidget();
    await findByRole(el, 'option', /Kaiser/);
    const fresh = mock.service.issueSessionToken();
    el.token = fresh;
    await waitUntil(
      () => mock.service.requestsTo('GET', '/session').length === 2,
      'a new session'
    );
    await findByRole(el, 'option', /Kaiser/);
    await typeInto(await findByRole(el, 'combobox'), 'quest');
    await findText(el, /\d+ results?/);
    expect(
      mock.service.requestsTo('GET', '/sources').at(-1)!.headers.authorization
    ).to.equal(`Bearer ${fresh}`);
  });
});

describe('reading the session', () => {
  const failures = [
    // `tries`: reads are tried again by themselves when the fault may pass.
    {
      name: 'server error',
      scenario: 'serverError',
      text: /Something went wrong/,
      code: 'server_error',
      tries: 3,
    },
    {
      name: 'network down',
      scenario: 'offline',
      text: /could not reach the service/,
      code: 'network_error',
      tries: 3,
    },
    // Retry-After: 1, waited out twice before the error shows.
    {
      name: 'rate limited',
      scenario: 'rateLimited',
      text: /Too many requests/,
      code: 'rate_limited',
      tries: 3,
    },
    {
      name: 'malformed answer',
      scenario: 'malformed',
      text: /Something went wrong/,
      code: 'invalid_response',
      tries: 1,
    },
  ] as const;

  for (const {name, scenario, text, code, tries} of failures) {
    it(`${name}: a clear message and a retry that works`, async () => {
      const {el, of, mock} = await mountWidget({open: false});
      mock.service.useScenario(scenario);
      el.show();
      await findByRole(el, 'heading', 'We could not load this page', 8000);
      expect(getByRole(el, 'alert').textContent).to.match(text);
      expect(of('error')).to.have.length(1);
      expect(of('error')[0].error.code).to.equal(code);
      expect(mock.service.requestsTo('GET', '/session')).to.have.length(tries);
      await expect(el).to.be.accessible();
      mock.service.useScenario('normal');
      getByRole(el, 'button', 'Try again').click();
      await findByRole(el, 'option', /Kaiser/);
    });
  }

  it('treats a body that is not JSON, or an error of unknown shape, as an error', async () => {
    const {el, of, mock} = await mountWidget({open: false});
    mock.worker.use(
      http.get(
        `${mock.apiBase}/session`,
        () => new HttpResponse('<html>oops</html>', {status: 200}),
        {once: true}
      ),
      // A 502 is worth retrying: it fails on every try.
      http.get(`${mock.apiBase}/sources`, () =>
        HttpResponse.json({error: 'nope'}, {status: 502})
      )
    );
    el.show();
    await findByRole(el, 'heading', 'We could not load this page');
    expect(of('error')[0].error.code).to.equal('invalid_response');
    getByRole(el, 'button', 'Try again').click();
    await findByRole(el, 'heading', 'Find your provider');
    await findByRole(el, 'alert');
    expect(of('error')[1].error.code).to.equal('server_error');
  });

  it('refuses an api-base that is not https', async () => {
    const {el, of, mock} = await mountWidget({
      apiBase: 'http://connect.example.com/v1',
      open: false,
    });
    const before = mock.service.requestsTo().length;
    el.show();
    await findByRole(el, 'heading', 'We could not load this page');
    expect(of('error')[0].error.code).to.equal('bad_request');
    expect(mock.service.requestsTo()).to.have.length(before);
  });
});
