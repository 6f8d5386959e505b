// FlowController's redirect login (issue 16), alone: choosing it, leaving for the login page with
// only the note kept, and the return, believed or refused, with a fake Connect API, a fake clock
// and a page of the test's own (its address, its storage, its leaving, its wall clock).
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {beforeEach, describe, test} from 'node:test';
import {ConnectApiError} from '../../src/api/errors.js';
import type {Connection} from '../../src/api/types.js';
import type {CloseReason, StepDetail} from '../../src/events.js';
import {allow} from '../../src/flow/allow.js';
import {receiptOf, type SeenConsent} from '../../src/flow/receipt.js';
import {FlowController} from '../../src/flow/flow-controller.js';
import {continueInTab, retryConnect} from '../../src/flow/login-steps.js';
import type {LoginMode} from '../../src/flow/login-mode.js';
import {reconnect} from '../../src/flow/reconnect.js';
import {REDIRECT_NOTE_KEY} from '../../src/flow/redirect-login.js';
import {
  APP_PAGE,
  CHROME,
  connection,
  FakeApi,
  FakePage,
  hear,
  type Heard,
  NOW,
  FakeClock,
  page as sourcePage,
  session,
  settle,
  source,
  StubHost,
  until,
} from './fakes.js';

const API_BASE = 'https://connect.example.com/v1';
const AUTHORIZE_URL = 'https://connect.example.com/authorize/c1';
const INSTAGRAM =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 300.0.0.0';

let api: FakeApi;
let clock: FakeClock;
let host: StubHost;
let thisPage: FakePage;
let mode: LoginMode | undefined;
let returnUrl: string | undefined;
let popupsBlocked: boolean;
let popups: string[];
/** The popups opened, as the flow sees them. */
let windows: {closed: boolean}[];
let events: Heard[];
let steps: StepDetail[];
let closes: CloseReason[];
let flow: FlowController;

/** A flow over the page as it is now: a page load makes a new one. */
function newFlow(): FlowController {
  return new FlowController(host, {
    getToken: () => 'tok_1',
    getApiBase: () => API_BASE,
    emit: hear(
      () => events,
      () => steps
    ),
    close: (reason) => closes.push(reason),
    loginMode: () => mode ?? 'auto',
    returnUrl: () => returnUrl,
    clock,
    createClient: () => api,
    page: () => thisPage,
    openPopup: (url) => {
      if (popupsBlocked) return null;
      popups.push(url);
      const popup = {
        closed: false,
        close: () => (popup.closed = true),
        location: {replace() {}},
      };
      windows.push(popup);
      return popup as unknown as Window;
    },
  });
}

beforeEach(() => {
  api = new FakeApi();
  clock = new FakeClock();
  host = new StubHost();
  thisPage = new FakePage();
  mode = undefined;
  returnUrl = undefined;
  popupsBlocked = false;
  popups = [];
  windows = [];
  events = [];
  steps = [];
  closes = [];
  flow = newFlow();
});

const stepName = (): string => flow.step.name;
/** This page load's fragment, as the element hands it to the flow. */
const hash = () => new URL(thisPage.href()).hash;
const names = (name: string) => events.filter((e) => e.name === name);
const note = () => thisPage.store?.items.get(REDIRECT_NOTE_KEY);

/** Opens the flow, answers the session and the popular list, chooses `mercy`, and is ready to Allow. */
async function toConsent(): Promise<void> {
  flow.start();
  api.next('getSession').resolve(session());
  await settle();
  api.next('searchSources').resolve(sourcePage(['mercy']));
  await settle();
  flow.choose(source('mercy'));
  // The consent step fetches the choice of popup or redirect (login-mode.js): until it is in.
  await import('../../src/flow/login-mode.js');
  await settle();
}

/** Allow, and the service's answer to `POST /connections`. */
async function allowAndCreate(
  authorizeUrl = AUTHORIZE_URL,
  seen?: SeenConsent
): Promise<void> {
  allow(flow, seen);
  (await creating()).resolve({
    connection: connection('c1', 'mercy', 'pending'),
    authorizeUrl,
  });
  await until(() => stepName() !== 'authorizing' || phase() !== 'creating');
}

/**
 * The `POST /connections` waiting for its answer: a redirect login makes it once its module
 * (redirect-flow.ts) has loaded.
 */
async function creating() {
  await until(() =>
    api.calls.some((c) => c.method === 'createConnection' && !c.settled)
  );
  return api.next('createConnection');
}

const phase = () => (flow.step as {phase?: string}).phase;

/** The login's next poll of its connection. */
async function polled() {
  await until(() =>
    api.calls.some((c) => c.method === 'getConnection' && !c.settled)
  );
  return api.next('getConnection');
}

/** The state the flow sent with its last `POST /connections`. */
const sentState = (): string =>
  (
    api.calls.filter((c) => c.method === 'createConnection').at(-1)!
      .args[0] as {
      state: string;
    }
  ).state;

/** Leaves for the login in redirect mode, then loads the page again as the service sends it back. */
async function leaveAndComeBack(
  fragment?: string,
  seen?: SeenConsent
): Promise<void> {
  mode = 'redirect';
  await toConsent();
  await allowAndCreate(AUTHORIZE_URL, seen);
  const state = sentState();
  thisPage.address = `${APP_PAGE}#${fragment ?? `hc_state=${state}&hc_connection=c1`}`;
  thisPage.time += 60_000;
  api = new FakeApi();
  events = [];
  flow = newFlow();
}

/**
 * The new page's widget opens and reads the session; then the return is read (redirect-flow.ts,
 * loaded on first use): until the connection is asked for, or the return is refused.
 */
async function resumeOpening(): Promise<void> {
  flow.start();
  api
    .next('getSession')
    .resolve(session([connection('c1', 'mercy', 'pending')]));
  await until(
    () => api.count('getConnection') > 0 || stepName() === 'return-refused'
  );
}

describe('FlowController: leaving for a redirect login', () => {
  test('makes the connection with returnUrl, keeps only the note, then sends the tab to the login page', async () => {
    mode = 'redirect';
    thisPage.address = `${APP_PAGE}#section`;
    await toConsent();
    allow(flow);
    assert.equal(popups.length, 0, 'no popup');
    assert.deepEqual(
      {step: stepName(), phase: (flow.step as {phase?: string}).phase},
      {step: 'authorizing', phase: 'creating'}
    );
    const body = (await creating()).args[0] as Record<string, any>;
    assert.equal(body['returnUrl'], APP_PAGE, 'the page, without its fragment');
    assert.match(body['state'], /^[0-9a-f]{32}$/);
    assert.equal(note(), undefined, 'nothing kept before the service answers');
    assert.deepEqual(thisPage.left, []);

    (await creating()).resolve({
      connection: connection('c1', 'mercy', 'pending'),
      authorizeUrl: AUTHORIZE_URL,
    });
    await until(() => phase() === 'leaving');
    assert.deepEqual(JSON.parse(note()!), {
      state: body['state'],
      connectionId: 'c1',
      sourceId: 'mercy',
      startedAt: NOW,
    });
    assert.deepEqual([...thisPage.store!.items.keys()], [REDIRECT_NOTE_KEY]);
    assert.deepEqual(thisPage.left, [AUTHORIZE_URL]);
    assert.equal((flow.step as {phase?: string}).phase, 'leaving');
    assert.equal(names('connect').length, 0);
  });

  test('takes a return-url on the page’s origin, resolved against the page', async () => {
    mode = 'redirect';
    returnUrl = '/back?from=login#x';
    await toConsent();
    allow(flow);
    assert.equal(
      ((await creating()).args[0] as {returnUrl: string}).returnUrl,
      'https://app.example.com/back?from=login'
    );
  });

  test('refuses a return-url on another origin: a clear error, no connection, the page kept', async () => {
    mode = 'redirect';
    returnUrl = 'https://evil.example.net/steal';
    await toConsent();
    allow(flow);
    await until(() => stepName() === 'connect-error');
    assert.equal(api.count('createConnection'), 0);
    assert.deepEqual(thisPage.left, []);
    assert.deepEqual(
      names('error').map((e) => e.detail.error.code),
      ['return_url_refused']
    );
  });

  test('where the tab has no storage, says so before making anything', async () => {
    mode = 'redirect';
    thisPage.store = undefined;
    await toConsent();
    allow(flow);
    await until(() => stepName() === 'connect-error');
    assert.equal(api.count('createConnection'), 0);
    assert.deepEqual(
      names('error').map((e) => e.detail.error.code),
      ['storage_unavailable']
    );
  });

  test('storage that refuses the note: an error, and the page is not left', async () => {
    mode = 'redirect';
    await toConsent();
    thisPage.store!.refuseWrites = true;
    await allowAndCreate();
    assert.equal(stepName(), 'connect-error');
    assert.deepEqual(thisPage.left, []);
    assert.deepEqual(
      names('error').map((e) => e.detail.error.code),
      ['storage_unavailable']
    );
  });

  test('an authorizeUrl that is not https: nothing kept, the page not left', async () => {
    mode = 'redirect';
    await toConsent();
    await allowAndCreate('javascript:alert(1)');
    assert.equal(stepName(), 'connect-error');
    assert.equal(note(), undefined);
    assert.deepEqual(thisPage.left, []);
  });

  test('a failed POST /connections: the error, and Try again goes back to consent', async () => {
    mode = 'redirect';
    await toConsent();
    allow(flow);
    (await creating()).reject(new ConnectApiError('server_error', 'no', 500));
    await until(() => stepName() === 'connect-error');
    assert.equal(note(), undefined);
    retryConnect(flow);
    assert.equal(stepName(), 'consent');
  });
});

describe('FlowController: popup or redirect', () => {
  const cases: {
    name: string;
    mode?: LoginMode;
    canOpenWindows?: boolean;
    userAgent?: string;
    expected: 'popup' | 'redirect';
  }[] = [
    {name: 'auto, in a browser that opens windows', expected: 'popup'},
    {
      name: 'auto, with no window.open',
      canOpenWindows: false,
      expected: 'redirect',
    },
    {
      name: 'auto, in Instagram’s browser',
      userAgent: INSTAGRAM,
      expected: 'redirect',
    },
    {
      name: 'popup, in Instagram’s browser',
      mode: 'popup',
      userAgent: INSTAGRAM,
      expected: 'popup',
    },
    {
      name: 'redirect, in a browser that opens windows',
      mode: 'redirect',
      expected: 'redirect',
    },
  ];
  for (const c of cases) {
    test(`${c.name}: ${c.expected}`, async () => {
      mode = c.mode;
      thisPage.canOpenWindows = c.canOpenWindows ?? true;
      thisPage.userAgent = c.userAgent ?? CHROME;
      await toConsent();
      allow(flow);
      const body = (await creating()).args[0] as {returnUrl?: string};
      assert.equal(popups.length, c.expected === 'popup' ? 1 : 0);
      assert.equal('returnUrl' in body, c.expected === 'redirect');
    });
  }

  test('a blocked popup offers this tab: a new connection, with returnUrl, then the login page', async () => {
    popupsBlocked = true;
    await toConsent();
    await allowAndCreate();
    assert.equal((flow.step as {phase?: string}).phase, 'blocked');
    const first = api.calls.find((c) => c.method === 'createConnection')!;
    assert.equal('returnUrl' in (first.args[0] as object), false);

    continueInTab(flow);
    const second = await creating();
    assert.equal((second.args[0] as {returnUrl: string}).returnUrl, APP_PAGE);
    assert.notEqual(sentState(), (first.args[0] as {state: string}).state);
    second.resolve({
      connection: connection('c2', 'mercy', 'pending'),
      authorizeUrl: 'https://connect.example.com/authorize/c2',
    });
    await until(() => phase() === 'leaving');
    assert.deepEqual(thisPage.left, [
      'https://connect.example.com/authorize/c2',
    ]);
    assert.equal(JSON.parse(note()!).connectionId, 'c2');
  });

  test('native: the app is told to open the login, and the widget waits by polling', async () => {
    mode = 'native';
    thisPage.inApp = true;
    await toConsent();
    await allowAndCreate();
    assert.equal(popups.length, 0);
    assert.equal(phase(), 'native');
    assert.deepEqual(thisPage.posted, [
      {
        type: 'human-connect:authorize',
        detail: {authorizeUrl: AUTHORIZE_URL, connectionId: 'c1'},
      },
    ]);
    assert.deepEqual(thisPage.left, []);
    // The login's wait polls the connection (popup-login.ts, loaded on first use).
    await until(() => clock.pending > 0);
    await clock.tick(60_000);
    (await polled()).resolve(connection('c1', 'mercy', 'syncing'));
    await until(() => stepName() === 'connected');
    assert.equal(names('connect').length, 1);
  });

  test('native, with no app to tell: the link, as where a popup is blocked', async () => {
    mode = 'native';
    await toConsent();
    await allowAndCreate();
    assert.equal(phase(), 'blocked');
    assert.equal(popups.length, 0);
  });

  test('continueInTab does nothing unless the popup was blocked', async () => {
    await toConsent();
    continueInTab(flow);
    assert.equal(api.count('createConnection'), 0);
  });
});

describe('FlowController: the return of a redirect login', () => {
  test('an ordinary load, or another fragment: no return', () => {
    thisPage.address = `${APP_PAGE}#section`;
    assert.equal(flow.takeReturn(hash()), false);
  });

  test('a believed return: the fragment goes, the connection is read, connected, one connect event', async () => {
    await leaveAndComeBack();
    assert.equal(flow.takeReturn(hash()), true);
    await resumeOpening();
    assert.equal(note(), undefined, 'the note is used up');
    assert.equal(stepName(), 'loading');
    api.next('getSource').resolve(source('mercy'));
    api.next('getConnection').resolve(connection('c1', 'mercy', 'syncing'));
    await settle();
    assert.equal(stepName(), 'connected');
    assert.equal(names('connect').length, 1);
    assert.deepEqual(
      names('connect')[0]!.detail.sessionResults.connectedSources,
      [{id: 'mercy', name: 'Source mercy'}]
    );
    assert.equal(names('error').length, 0);
  });

  test('the receipt of the consent given rides in the note, and comes back in connect', async () => {
    const text = 'Test App wants to connect to Source mercy\n- Medications';
    await leaveAndComeBack(undefined, {text, locale: 'de'});
    const {receipt} = JSON.parse(note()!);
    assert.deepEqual(receipt, {
      connectionId: 'c1',
      sourceId: 'mercy',
      appName: 'Test App',
      version: '1',
      scopes: ['medications'],
      // (the time POST /connections sent: the popup's case proves it is the same)
      acceptedAt: new Date(receipt.acceptedAt).toISOString(),
      locale: 'de',
      textSha256: createHash('sha256').update(text).digest('hex'),
      text,
    });
    flow.takeReturn(hash());
    await resumeOpening();
    api.next('getSource').resolve(source('mercy'));
    api.next('getConnection').resolve(connection('c1', 'mercy', 'syncing'));
    await settle();
    assert.equal(names('connect').length, 1);
    assert.deepEqual(names('connect')[0]!.detail.receipt, receipt);
    assert.deepEqual(receiptOf(flow, 'c1'), receipt, 'for "Save a copy"');
  });

  test('a login that failed at the source: its error, and no connect', async () => {
    await leaveAndComeBack();
    flow.takeReturn(hash());
    await resumeOpening();
    api.next('getSource').resolve(source('mercy'));
    api.next('getConnection').resolve(
      connection('c1', 'mercy', 'error', {
        error: {code: 'login_failed', message: 'locked'},
      })
    );
    await settle();
    assert.equal(stepName(), 'connect-error');
    assert.equal(names('connect').length, 0);
    assert.deepEqual(
      names('error').map((e) => e.detail.error.code),
      ['login_failed']
    );
  });

  test('a login left without signing in: back to consent for that source', async () => {
    await leaveAndComeBack();
    flow.takeReturn(hash());
    await resumeOpening();
    api.next('getSource').resolve(source('mercy'));
    api.next('getConnection').resolve(connection('c1', 'mercy', 'pending'));
    await settle();
    assert.equal(stepName(), 'consent');
    assert.equal(names('connect').length + names('error').length, 0);
  });

  test('a read that fails: the error, and Try again reads the same return again', async () => {
    await leaveAndComeBack();
    flow.takeReturn(hash());
    await resumeOpening();
    api.next('getSource').resolve(source('mercy'));
    api
      .next('getConnection')
      .reject(new ConnectApiError('network_error', 'offline'));
    await settle();
    assert.equal(stepName(), 'session-error');
    void flow.loadSession();
    api.next('getSession').resolve(session());
    await until(() => api.count('getConnection') === 2);
    api.next('getSource').resolve(source('mercy'));
    api.next('getConnection').resolve(connection('c1', 'mercy', 'connected'));
    await settle();
    assert.equal(stepName(), 'connected');
    assert.equal(names('connect').length, 1);
  });

  const refusals: {
    name: string;
    fragment?: (state: string) => string;
    older?: number;
    reason: string;
  }[] = [
    {
      name: 'a state it never stored',
      fragment: () => `hc_state=${'f'.repeat(32)}&hc_connection=c1`,
      reason: 'mismatch',
    },
    {
      name: 'another connection',
      fragment: (s) => `hc_state=${s}&hc_connection=c9`,
      reason: 'mismatch',
    },
    {
      name: 'extra junk in the fragment',
      fragment: (s) => `hc_state=${s}&hc_connection=c1&token=x`,
      reason: 'malformed',
    },
    {
      name: 'a return after 10 minutes',
      older: 10 * 60_000 + 1,
      reason: 'expired',
    },
  ];
  for (const r of refusals) {
    test(`refuses ${r.name}: a clear message, and nothing claimed`, async () => {
      mode = 'redirect';
      await toConsent();
      await allowAndCreate();
      const state = sentState();
      const fragment =
        r.fragment?.(state) ?? `hc_state=${state}&hc_connection=c1`;
      thisPage.address = `${APP_PAGE}#${fragment}`;
      thisPage.time += r.older ?? 1000;
      api = new FakeApi();
      events = [];
      flow = newFlow();
      assert.equal(flow.takeReturn(hash()), true);
      await resumeOpening();
      assert.equal(note(), undefined, 'nothing stored is kept');
      assert.deepEqual(flow.step, {name: 'return-refused', reason: r.reason});
      assert.equal(api.count('getConnection'), 0);
      assert.equal(names('connect').length, 0);
      assert.deepEqual(
        names('error').map((e) => e.detail.error.code),
        ['invalid_return']
      );
    });
  }

  test('refuses a second use of the same return (a reload, a replay)', async () => {
    await leaveAndComeBack();
    const replay = thisPage.address;
    flow.takeReturn(hash());
    await resumeOpening();
    api.next('getSource').resolve(source('mercy'));
    api.next('getConnection').resolve(connection('c1', 'mercy', 'connected'));
    await until(() => stepName() === 'connected');
    // The same address loaded again.
    thisPage.address = replay;
    api = new FakeApi();
    events = [];
    flow = newFlow();
    assert.equal(flow.takeReturn(hash()), true);
    await resumeOpening();
    assert.deepEqual(flow.step, {name: 'return-refused', reason: 'unknown'});
    assert.equal(api.count('getConnection'), 0);
    assert.equal(names('connect').length, 0);
  });

  test('refuses a connection of another source than the login was for', async () => {
    await leaveAndComeBack();
    flow.takeReturn(hash());
    await resumeOpening();
    api.next('getSource').resolve(source('mercy'));
    api.next('getConnection').resolve(connection('c1', 'other', 'connected'));
    await settle();
    assert.deepEqual(flow.step, {name: 'return-refused', reason: 'mismatch'});
    assert.equal(names('connect').length, 0);
  });

  test('the return is settled once: the next opening is an ordinary one', async () => {
    await leaveAndComeBack();
    flow.takeReturn(hash());
    await resumeOpening();
    api.next('getSource').resolve(source('mercy'));
    api.next('getConnection').resolve(connection('c1', 'mercy', 'connected'));
    await settle();
    flow.stop();
    flow.start();
    api.next('getSession').resolve(session());
    await settle();
    assert.equal(stepName(), 'search');
    assert.equal(api.count('getConnection'), 1);
  });
});

describe('FlowController: a reconnect in this tab', () => {
  const broken = connection('c0', 'fitbit', 'error', {
    error: {code: 'reauth_required', message: 'Sign in again'},
  });

  /** Opens on the connected sources, with `broken`, and clicks its Reconnect in redirect mode. */
  async function reconnectInTab(): Promise<{state: string}> {
    mode = 'redirect';
    flow.start();
    api.next('getSession').resolve(session([broken]));
    await settle();
    api.next('searchSources').resolve(sourcePage(['mercy']));
    await settle();
    flow.showConnections();
    reconnect(flow, broken);
    const call = await api.called('reauthorize');
    const body = call.args[1] as {state: string; returnUrl?: string};
    assert.equal(call.args[0], 'c0');
    assert.deepEqual(Object.keys(body).sort(), ['returnUrl', 'state']);
    assert.equal(body.returnUrl, APP_PAGE);
    assert.match(body.state, /^[0-9a-f]{32}$/);
    call.resolve({
      connection: connection('c0', 'fitbit', 'pending'),
      authorizeUrl: AUTHORIZE_URL,
    });
    await until(() => phase() === 'leaving');
    return body;
  }

  /** The page loaded again as the service sends it back, and the return read. */
  async function comeBack(state: string, outcome: Connection): Promise<void> {
    thisPage.address = `${APP_PAGE}#hc_state=${state}&hc_connection=c0`;
    thisPage.time += 60_000;
    api = new FakeApi();
    events = [];
    flow = newFlow();
    assert.equal(flow.takeReturn(hash()), true);
    flow.start();
    api.next('getSession').resolve(session([broken]));
    await until(() => api.count('getConnection') > 0);
    api.next('getSource').resolve(source('fitbit'));
    assert.equal(api.next('getConnection').args[0], 'c0');
    api.next('getConnection').resolve(outcome);
    await settle();
  }

  test('signs in again to the same connection, with returnUrl, and the note says again', async () => {
    const {state} = await reconnectInTab();
    assert.deepEqual(JSON.parse(note()!), {
      state,
      connectionId: 'c0',
      sourceId: 'fitbit',
      startedAt: NOW,
      again: true,
    });
    assert.deepEqual(thisPage.left, [AUTHORIZE_URL]);
    assert.equal(api.count('createConnection'), 0);
    assert.equal(popups.length, 0);
  });

  test('the return: connect says reconnected, once, and the source is not a new one', async () => {
    const {state} = await reconnectInTab();
    await comeBack(state, connection('c0', 'fitbit', 'syncing'));
    assert.deepEqual(flow.step, {
      ...flow.step,
      name: 'connected',
      connectionId: 'c0',
    });
    assert.equal(names('connect').length, 1);
    const detail = names('connect')[0]!.detail;
    assert.equal(detail.reconnected, true);
    assert.equal('receipt' in detail, false);
    assert.deepEqual(detail.sessionResults.connectedSources, []);
    assert.deepEqual(
      flow.connections.map((c) => [c.id, c.status]),
      [['c0', 'syncing']]
    );
  });

  test('a return without signing in: the consent for its source, as the service signs in to a pending connection no more', async () => {
    const {state} = await reconnectInTab();
    await comeBack(state, connection('c0', 'fitbit', 'pending'));
    assert.deepEqual(flow.step, {name: 'consent', source: source('fitbit')});
    assert.equal(names('connect').length + names('error').length, 0);
    // Allow makes a new connection (which replaces the pending one), told as a new source.
    allow(flow);
    const created = await creating();
    assert.equal((created.args[0] as {sourceId: string}).sourceId, 'fitbit');
    assert.equal(api.count('reauthorize'), 0);
  });
});

describe('FlowController: Allow chooses inside its click', () => {
  /**
   * Allow in the same turn as the choice of the source: the choice (login-mode.ts) comes with
   * allow.ts, so there is nothing to wait for.
   */
  async function allowAtOnce(): Promise<void> {
    flow.start();
    api.next('getSession').resolve(session());
    await settle();
    flow.choose(source('mercy'));
    allow(flow);
  }

  test('the popup opens inside the click', async () => {
    mode = 'auto';
    await allowAtOnce();
    assert.equal(popups.length, 1);
    const body = (await api.called('createConnection')).args[0] as object;
    assert.equal('returnUrl' in body, false);
    assert.equal(windows[0]!.closed, false);
    assert.equal(api.count('createConnection'), 1);
  });

  test('where the choice is the redirect (no window.open), no popup opens and the tab leaves', async () => {
    mode = 'auto';
    thisPage.canOpenWindows = false;
    await allowAtOnce();
    assert.equal(popups.length, 0);
    const body = (await api.called('createConnection')).args[0] as {
      returnUrl?: string;
    };
    assert.equal(body.returnUrl, thisPage.href());
    assert.equal(api.count('createConnection'), 1);
  });
});
