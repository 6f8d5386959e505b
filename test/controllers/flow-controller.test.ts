// FlowController alone: every step transition, every way out, and every
// abort, with a fake Connect API, a fake clock, a stand-in popup and a host
// with no element behind it.
import assert from 'node:assert/strict';
import {resolveObjectURL} from 'node:buffer';
import {createHash} from 'node:crypto';
import {beforeEach, describe, test} from 'node:test';
import type {ConnectApiOptions} from '../../src/api/client.js';
import {ConnectApiError} from '../../src/api/errors.js';
import type {Connection} from '../../src/api/types.js';
import type {CloseReason, StepDetail} from '../../src/events.js';
import {allow, isTicked, tickScope} from '../../src/flow/allow.js';
import {
  receiptOf,
  receiptUrl,
  type SeenConsent,
} from '../../src/flow/receipt.js';
import {FlowController, type Opening} from '../../src/flow/flow-controller.js';
import {
  askDisconnect,
  confirm,
  isDisconnecting,
} from '../../src/flow/confirm.js';
import {
  cancelLogin,
  reopenPopup,
  retryConnect,
} from '../../src/flow/login-steps.js';
import {declineConsent} from '../../src/flow/open-source.js';
import {reconnect} from '../../src/flow/reconnect.js';
import {submitRequest, updateRequestForm} from '../../src/flow/request-flow.js';
import {
  connection,
  FakeApi,
  FakeClock,
  FakePage,
  hear,
  type Heard,
  page,
  session,
  settle,
  source,
  StubHost,
  until,
} from './fakes.js';
import {REPAIR, TO_CONNECTED, TO_CONSENT} from '../helpers/funnel.js';

const API_BASE = 'https://connect.example.com/v1';
const AUTHORIZE_URL = 'https://connect.example.com/authorize/c1';

interface FakePopup {
  url: string;
  closed: boolean;
  close(): void;
  location: {replace(url: string): void};
}

let api: FakeApi;
let clock: FakeClock;
let host: StubHost;
let token: string | undefined;
let events: Heard[];
let steps: StepDetail[];
let closes: CloseReason[];
let popups: FakePopup[];
let popupsBlocked: boolean;
let flow: FlowController;
/** What the next opening opens to (`source-id`, `lock-source`, `featured-sources`). */
let opening: Opening;
/** What the flow made its client with, at its last opening. */
let clientOptions: ConnectApiOptions | undefined;
const thisPage = new FakePage();

beforeEach(() => {
  api = new FakeApi();
  clock = new FakeClock();
  host = new StubHost();
  token = 'tok_1';
  events = [];
  steps = [];
  opening = {};
  closes = [];
  popups = [];
  popupsBlocked = false;
  flow = new FlowController(host, {
    getToken: () => token,
    getApiBase: () => API_BASE,
    emit: hear(
      () => events,
      () => steps
    ),
    close: (reason) => closes.push(reason),
    clock,
    opening: () => opening,
    createClient: (options) => {
      clientOptions = options;
      return api;
    },
    // A browser that opens windows: Allow takes the popup (test/controllers/redirect-flow.test.ts
    // has the redirect).
    page: () => thisPage,
    openPopup: (url) => {
      if (popupsBlocked) return null;
      const popup: FakePopup = {
        url,
        closed: false,
        close: () => void (popup.closed = true),
        location: {replace: (next) => void (popup.url = next)},
      };
      popups.push(popup);
      return popup as unknown as Window;
    },
  });
});

/** The step's name, read afresh (an assertion would narrow `flow.step`). */
const stepName = (): string => flow.step.name;
const names = (name: string) => events.filter((e) => e.name === name);

/** Opens the flow and answers the session and the popular sources. */
async function open(connections: Connection[] = []): Promise<void> {
  flow.start();
  api.next('getSession').resolve(session(connections));
  await settle();
  api.next('searchSources').resolve(page(['mercy', 'down']));
  await settle();
}

/** From search to the login waiting (in the popup, or blocked), for source `mercy`. */
async function toLogin(): Promise<void> {
  await open();
  flow.choose(source('mercy'));
  allow(flow);
  (await api.called('createConnection')).resolve({
    connection: connection('c1', 'mercy', 'pending'),
    authorizeUrl: AUTHORIZE_URL,
  });
  await waitingForLogin();
}

/**
 * Until the watch of syncing connections has set its first wait: the flow
 * imports it on first use (sync-watch.ts).
 */
function syncWatchStarted(): Promise<void> {
  return until(() => clock.dueIn(2000));
}

/** Until the login wait has begun: its first poll and its popup check are set. */
function waitingForLogin(): Promise<void> {
  return until(() => clock.pending >= 2);
}

describe('FlowController: opening', () => {
  test('reads the session and the popular sources together, and shows search once the session is in', async () => {
    flow.start();
    assert.equal(stepName(), 'loading');
    assert.deepEqual(
      api.calls.map((c) => c.method),
      ['searchSources', 'getSession'],
      'both asked at once'
    );
    api.next('searchSources').resolve(page(['mercy']));
    await settle();
    assert.equal(stepName(), 'loading', 'the list waits for the session');
    api.next('getSession').resolve(session());
    await settle();
    assert.equal(stepName(), 'search');
    assert.deepEqual(
      flow.search.sources.map((s) => s.id),
      ['mercy']
    );
    assert.equal(api.count('searchSources'), 1);
  });

  test("a popular list that fails first is told after the session's answer; with the session's failure, only that one", async () => {
    flow.start();
    api
      .next('searchSources')
      .reject(new ConnectApiError('server_error', 'list', 500));
    await settle();
    assert.equal(names('error').length, 0, 'not while the session is read');
    api.next('getSession').resolve(session());
    await settle();
    assert.equal(stepName(), 'search');
    assert.equal(flow.search.status, 'error');
    assert.deepEqual(
      names('error').map((e) => e.detail.error.message),
      ['list']
    );

    events = [];
    flow.start();
    api
      .next('searchSources')
      .reject(new ConnectApiError('server_error', 'list', 500));
    await settle();
    api
      .next('getSession')
      .reject(new ConnectApiError('server_error', 'session', 500));
    await settle();
    assert.equal(stepName(), 'session-error');
    assert.deepEqual(
      names('error').map((e) => e.detail.error.message),
      ['session']
    );
  });

  test('with no token: the token-error step and an error event, and no request', async () => {
    token = undefined;
    flow.start();
    assert.deepEqual(flow.step, {
      name: 'token-error',
      status: 'MISSING_SESSION_TOKEN',
      code: 'missing_token',
    });
    assert.equal(names('error')[0].detail.error.code, 'missing_token');
    assert.equal(api.calls.length, 0);
  });

  test('with an api-base it cannot use: a session error and an error event', async () => {
    flow = new FlowController(host, {
      getToken: () => 'tok',
      getApiBase: () => 'javascript:alert(1)',
      emit: hear(
        () => events,
        () => steps
      ),
      close: () => {},
      createClient: () => api,
    });
    flow.start();
    assert.equal(stepName(), 'session-error');
    assert.equal(names('error').length, 1);
  });

  test('a session that fails shows the error; a dead token ends in token-error', async () => {
    flow.start();
    api
      .next('getSession')
      .reject(new ConnectApiError('server_error', 'x', 500));
    await settle();
    assert.equal(stepName(), 'session-error');
    flow.start();
    api
      .next('getSession')
      .reject(new ConnectApiError('token_expired', 'x', 401));
    await settle();
    assert.deepEqual(flow.step, {
      name: 'token-error',
      status: 'SESSION_TOKEN_EXPIRED',
      code: 'token_expired',
    });
    assert.equal(names('error').at(-1)!.detail.error.code, 'token_expired');
  });

  test('hands the client the shorter waits it was given', async () => {
    let options: any;
    flow = new FlowController(host, {
      getToken: () => 'tok',
      getApiBase: () => API_BASE,
      emit: () => {},
      close: () => {},
      timings: () => ({requestTimeoutMs: 50, retryBaseMs: 2}),
      createClient: (o) => ((options = o), api),
    });
    flow.start();
    assert.equal(options.timeoutMs, 50);
    assert.deepEqual(options.retry, {baseMs: 2});
    assert.equal(options.baseUrl.href, API_BASE);
  });
});

describe('FlowController: choosing and consent', () => {
  test('a source goes to consent; one that is down or already connected does not', async () => {
    await open([connection('c0', 'fitbit', 'synced')]);
    flow.choose(source('down', {status: 'down'}));
    flow.choose(source('fitbit'));
    assert.equal(stepName(), 'search');
    flow.choose(source('mercy'));
    assert.equal(stepName(), 'consent');
    declineConsent(flow);
    assert.equal(stepName(), 'search');
  });

  test('a search still to come waits on consent, and runs on the way back', async () => {
    await open();
    flow.search.setQuery('mer');
    flow.choose(source('mercy'));
    await clock.tick(1000);
    assert.equal(api.count('searchSources'), 1);
    declineConsent(flow);
    await settle();
    assert.equal(api.count('searchSources'), 2);
  });
});

describe('FlowController: the login', () => {
  test('opens the popup inside the click, before any answer, then sends it to the login page', async () => {
    await open();
    flow.choose(source('mercy'));
    allow(flow);
    assert.equal(popups.length, 1, 'opened synchronously');
    assert.equal(popups[0].url, 'about:blank');
    assert.deepEqual(
      {name: flow.step.name, phase: (flow.step as any).phase},
      {name: 'authorizing', phase: 'creating'}
    );
    const body = (await api.called('createConnection')).args[0] as any;
    assert.equal(body.sourceId, 'mercy');
    assert.deepEqual(body.consent.scopes, ['medications']);
    assert.match(body.state, /^[0-9a-f]{32}$/);
    (await api.called('createConnection')).resolve({
      connection: connection('c1', 'mercy', 'pending'),
      authorizeUrl: AUTHORIZE_URL,
    });
    await settle();
    assert.equal(popups[0].url, AUTHORIZE_URL);
    assert.equal((flow.step as any).phase, 'waiting');
  });

  test('polls the connection with backoff until it is no longer pending, then announces it once', async () => {
    await toLogin();
    await clock.tick(999);
    assert.equal(api.count('getConnection'), 0);
    await clock.tick(1);
    api.next('getConnection').resolve(connection('c1', 'mercy', 'pending'));
    await clock.tick(1500);
    api.next('getConnection').resolve(connection('c1', 'mercy', 'syncing'));
    await settle();
    assert.deepEqual(flow.step, {
      name: 'connected',
      source: source('mercy'),
      connectionId: 'c1',
    });
    assert.equal(popups[0].closed, true);
    assert.equal(names('connect').length, 1);
    assert.deepEqual(
      names('connect')[0].detail.sessionResults.connectedSources,
      [{id: 'mercy', name: 'Source mercy'}]
    );
  });

  test('keeps the syncing connection fresh until it is synced, then stops', async () => {
    await toLogin();
    await clock.tick(1000);
    api.next('getConnection').resolve(connection('c1', 'mercy', 'syncing'));
    await syncWatchStarted();
    await clock.tick(2000);
    api.next('getConnection').resolve(
      connection('c1', 'mercy', 'syncing', {
        sync: {progress: 0.5, updatedAt: ''},
      })
    );
    await clock.tick(2000);
    api.next('getConnection').resolve(connection('c1', 'mercy', 'synced'));
    await clock.tick(10_000);
    assert.equal(api.count('getConnection'), 3);
    assert.equal(flow.connections[0].status, 'synced');
    assert.equal(clock.pending, 0, 'no timer left');
  });

  test('reads a long sync every 2 s for a minute, then less often, and stops after 10 minutes', async () => {
    await open([connection('c0', 'fitbit', 'syncing')]);
    await syncWatchStarted();
    const times: number[] = [];
    for (let t = 0; t < 700_000; t += 1000) {
      await clock.tick(1000);
      const read = api.calls.find(
        (c) => c.method === 'getConnection' && !c.settled
      );
      if (!read) continue;
      times.push(clock.performance.now());
      read.resolve(connection('c0', 'fitbit', 'syncing'));
    }
    assert.deepEqual(
      times.slice(27, 36),
      [56, 58, 60, 64, 72, 88, 118, 148, 178].map((s) => s * 1000)
    );
    assert.equal(times.at(-1), 598_000);
    assert.equal(times.length, 50);
    assert.equal(clock.pending, 0, 'no timer left');
  });

  test('one connection that fails to read keeps its row; the others are read all the same', async () => {
    await open([
      connection('c0', 'fitbit', 'syncing'),
      connection('c1', 'mercy', 'syncing'),
    ]);
    await syncWatchStarted();
    await clock.tick(2000);
    api
      .next('getConnection')
      .reject(new ConnectApiError('not_found', 'gone', 404));
    await settle();
    api.next('getConnection').resolve(connection('c1', 'mercy', 'synced'));
    await clock.tick(2000);
    api.next('getConnection').resolve(connection('c0', 'fitbit', 'synced'));
    await clock.tick(10_000);
    assert.deepEqual(
      flow.connections.map((c) => c.status),
      ['synced', 'synced']
    );
    assert.equal(api.count('getConnection'), 3);
    assert.equal(names('error').length, 0);
  });

  test('reads nothing while the page is hidden, and goes on once it is shown', async () => {
    const page = Object.assign(new EventTarget(), {hidden: true});
    const global = globalThis as {document?: unknown};
    global.document = page;
    try {
      await open([connection('c0', 'fitbit', 'syncing')]);
      await syncWatchStarted();
      await clock.tick(60_000);
      assert.equal(api.count('getConnection'), 0);
      page.hidden = false;
      page.dispatchEvent(new Event('visibilitychange'));
      await settle();
      assert.equal(api.count('getConnection'), 1);
    } finally {
      delete global.document;
    }
  });

  test('a blocked popup offers the link, and keeps polling', async () => {
    popupsBlocked = true;
    await toLogin();
    assert.equal((flow.step as any).phase, 'blocked');
    assert.equal((flow.step as any).authorizeUrl, AUTHORIZE_URL);
    await clock.tick(1000);
    assert.equal(api.count('getConnection'), 1);
  });

  test('a closed popup is reported once, and reopening it waits again', async () => {
    await toLogin();
    popups[0].closed = true;
    await clock.tick(500);
    // Told once the service says the login is still pending, not before.
    assert.equal((flow.step as any).phase, 'waiting');
    api.next('getConnection').resolve(connection('c1', 'mercy', 'pending'));
    await settle();
    assert.equal((flow.step as any).phase, 'closed');
    reopenPopup(flow);
    assert.equal(popups.length, 2);
    assert.equal(popups[1].url, AUTHORIZE_URL);
    assert.equal((flow.step as any).phase, 'waiting');
  });

  test('a login that failed at the source: connect-error, an error event, no connect', async () => {
    await toLogin();
    await clock.tick(1000);
    api.next('getConnection').resolve(
      connection('c1', 'mercy', 'error', {
        error: {code: 'login_failed', message: 'bad password'},
      })
    );
    await settle();
    assert.equal(stepName(), 'connect-error');
    assert.equal(names('error')[0].detail.error.code, 'login_failed');
    assert.equal(names('connect').length, 0);
    retryConnect(flow);
    assert.equal(stepName(), 'consent');
  });

  test('a connection that cannot be made: connect-error, the popup closed, the write not repeated', async () => {
    await open();
    flow.choose(source('mercy'));
    allow(flow);
    (await api.called('createConnection')).reject(
      new ConnectApiError('server_error', 'x', 500)
    );
    await settle();
    assert.equal(stepName(), 'connect-error');
    assert.equal(popups[0].closed, true);
    await clock.tick(60_000);
    assert.equal(api.count('createConnection'), 1);
  });

  test('an authorizeUrl that is not https is refused', async () => {
    await open();
    flow.choose(source('mercy'));
    allow(flow);
    (await api.called('createConnection')).resolve({
      connection: connection('c1', 'mercy', 'pending'),
      authorizeUrl: 'javascript:alert(1)',
    });
    await settle();
    assert.equal(stepName(), 'connect-error');
    assert.equal(popups[0].url, 'about:blank');
  });
});

describe('FlowController: the one way out', () => {
  test('the close button and Esc close with the reason of the step', async () => {
    await open();
    flow.requestClose('button');
    flow.requestClose('escape');
    assert.deepEqual(closes, ['user', 'user']);
  });

  test('leaving a login under way asks first; Esc answers the question "no"', async () => {
    await toLogin();
    flow.requestClose('escape');
    assert.deepEqual(flow.confirmation, {kind: 'leave'});
    flow.requestClose('escape');
    assert.equal(flow.confirmation, undefined);
    assert.deepEqual(closes, []);
    assert.equal(stepName(), 'authorizing');
  });

  test('"Leave" stops the login, closes the popup and closes as the person\'s choice', async () => {
    await toLogin();
    flow.requestClose('button');
    await confirm(flow);
    assert.deepEqual(closes, ['user']);
    assert.equal(popups[0].closed, true);
    await clock.tick(60_000);
    assert.equal(api.count('getConnection'), 0, 'no polling after leaving');
  });

  test('Done, and the close button on the success view, close as done', async () => {
    await open();
    flow.requestClose('done');
    assert.deepEqual(closes, ['done']);
  });

  test('a token error closes as an error; the host closes as the person would, without asking', async () => {
    token = undefined;
    flow.start();
    flow.requestClose('button');
    token = 'tok_1';
    await toLogin();
    flow.requestClose('host');
    assert.deepEqual(closes, ['error', 'user']);
    assert.equal(flow.confirmation, undefined);
  });
});

describe('FlowController: aborts', () => {
  test('stop() aborts every call and leaves no timer', async () => {
    await toLogin();
    flow.search.setQuery('x');
    flow.stop();
    assert.equal(stepName(), 'closed');
    assert.ok(api.calls.every((c) => c.settled));
    await settle();
    assert.equal(clock.pending, 0);
    await clock.tick(60_000);
    assert.equal(api.count('getConnection'), 0);
  });

  test('removed from the page: stops; moved within one task: goes on', async () => {
    await open();
    host.isConnected = false;
    flow.hostDisconnected();
    host.isConnected = true;
    await settle();
    assert.equal(stepName(), 'search');
    host.isConnected = false;
    flow.hostDisconnected();
    await settle();
    assert.equal(stepName(), 'closed');
  });

  test('an answer that comes after the abort changes nothing: no step, no request, no event', async () => {
    api.honoursAbort = false;
    // The session, after close.
    flow.start();
    const read = api.next('getSession');
    const popular = api.next('searchSources');
    flow.stop();
    read.resolve(session([connection('c0', 'fitbit', 'syncing')]));
    popular.resolve(page(['mercy']));
    await clock.tick(10_000);
    assert.equal(stepName(), 'closed');
    assert.deepEqual(flow.search.sources, []);
    assert.deepEqual(
      api.calls.map((c) => c.method),
      ['searchSources', 'getSession'],
      'no search after, no sync refresh'
    );
    // A connection made, after the person left the login.
    api.honoursAbort = true;
    await open();
    api.honoursAbort = false;
    flow.choose(source('mercy'));
    allow(flow);
    const create = await api.called('createConnection');
    cancelLogin(flow);
    create.resolve({
      connection: connection('c1', 'mercy', 'pending'),
      authorizeUrl: AUTHORIZE_URL,
    });
    await clock.tick(10_000);
    assert.equal(stepName(), 'search');
    assert.equal(api.count('getConnection'), 0);
    assert.deepEqual(flow.connections, []);
    // A request sent, after close.
    flow.showRequestForm();
    updateRequestForm(flow, 'name', 'Lakeside');
    const sent = submitRequest(flow);
    const request = api.next('requestSource');
    flow.stop();
    request.resolve({request: {id: 'r1', status: 'received'}});
    await sent;
    assert.equal(stepName(), 'closed');
    assert.equal(flow.requestedName, undefined);
    assert.deepEqual(events, []);
  });

  test('a newer step aborts the older one', async () => {
    flow.start();
    const first = api.next('getSession');
    flow.start();
    assert.equal(first.signal?.aborted, true);
  });
});

describe('FlowController: disconnecting', () => {
  test('asks, then deletes, removes the row and tells the host', async () => {
    const c0 = connection('c0', 'fitbit', 'synced');
    await open([c0]);
    flow.showConnections();
    askDisconnect(flow, c0);
    assert.equal(flow.confirmation?.kind, 'disconnect');
    const done = confirm(flow);
    api.next('deleteConnection').resolve(undefined);
    await done;
    assert.deepEqual(flow.connections, []);
    assert.equal(names('disconnect').length, 1);
    assert.deepEqual(
      names('disconnect')[0].detail.sessionResults.disconnectedSources,
      [{id: 'fitbit', name: 'Source fitbit'}]
    );
  });

  test('a failed disconnect keeps the row and shows the error', async () => {
    const c0 = connection('c0', 'fitbit', 'synced');
    await open([c0]);
    askDisconnect(flow, c0);
    const done = confirm(flow);
    api
      .next('deleteConnection')
      .reject(new ConnectApiError('server_error', 'x', 500));
    await done;
    assert.equal(flow.connections.length, 1);
    assert.equal(flow.connectionsError?.code, 'server_error');
  });
});

describe('FlowController: two disconnects, and connecting again', () => {
  test('a second disconnect does not cancel the first: both complete and both are announced', async () => {
    const a = connection('ca', 'fitbit', 'synced');
    const b = connection('cb', 'quest', 'synced');
    await open([a, b]);
    flow.showConnections();
    askDisconnect(flow, a);
    const first = confirm(flow);
    assert.equal(isDisconnecting(flow, 'ca'), true, 'its row is busy');
    askDisconnect(flow, a);
    assert.equal(flow.confirmation, undefined, 'no second question for it');
    askDisconnect(flow, b);
    const second = confirm(flow);
    const [deleteA, deleteB] = api.calls.filter(
      (c) => c.method === 'deleteConnection'
    );
    assert.equal(deleteA.signal?.aborted, false);
    deleteA.resolve(undefined);
    deleteB.resolve(undefined);
    await Promise.all([first, second]);
    assert.deepEqual(flow.connections, []);
    assert.equal(names('disconnect').length, 2);
    assert.deepEqual(
      names('disconnect')[1].detail.sessionResults.disconnectedSources.map(
        (s: {id: string}) => s.id
      ),
      ['fitbit', 'quest']
    );
    assert.equal(isDisconnecting(flow, 'ca'), false);
  });

  test('closing aborts a disconnect on its way, and announces nothing after', async () => {
    const a = connection('ca', 'fitbit', 'synced');
    await open([a]);
    askDisconnect(flow, a);
    const done = confirm(flow);
    const call = api.next('deleteConnection');
    flow.stop();
    await done;
    assert.equal(call.signal?.aborted, true);
    assert.equal(names('disconnect').length, 0);
    assert.equal(isDisconnecting(flow, 'ca'), false);
  });

  test('connected, disconnected and connected again in one opening: two connect events', async () => {
    await toLogin();
    await clock.tick(1000);
    api.next('getConnection').resolve(connection('c1', 'mercy', 'synced'));
    await settle();
    assert.equal(names('connect').length, 1);
    flow.showConnections();
    askDisconnect(flow, flow.connections[0]);
    const done = confirm(flow);
    api.next('deleteConnection').resolve(undefined);
    await done;
    flow.showSearch();
    flow.choose(source('mercy'));
    allow(flow);
    (await api.called('createConnection')).resolve({
      connection: connection('c2', 'mercy', 'pending'),
      authorizeUrl: AUTHORIZE_URL,
    });
    await waitingForLogin();
    await clock.tick(1000);
    api.next('getConnection').resolve(connection('c2', 'mercy', 'synced'));
    await settle();
    assert.equal(names('connect').length, 2);
    assert.deepEqual(names('connect')[1].detail.currentConnections, [
      // Human API's shape: `id` is the source's, the connection's is `connectionId`.
      {
        id: 'mercy',
        sourceId: 'mercy',
        connectionId: 'c2',
        name: 'Source mercy',
        status: 'synced',
      },
    ]);
  });
});

describe('FlowController: the request form', () => {
  test('a name is needed; what was typed is trimmed, sent once, and thanked for', async () => {
    await open();
    flow.search.setQuery('Lakeside');
    flow.showRequestForm();
    assert.equal(flow.requestForm.name, 'Lakeside');
    updateRequestForm(flow, 'name', '  ');
    await submitRequest(flow);
    assert.equal(flow.requestForm.invalid, true);
    assert.equal(api.count('requestSource'), 0);
    updateRequestForm(flow, 'name', ' Lakeside Clinic ');
    updateRequestForm(flow, 'website', ' ');
    const sent = submitRequest(flow);
    void submitRequest(flow);
    api.next('requestSource').resolve({id: 'r1', name: 'Lakeside Clinic'});
    await sent;
    assert.equal(api.count('requestSource'), 1);
    assert.deepEqual(
      api.calls.find((c) => c.method === 'requestSource')!.args[0],
      {
        name: 'Lakeside Clinic',
      }
    );
    assert.equal(stepName(), 'search');
    assert.equal(flow.requestedName, 'Lakeside Clinic');
  });

  test('a failed send keeps everything typed', async () => {
    await open();
    flow.showRequestForm();
    updateRequestForm(flow, 'name', 'Lakeside');
    updateRequestForm(flow, 'physician', 'Dr. Who');
    const sent = submitRequest(flow);
    api.next('requestSource').reject(new ConnectApiError('network_error', 'x'));
    await sent;
    assert.equal(stepName(), 'request');
    assert.equal(flow.requestForm.name, 'Lakeside');
    assert.equal(flow.requestForm.physician, 'Dr. Who');
    assert.equal(flow.requestForm.error?.code, 'network_error');
    assert.equal(flow.requestForm.sending, false);
  });
});

describe('FlowController: the step events', () => {
  const told = () => steps.map((s) => s.step);

  /** The login's outcome, read at the first poll. */
  async function loginEnds(outcome: Connection): Promise<void> {
    await clock.tick(1000);
    api.next('getConnection').resolve(outcome);
    await settle();
  }

  test("the whole way, in order, each one with the step before it and this opening's id", async () => {
    await toLogin();
    await loginEnds(connection('c1', 'mercy', 'syncing'));
    assert.deepEqual(told(), TO_CONNECTED);
    const id = steps[0]!.sessionId;
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal(clientOptions?.sessionId, id, 'sent as X-Connect-Session');
    steps.forEach((s, i) => {
      assert.equal(s.sessionId, id);
      assert.equal(s.previousStep, i ? steps[i - 1]!.step : null);
      assert.equal(new Date(s.at).toISOString(), s.at);
    });
    assert.deepEqual(steps[2], {
      ...steps[2],
      sourceId: 'mercy',
      resultCount: 2,
    });
    assert.equal(steps.at(-1)!.sourceId, 'mercy');
  });

  test('a decline goes back to search', async () => {
    await open();
    flow.choose(source('mercy'));
    declineConsent(flow);
    assert.deepEqual(told(), [...TO_CONSENT, 'decline', 'search']);
  });

  test('a blocked popup', async () => {
    popupsBlocked = true;
    await toLogin();
    assert.deepEqual(told().slice(-2), ['allow', 'popup-blocked']);
  });

  test('a login page that closes itself when done is no closed popup', async () => {
    await toLogin();
    popups[0]!.closed = true;
    await clock.tick(500);
    api.next('getConnection').resolve(connection('c1', 'mercy', 'syncing'));
    await settle();
    assert.deepEqual(told().slice(-2), ['login-waiting', 'connected']);
  });

  test('a read on its way when the login page closes itself tells no closed popup', async () => {
    await toLogin();
    await clock.tick(1000);
    const onItsWay = api.next('getConnection');
    popups[0]!.closed = true;
    await clock.tick(500);
    // It answers from before the login finished; the read asked after the close, from after.
    onItsWay.resolve(connection('c1', 'mercy', 'pending'));
    await settle();
    api.next('getConnection').resolve(
      connection('c1', 'mercy', 'error', {
        error: {code: 'login_failed', message: 'wrong password'},
      })
    );
    await settle();
    assert.deepEqual(told().slice(-2), ['login-waiting', 'login-failed']);
  });

  test('a failed login carries its code', async () => {
    await toLogin();
    await loginEnds(
      connection('c1', 'mercy', 'error', {
        error: {code: 'login_failed', message: 'wrong password'},
      })
    );
    assert.deepEqual(told().slice(-3), [
      'allow',
      'login-waiting',
      'login-failed',
    ]);
    assert.equal(steps.at(-1)!.errorCode, 'login_failed');
  });

  test("a session error carries the code and the service's request id", async () => {
    flow.start();
    const failure = new ConnectApiError('server_error', 'down', 500);
    failure.requestId = 'req_8f3a';
    api.next('getSession').reject(failure);
    await settle();
    assert.deepEqual(told(), ['open', 'error']);
    assert.equal(steps[1]!.errorCode, 'server_error');
    assert.equal(steps[1]!.requestId, 'req_8f3a');
    assert.equal(names('error')[0]!.detail.error.requestId, 'req_8f3a');
  });

  test('each opening has its own id, and starts at open again', async () => {
    await open();
    const first = steps[0]!.sessionId;
    steps = [];
    await open();
    assert.notEqual(steps[0]!.sessionId, first);
    assert.deepEqual(steps[0], {...steps[0], step: 'open', previousStep: null});
  });

  test('never the token, nor what the person typed', async () => {
    await open();
    flow.search.setQuery('my secret clinic');
    await clock.tick(1000);
    flow.choose(source('mercy'));
    declineConsent(flow);
    const all = JSON.stringify(steps);
    assert.ok(!all.includes('secret'));
    assert.ok(!all.includes(token!));
  });
});

describe('FlowController: opening to a source, and the host shortlist', () => {
  const notFound = () =>
    new ConnectApiError('not_found', 'No such source', 404);

  /** Opens with `opening`, answering the session. */
  async function openWith(asked: Opening): Promise<void> {
    opening = asked;
    flow.start();
    api
      .next('getSession')
      .resolve(session([connection('c9', 'fitbit', 'synced')]));
    await settle();
  }

  test('reads the source and opens on its consent, without searching', async () => {
    await openWith({sourceId: 'mercy'});
    const read = await api.called('getSource');
    assert.equal(read.args[0], 'mercy');
    read.resolve(source('mercy'));
    await settle();
    assert.equal(stepName(), 'consent');
    assert.equal(api.count('searchSources'), 0);
    flow.showSearch();
    await settle();
    assert.equal(api.count('searchSources'), 1, 'the search, once shown');
  });

  for (const [what, answer, code] of [
    ['unknown', null, 'not_found'],
    ['down', source('mercy', {status: 'down'}), 'source_unavailable'],
    ['connected already', source('fitbit'), 'conflict'],
  ] as const) {
    test(`a source ${what}: says why, with an error event`, async () => {
      await openWith({sourceId: 'mercy'});
      const read = await api.called('getSource');
      if (answer) read.resolve(answer);
      else read.reject(notFound());
      await settle();
      assert.deepEqual(flow.step, {...flow.step, name: 'source-error', code});
      assert.equal(names('error')[0]!.detail.error.code, code);
      assert.equal(steps.at(-1)!.errorCode, code);
    });
  }

  test('an id no source can have is not asked for', async () => {
    await openWith({sourceId: '..'});
    await until(() => stepName() === 'source-error');
    assert.equal(api.count('getSource'), 0);
    assert.deepEqual(flow.step, {...flow.step, code: 'not_found'});
  });

  test('a read that fails otherwise is the session error, with its retry', async () => {
    await openWith({sourceId: 'mercy'});
    (await api.called('getSource')).reject(
      new ConnectApiError('server_error', 'down', 500)
    );
    await settle();
    assert.equal(stepName(), 'session-error');
  });

  test('the shortlist, in its order, an unknown id left out, instead of the popular list', async () => {
    opening = {featured: ' b, zz ,a,b,..,'};
    flow.start();
    api.next('getSession').resolve(session());
    await settle();
    await until(() => api.count('getSource') === 3);
    assert.deepEqual(
      api.calls.filter((c) => c.method === 'getSource').map((c) => c.args[0]),
      ['b', 'zz', 'a']
    );
    api.next('getSource').resolve(source('b'));
    api.next('getSource').reject(notFound());
    api.next('getSource').resolve(source('a'));
    await settle();
    assert.deepEqual(
      flow.search.sources.map((s) => s.id),
      ['b', 'a']
    );
    assert.equal(api.count('searchSources'), 0);
  });
});

describe('FlowController: the optional scopes', () => {
  const scope = (id: string, extra = {}) => ({
    id,
    label: id,
    description: '',
    ...extra,
  });

  /** Consent for `mercy`, with one required scope and two optional ones. */
  async function toConsent(): Promise<void> {
    flow.start();
    api.next('getSession').resolve({
      ...session(),
      consent: {
        version: 'v1',
        scopes: [
          scope('medications'),
          scope('profile', {required: false, default: true}),
          scope('vitals', {required: false}),
        ],
      },
    });
    await settle();
    flow.choose(source('mercy'));
  }

  const sent = async () =>
    (
      (await api.called('createConnection')).args[0] as {
        consent: {scopes: string[]};
      }
    ).consent.scopes;

  test('start as the service says, and Allow sends the required ones and those ticked', async () => {
    await toConsent();
    const [, profile, vitals] = flow.session!.consent.scopes;
    assert.deepEqual(
      [isTicked(flow, profile!), isTicked(flow, vitals!)],
      [true, false]
    );
    allow(flow);
    assert.deepEqual(await sent(), ['medications', 'profile']);
  });

  test("the person's choice is sent, and kept for this opening only", async () => {
    await toConsent();
    tickScope(flow, 'profile', false);
    tickScope(flow, 'vitals', true);
    allow(flow);
    assert.deepEqual(await sent(), ['medications', 'vitals']);
    flow.stop();
    await toConsent();
    const [, profile] = flow.session!.consent.scopes;
    assert.equal(isTicked(flow, profile!), true, 'a new opening starts anew');
  });
});

describe('FlowController: the consent receipt', () => {
  const TEXT =
    'Test App wants to connect to Source mercy\n- Medications\n[x] Vitals';

  /** Allow with the consent as the person saw it, then a login that connects `c1`. */
  async function allowSeen(seen: SeenConsent | undefined) {
    await open();
    flow.choose(source('mercy'));
    allow(flow, seen);
    const create = await api.called('createConnection');
    create.resolve({
      connection: connection('c1', 'mercy', 'pending'),
      authorizeUrl: AUTHORIZE_URL,
    });
    await waitingForLogin();
    await clock.tick(1000);
    api.next('getConnection').resolve(connection('c1', 'mercy', 'syncing'));
    await settle();
    return create.args[0] as {
      consent: {version: string; scopes: string[]; acceptedAt: string};
    };
  }

  test('connect carries it: the consent POST /connections sent, and the SHA-256 of the words the person read', async () => {
    const {consent} = await allowSeen({text: TEXT, locale: 'fr'});
    assert.equal(names('connect').length, 1);
    const receipt = names('connect')[0]!.detail.receipt;
    assert.deepEqual(receipt, {
      connectionId: 'c1',
      sourceId: 'mercy',
      appName: 'Test App',
      version: consent.version,
      scopes: consent.scopes,
      acceptedAt: consent.acceptedAt,
      locale: 'fr',
      textSha256: createHash('sha256').update(TEXT, 'utf8').digest('hex'),
      text: TEXT,
    });
    assert.deepEqual(receiptOf(flow, 'c1'), receipt);
  });

  test('"Save a copy" is one file made here: the words, then the receipt', async () => {
    await allowSeen({text: TEXT, locale: 'fr'});
    const receipt = receiptOf(flow, 'c1')!;
    const url = receiptUrl(receipt);
    assert.match(url, /^blob:/);
    assert.equal(receiptUrl(receipt), url, 'one file per receipt');
    const file = await resolveObjectURL(url)!.text();
    const {text, ...facts} = receipt;
    assert.ok(file.startsWith(`${text}\n\n`));
    assert.deepEqual(JSON.parse(file.slice(text.length)), facts);
  });

  test('none without the consent seen (no words to prove)', async () => {
    await allowSeen(undefined);
    assert.equal(names('connect').length, 1);
    assert.equal('receipt' in names('connect')[0]!.detail, false);
    assert.equal(receiptOf(flow, 'c1'), undefined);
  });
});

describe('FlowController: repairing a connection (Reconnect)', () => {
  const BROKEN = connection('c0', 'fitbit', 'error', {
    error: {
      code: 'reauth_required',
      message: 'Fitbit needs you to sign in again.',
    },
  });
  const told = () => steps.map((s) => s.step);
  const stateOf = (call: {args: unknown[]}) =>
    (call.args[1] as {state: string}).state;

  /** Opens on the connected sources with `BROKEN` (and `others`), and clicks Reconnect. */
  async function clickReconnect(others: Connection[] = []) {
    await open([BROKEN, ...others]);
    flow.showConnections();
    reconnect(flow, BROKEN);
    return api.called('reauthorize');
  }

  /** The service's answer to the reauthorize, and the login's first poll. */
  async function signedIn(outcome: Connection): Promise<void> {
    (await api.called('reauthorize')).resolve({
      connection: connection('c0', 'fitbit', 'pending'),
      authorizeUrl: AUTHORIZE_URL,
    });
    await waitingForLogin();
    await clock.tick(1000);
    const poll = api.next('getConnection');
    assert.equal(poll.args[0], 'c0');
    poll.resolve(outcome);
    await settle();
  }

  test('signs in again to the same connection in the popup, with a fresh state: no new connection, nothing deleted', async () => {
    const call = await clickReconnect();
    assert.equal(popups.length, 1, 'opened inside the click');
    assert.equal(call.args[0], 'c0');
    assert.deepEqual(Object.keys(call.args[1] as object), ['state']);
    assert.match(stateOf(call), /^[0-9a-f]{32}$/);
    assert.equal(stateOf(call), flow.state);
    await signedIn(connection('c0', 'fitbit', 'syncing'));
    assert.equal(popups[0]!.url, AUTHORIZE_URL);
    assert.deepEqual(flow.step, {
      name: 'connected',
      source: {id: 'fitbit', name: 'Source fitbit'},
      connectionId: 'c0',
    });
    assert.deepEqual(
      flow.connections.map((c) => [c.id, c.status]),
      [['c0', 'syncing']],
      'the same row, syncing again'
    );
    assert.equal(api.count('createConnection'), 0);
    assert.equal(api.count('deleteConnection'), 0);
  });

  test('connect says reconnected: true, once, and the source is no new one of this opening', async () => {
    await clickReconnect();
    await signedIn(connection('c0', 'fitbit', 'syncing'));
    await syncWatchStarted();
    await clock.tick(2000);
    api.next('getConnection').resolve(connection('c0', 'fitbit', 'synced'));
    await clock.tick(10_000);
    flow.showConnections();
    assert.equal(names('connect').length, 1);
    const detail = names('connect')[0]!.detail;
    assert.equal(detail.reconnected, true);
    assert.equal('receipt' in detail, false, 'a repair agrees to nothing new');
    assert.deepEqual(detail.sessionResults.connectedSources, []);
    assert.deepEqual(detail.currentConnections, [
      {
        id: 'fitbit',
        sourceId: 'fitbit',
        connectionId: 'c0',
        name: 'Source fitbit',
        status: 'syncing',
      },
    ]);
    assert.equal(flow.connections[0]!.status, 'synced');
  });

  test('a new source connected after a repair is a new one again', async () => {
    await clickReconnect();
    await signedIn(connection('c0', 'fitbit', 'syncing'));
    flow.showSearch();
    flow.choose(source('mercy'));
    allow(flow);
    (await api.called('createConnection')).resolve({
      connection: connection('c1', 'mercy', 'pending'),
      authorizeUrl: AUTHORIZE_URL,
    });
    // (the login's first poll: the repaired row's sync watch is due later)
    await until(() => clock.dueIn(1000));
    await clock.tick(1000);
    api.calls
      .find((c) => c.method === 'getConnection' && c.args[0] === 'c1')!
      .resolve(connection('c1', 'mercy', 'syncing'));
    await settle();
    assert.equal(api.count('reauthorize'), 1);
    const [, second] = names('connect');
    assert.equal('reconnected' in second!.detail, false);
    assert.deepEqual(second!.detail.sessionResults.connectedSources, [
      {id: 'mercy', name: 'Source mercy'},
    ]);
  });

  test('a reauthorize that fails: connect-error, the popup closed; Try again goes back to the reconnect, with a new state', async () => {
    const first = await clickReconnect();
    first.reject(new ConnectApiError('server_error', 'x', 500));
    await settle();
    assert.equal(stepName(), 'connect-error');
    assert.equal(popups[0]!.closed, true);
    assert.deepEqual(
      names('error').map((e) => e.detail.error.code),
      ['server_error']
    );
    retryConnect(flow);
    assert.deepEqual(flow.step, {
      name: 'reconnect',
      connection: BROKEN,
      source: {id: BROKEN.sourceId, name: BROKEN.sourceName},
    });
    reconnect(flow, BROKEN);
    const second = await api.called('reauthorize');
    assert.equal(second.args[0], 'c0');
    assert.notEqual(stateOf(second), stateOf(first));
    assert.equal(api.count('createConnection'), 0);
    assert.equal(names('connect').length, 0);
  });

  test('a login that fails at the source: connect-error, no connect; Try again goes back to the reconnect', async () => {
    await clickReconnect();
    const failed = connection('c0', 'fitbit', 'error', {
      error: {code: 'login_failed', message: 'bad password'},
    });
    await signedIn(failed);
    assert.equal(stepName(), 'connect-error');
    assert.equal(names('connect').length, 0);
    retryConnect(flow);
    assert.deepEqual(flow.step, {
      name: 'reconnect',
      connection: failed,
      source: {id: failed.sourceId, name: failed.sourceName},
    });
  });

  test('a wait that fails with the connection left pending: Try again goes to the consent, for a new one', async () => {
    await clickReconnect();
    (await api.called('reauthorize')).resolve({
      connection: connection('c0', 'fitbit', 'pending'),
      authorizeUrl: AUTHORIZE_URL,
    });
    await waitingForLogin();
    // Every poll fails: the wait gives up after a few.
    while (stepName() === 'authorizing') {
      await clock.tick(5000);
      const poll = api.calls.find(
        (c) => c.method === 'getConnection' && !c.settled
      );
      poll?.reject(new ConnectApiError('server_error', 'x', 500));
      await settle();
    }
    assert.equal(stepName(), 'connect-error');
    retryConnect(flow);
    assert.deepEqual(flow.step, {
      name: 'consent',
      source: {id: 'fitbit', name: 'Source fitbit'},
    });
    allow(flow);
    const created = await api.called('createConnection');
    assert.equal((created.args[0] as {sourceId: string}).sourceId, 'fitbit');
    assert.equal(api.count('reauthorize'), 1, 'no second reauthorize');
  });

  test('the step events: the repair is the connected sources, then a login as any', async () => {
    await clickReconnect();
    await signedIn(connection('c0', 'fitbit', 'syncing'));
    assert.deepEqual(told(), REPAIR);
    assert.equal(steps.at(-1)!.sourceId, 'fitbit');
  });

  test('nothing happens before the session is in', () => {
    flow.start();
    reconnect(flow, BROKEN);
    assert.equal(popups.length, 0);
    assert.equal(api.count('reauthorize'), 0);
    assert.equal(stepName(), 'loading');
  });

  describe('an opening asked to repair a connection (connection-id)', () => {
    /** Opens with `connectionId`, answering the session with `connections`. */
    async function openToRepair(
      connectionId: string,
      connections: Connection[] = [BROKEN]
    ): Promise<void> {
      opening = {connectionId};
      flow.start();
      api.next('getSession').resolve(session(connections));
      await until(() => stepName() !== 'loading');
    }

    test('opens on the reconnect, without searching; Reconnect signs in to it again', async () => {
      await openToRepair('c0');
      assert.deepEqual(flow.step, {
        name: 'reconnect',
        connection: BROKEN,
        source: {id: BROKEN.sourceId, name: BROKEN.sourceName},
      });
      assert.equal(api.count('searchSources'), 0);
      assert.deepEqual(told(), ['open', 'connections']);
      assert.equal(steps.at(-1)!.sourceId, 'fitbit');
      assert.equal(names('error').length, 0);
      reconnect(flow, BROKEN);
      assert.equal((await api.called('reauthorize')).args[0], 'c0');
      flow.showSearch();
      await settle();
      assert.equal(api.count('searchSources'), 1, 'the search, once shown');
    });

    for (const [what, connections, code] of [
      ['unknown', [BROKEN], 'not_found'],
      ['healthy', [connection('c9', 'mercy', 'synced')], 'conflict'],
      [
        'in error, but not for a sign-in',
        [
          connection('c9', 'mercy', 'error', {
            error: {code: 'source_unavailable', message: 'down'},
          }),
        ],
        'conflict',
      ],
    ] as const) {
      test(`a connection ${what}: says why (${code}), with an error event`, async () => {
        await openToRepair('c9', [...connections]);
        assert.deepEqual(flow.step, {name: 'source-error', code});
        assert.deepEqual(
          names('error').map((e) => e.detail.error.code),
          [code]
        );
        assert.equal(steps.at(-1)!.errorCode, code);
        assert.equal(api.count('searchSources'), 0);
        assert.equal(api.count('reauthorize'), 0);
      });
    }
  });
});
