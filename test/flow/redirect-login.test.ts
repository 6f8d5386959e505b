/**
 * Redirect login (issue 16), the whole of it in one tab, as a person whose browser has no popups
 * goes through it: the host page (test/fixtures/redirect-host.html) is in a frame of the test
 * page, and the frame is the tab. Allow sends it to the sandbox's login page; signing in there
 * sends it back to the host page, where the widget takes the return up by itself. The sandbox
 * runs in the test page (msw serves the frame too, and the login page reports over its channel).
 *
 * The rules of a return (forged, replayed, expired, of another connection) are proved alone in
 * test/controllers/redirect-flow.test.ts; here, what the person sees and what the host hears.
 */
import {expect} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import {MOCK_LOGIN} from '../../sandbox/connect-service.js';
import {applyPopupBlocker} from '../../sandbox/popup-blocker.js';
import {REDIRECT_NOTE_KEY} from '../../src/flow/redirect-login.js';
import type {
  HostConfig,
  RedirectHostWindow,
} from '../fixtures/redirect-host.js';
import {MERCY} from '../helpers/flow.js';
import {findByRole, getByRole} from '../helpers/queries.js';
import {waitUntil} from '../helpers/wait.js';
import {MOCK_SESSION_TOKEN, mockService} from '../helpers/widget.js';

const HOST_PAGE = '/test/fixtures/redirect-host.html';
const LOGIN_PAGE = '/sandbox/login.html';

let frame: HTMLIFrameElement | undefined;

afterEach(() => {
  frame?.remove();
  frame = undefined;
  sessionStorage.removeItem(REDIRECT_NOTE_KEY);
});

/** Where the frame is, and what its widget says: for a wait that failed. */
function whatTheFrameShows(): string {
  try {
    const win = frame?.contentWindow as RedirectHostWindow | null;
    const text = win?.widget?.shadowRoot?.textContent?.replace(/\s+/g, ' ');
    return `${win?.location.href} (${win?.document.readyState}): ${text?.slice(0, 300)}`;
  } catch (error) {
    return `nothing it lets us read (${error})`;
  }
}

/** The frame's document once it is a page at `path` other than `before`, fully loaded. */
async function pageIn(
  path: string,
  before?: Document
): Promise<{win: RedirectHostWindow; doc: Document}> {
  let doc: Document | null = null;
  await waitUntil(() => {
    try {
      doc = frame!.contentDocument;
      return (
        !!doc &&
        doc !== before &&
        doc.location.pathname === path &&
        doc.readyState === 'complete' &&
        (path !== HOST_PAGE ||
          !!(frame!.contentWindow as RedirectHostWindow).widget)
      );
    } catch {
      return false;
    }
  }, `the frame did not load ${path}`).catch((error: Error) => {
    throw new Error(`${error.message}; it shows ${whatTheFrameShows()}`);
  });
  return {win: frame!.contentWindow as RedirectHostWindow, doc: doc!};
}

/** The host page in its frame ("the tab"), given the token and the service as its server would. */
async function openHostPage(hash = '') {
  const mock = await mockService();
  const config: HostConfig = {token: MOCK_SESSION_TOKEN, apiBase: mock.apiBase};
  (window as unknown as {redirectHost: HostConfig}).redirectHost = config;
  frame = document.createElement('iframe');
  frame.title = 'the host page';
  frame.style.cssText = 'width: 800px; height: 700px; border: 0';
  frame.src = HOST_PAGE + hash;
  document.body.append(frame);
  return {mock, ...(await pageIn(HOST_PAGE))};
}

/** In the widget: Mercy General Hospital, then Allow. */
async function chooseMercyAndAllow(win: RedirectHostWindow): Promise<void> {
  const el = win.widget;
  el.show();
  const field = await findByRole<HTMLInputElement>(el, 'combobox');
  await findByRole(el, 'option', /Kaiser/);
  field.focus();
  await sendKeys({type: 'mercy general'});
  (await findByRole(el, 'option', new RegExp(`^${MERCY}`))).click();
  (await findByRole(el, 'button', 'Allow')).click();
}

/** On the sandbox's login page, in the frame: the person signs in, with the code. */
async function signIn(doc: Document): Promise<void> {
  const body = doc.body;
  const field = (id: string) => doc.getElementById(id) as HTMLInputElement;
  await findByRole(body, 'textbox', 'Username');
  field('username').value = MOCK_LOGIN.username;
  field('password').value = MOCK_LOGIN.password;
  getByRole(body, 'button', 'Sign in').click();
  await findByRole(body, 'textbox', 'Verification code');
  field('code').value = MOCK_LOGIN.code;
  getByRole(body, 'button', 'Verify').click();
}

const ofType = (win: RedirectHostWindow, type: string) =>
  win.hostEvents.filter((e) => e.type === type);

describe('redirect login, in one tab', () => {
  it('leaves for the login page, comes back connected, and the host hears connect once', async () => {
    const {mock, win, doc} = await openHostPage();
    await chooseMercyAndAllow(win);

    const login = await pageIn(LOGIN_PAGE, doc);
    const [create] = mock.service.requestsTo('POST', '/connections');
    const body = create!.body as {returnUrl: string; state: string};
    expect(body.returnUrl).to.equal(`${location.origin}${HOST_PAGE}`);
    expect(login.doc.location.href).not.to.contain(MOCK_SESSION_TOKEN);
    const note = JSON.parse(sessionStorage.getItem(REDIRECT_NOTE_KEY)!);
    expect(Object.keys(note).sort()).to.deep.equal([
      'connectionId',
      'sourceId',
      'startedAt',
      'state',
    ]);
    await signIn(login.doc);

    const back = await pageIn(HOST_PAGE, login.doc);
    await findByRole(back.win.widget, 'heading', `${MERCY} is connected`);
    await waitUntil(() => ofType(back.win, 'connect').length > 0, 'no connect');
    expect(ofType(back.win, 'connect')).to.have.length(1);
    expect(ofType(back.win, 'error')).to.have.length(0);
    const [connect] = ofType(back.win, 'connect');
    expect(connect!.detail.sessionResults.connectedSources[0].name).to.equal(
      MERCY
    );
    // The fragment is gone from the address, and the token is nowhere the page keeps.
    expect(back.win.location.hash).to.equal('');
    expect(back.win.location.href).not.to.contain(MOCK_SESSION_TOKEN);
    expect(sessionStorage.getItem(REDIRECT_NOTE_KEY)).to.equal(null);
    for (const storage of [sessionStorage, localStorage])
      for (let i = 0; i < storage.length; i++)
        expect(storage.getItem(storage.key(i)!) ?? '').not.to.contain(
          MOCK_SESSION_TOKEN
        );
  });

  it('refuses the same return a second time: a clear message, and nothing claimed', async () => {
    const {mock, win, doc} = await openHostPage();
    await chooseMercyAndAllow(win);
    const login = await pageIn(LOGIN_PAGE, doc);
    await signIn(login.doc);
    const back = await pageIn(HOST_PAGE, login.doc);
    await findByRole(back.win.widget, 'heading', `${MERCY} is connected`);

    const [create] = mock.service.requestsTo('POST', '/connections');
    const {state} = create!.body as {state: string};
    const id = [...mock.service.state.connections.values()].at(-1)!.id;
    // The same address again, as a reload or a replayed link would load it.
    back.win.location.hash = `hc_state=${state}&hc_connection=${id}`;
    back.win.location.reload();
    const replayed = await pageIn(HOST_PAGE, back.doc);
    await findByRole(
      replayed.win.widget,
      'heading',
      'We could not finish connecting'
    );
    expect(ofType(replayed.win, 'connect')).to.have.length(0);
    expect(
      ofType(replayed.win, 'error').map((e) => e.detail.error.code)
    ).to.deep.equal(['invalid_return']);
    expect(replayed.win.location.hash).to.equal('');
    // "Start again" goes on to search.
    getByRole(replayed.win.widget, 'button', 'Start again').click();
    await findByRole(replayed.win.widget, 'combobox');
  });

  it('refuses a return it never left for', async () => {
    const {win} = await openHostPage(
      `#hc_state=${'a'.repeat(32)}&hc_connection=conn_forged`
    );
    await findByRole(win.widget, 'heading', 'We could not finish connecting');
    expect(ofType(win, 'connect')).to.have.length(0);
    expect(win.location.hash).to.equal('');
  });

  it('auto: where window.open is missing, signs in in the tab', async () => {
    const {mock, win, doc} = await openHostPage();
    win.widget.login = 'auto';
    (win as {open?: unknown}).open = undefined;
    await chooseMercyAndAllow(win);
    await pageIn(LOGIN_PAGE, doc);
    const [create] = mock.service.requestsTo('POST', '/connections');
    expect((create!.body as {returnUrl?: string}).returnUrl).to.equal(
      `${location.origin}${HOST_PAGE}`
    );
  });

  it('auto: a blocked popup offers "Continue in this tab"', async () => {
    const {mock, win, doc} = await openHostPage();
    win.widget.login = 'auto';
    applyPopupBlocker(win, true);
    await chooseMercyAndAllow(win);
    (await findByRole(win.widget, 'button', 'Continue in this tab')).click();
    await pageIn(LOGIN_PAGE, doc);
    const creates = mock.service.requestsTo('POST', '/connections');
    expect(creates).to.have.length(2);
    expect('returnUrl' in (creates[0]!.body as object)).to.be.false;
    expect((creates[1]!.body as {returnUrl?: string}).returnUrl).to.equal(
      `${location.origin}${HOST_PAGE}`
    );
  });
});
