/**
 * A host page that signs in in the same tab (test/fixtures/redirect-host.html), in a frame of the
 * test page: the frame is the tab. Allow sends it to the sandbox's login page; signing in there
 * sends it back to the host page, where the widget takes the return up by itself. The sandbox
 * runs in the test page (msw serves the frame too, and the login page reports over its channel).
 * For test/flow/redirect-login.test.ts and test/security/token-leaks.test.ts.
 */
import {sendKeys} from '@web/test-runner-commands';
import type {MockServiceHandle} from '../../sandbox/browser.js';
import {MOCK_LOGIN} from '../../sandbox/connect-service.js';
import {REDIRECT_NOTE_KEY} from '../../src/flow/redirect-login.js';
import type {
  HostConfig,
  RedirectHostWindow,
} from '../fixtures/redirect-host.js';
import {MERCY} from './flow.js';
import {findByRole, getByRole} from './queries.js';
import {waitUntil} from './wait.js';
import {MOCK_SESSION_TOKEN, mockService} from './widget.js';

export const HOST_PAGE = '/test/fixtures/redirect-host.html';
export const LOGIN_PAGE = '/sandbox/login.html';

let frame: HTMLIFrameElement | undefined;

/** Takes the tab away, and the note it may have left in this origin's `sessionStorage`. */
export function closeHostPage(): void {
  frame?.remove();
  frame = undefined;
  sessionStorage.removeItem(REDIRECT_NOTE_KEY);
}

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
export async function pageIn(
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

/**
 * The host page in its frame ("the tab"), given the token (default: the sandbox's usual one) and
 * the service as its server would; `hash` is the address's fragment on this load.
 */
export async function openHostPage(
  options: {
    hash?: string;
    token?: (mock: MockServiceHandle) => string;
    opening?: HostConfig['opening'];
  } = {}
) {
  const {hash = '', token = () => MOCK_SESSION_TOKEN} = options;
  const mock = await mockService();
  const config: HostConfig = {
    token: token(mock),
    apiBase: mock.apiBase,
    opening: options.opening,
  };
  (window as unknown as {redirectHost: HostConfig}).redirectHost = config;
  frame = document.createElement('iframe');
  frame.title = 'the host page';
  frame.style.cssText = 'width: 800px; height: 700px; border: 0';
  frame.src = HOST_PAGE + hash;
  document.body.append(frame);
  return {mock, ...(await pageIn(HOST_PAGE))};
}

/** In the widget: Mercy General Hospital, then Allow. */
export async function chooseMercyAndAllow(
  win: RedirectHostWindow
): Promise<void> {
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
export async function signIn(doc: Document): Promise<void> {
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

/** The events of `type` that the host page heard. */
export const ofType = (win: RedirectHostWindow, type: string) =>
  win.hostEvents.filter((e) => e.type === type);
