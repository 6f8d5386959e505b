/**
 * The mock login page of a source, opened by <human-connect> in a popup at
 * the `authorizeUrl` the mock service hands out:
 * `login.html?connection=<id>&state=<nonce>&source=<name>`.
 *
 * Step 1: username + password (demo / demo-password). Step 2: a verification
 * code (123456). Username `locked` signs in but the source then fails
 * (`outcome: 'error'`), to exercise the widget's failure path.
 *
 * On completion it tells the service, then calls the contract's callback on
 * the opener and closes itself. Served by the HTTP sandbox
 * (sandbox/http-server.ts), on the service's own origin, it reports over HTTP.
 * In the demo and the browser tests the service runs in the opener's page,
 * behind msw, which cannot see this window's requests: there it reports over
 * the BroadcastChannel `human-connect-mock` and waits for `login:ack`
 * (3 s at most either way).
 *
 * Self-contained on purpose (no imports): the constants below mirror
 * sandbox/connect-service.ts (MOCK_CHANNEL_NAME, MOCK_LOGIN, MOCK_LOCKED_USERNAME).
 */

const CHANNEL_NAME = 'human-connect-mock';
const USERNAME = 'demo';
const PASSWORD = 'demo-password';
const CODE = '123456';
const LOCKED_USERNAME = 'locked';
const ACK_TIMEOUT_MS = 3000;
// sandbox/carry-over.ts: the in-browser sandbox's state and the logins it has yet to take up.
const CARRIED_STATE_KEY = 'human-connect-sandbox:state';
const CARRIED_LOGINS_KEY = 'human-connect-sandbox:logins';

type Outcome = 'connected' | 'error';

function el<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} missing`);
  return found as T;
}

const params = new URLSearchParams(location.search);
const connectionId = params.get('connection') ?? '';
const nonce = params.get('state') ?? '';
const sourceName = (params.get('source') ?? '').trim() || 'your account';
/** Set by the HTTP sandbox, which serves this page: where to report the outcome. */
const completeUrl = document
  .querySelector<HTMLMetaElement>('meta[name="human-connect-login-complete"]')
  ?.getAttribute('content');

const title = el<HTMLHeadingElement>('title');
const invalid = el<HTMLParagraphElement>('invalid');
const loginForm = el<HTMLFormElement>('login-form');
const codeForm = el<HTMLFormElement>('code-form');
const username = el<HTMLInputElement>('username');
const password = el<HTMLInputElement>('password');
const code = el<HTMLInputElement>('code');
const loginError = el<HTMLParagraphElement>('login-error');
const codeError = el<HTMLParagraphElement>('code-error');
const status = el<HTMLParagraphElement>('status');

// Plain text only: the source name comes from the URL.
title.textContent = `Sign in to ${sourceName}`;
document.title = `Sign in to ${sourceName}`;

let busy = false;

function setError(
  target: HTMLElement,
  input: HTMLInputElement | null,
  message: string
): void {
  target.textContent = message;
  if (input) input.setAttribute('aria-invalid', message ? 'true' : 'false');
}

function setBusy(form: HTMLFormElement, on: boolean): void {
  busy = on;
  for (const b of form.querySelectorAll('button')) b.disabled = on;
}

/**
 * Tell the service, wait for its answer (bounded), then go back: to the app's page, when the
 * widget left it for this login (redirect login: the service answers where), else to the opener,
 * by message, closing this window.
 */
async function finish(outcome: Outcome): Promise<void> {
  status.textContent =
    outcome === 'connected'
      ? `Signed in. Returning you to the app…`
      : `${sourceName} could not complete the sign-in. Returning you to the app…`;
  await goBack(outcome);
}

async function goBack(outcome: Outcome | 'cancelled'): Promise<void> {
  const report = {connectionId, outcome, state: nonce};
  const returnTo = completeUrl
    ? await reportOverHttp(completeUrl, report)
    : (returnThroughTab(report) ?? (await reportOnChannel(report)));
  if (returnTo) {
    location.replace(returnTo);
    return;
  }
  if (outcome !== 'cancelled')
    window.opener?.postMessage(
      {type: 'human-connect:authorized', connectionId, state: nonce},
      '*'
    );
  window.close();
}

/**
 * A redirect login in the in-browser sandbox (the demo): the app's page, and the service in it,
 * are gone, and the state they left in this tab names where to go back. The outcome waits there
 * for the service of the next page load. Undefined when this login is not such a one.
 */
function returnThroughTab(report: object): string | undefined {
  try {
    const saved: unknown = JSON.parse(
      sessionStorage.getItem(CARRIED_STATE_KEY) ?? 'null'
    );
    const metas = (saved as {connectionMeta?: unknown} | null)?.connectionMeta;
    const meta = Array.isArray(metas)
      ? (metas.find(
          (entry) => Array.isArray(entry) && entry[0] === connectionId
        )?.[1] as {returnUrl?: unknown} | undefined)
      : undefined;
    const returnUrl = meta?.returnUrl;
    if (typeof returnUrl !== 'string' || !/^https?:\/\//.test(returnUrl))
      return undefined;
    const waiting: unknown = JSON.parse(
      sessionStorage.getItem(CARRIED_LOGINS_KEY) ?? '[]'
    );
    sessionStorage.setItem(
      CARRIED_LOGINS_KEY,
      JSON.stringify([...(Array.isArray(waiting) ? waiting : []), report])
    );
    const url = new URL(returnUrl);
    url.hash = new URLSearchParams({
      hc_state: nonce,
      hc_connection: connectionId,
    }).toString();
    return url.href;
  } catch {
    return undefined;
  }
}

/** Where the service sends the person back, when it says so with an http(s) URL. */
function returnToOf(answer: unknown): string | undefined {
  const returnTo =
    typeof answer === 'object' && answer !== null
      ? (answer as {returnTo?: unknown}).returnTo
      : undefined;
  return typeof returnTo === 'string' && /^https?:\/\//.test(returnTo)
    ? returnTo
    : undefined;
}

/** The HTTP sandbox (sandbox/http-server.ts): the service is on this page's own origin. */
async function reportOverHttp(
  url: string,
  report: object
): Promise<string | undefined> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ACK_TIMEOUT_MS);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(report),
      signal: controller.signal,
    });
    return res.ok ? returnToOf(await res.json()) : undefined;
  } catch {
    // The widget polls the connection and learns the outcome, or its absence, anyway.
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** The service in the opener's page (the demo, the tests): msw there cannot see this window. */
async function reportOnChannel(report: {
  connectionId: string;
}): Promise<string | undefined> {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  const channel = new BroadcastChannel(CHANNEL_NAME);
  const acked = new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ACK_TIMEOUT_MS);
    channel.addEventListener('message', (event: MessageEvent) => {
      const data: unknown = event.data;
      if (
        typeof data === 'object' &&
        data !== null &&
        (data as {type?: unknown}).type === 'login:ack' &&
        (data as {connectionId?: unknown}).connectionId === report.connectionId
      ) {
        clearTimeout(timer);
        resolve(returnToOf(data));
      }
    });
  });
  channel.postMessage({type: 'login', ...report});
  const returnTo = await acked;
  channel.close();
  return returnTo;
}

function cancel(): void {
  // Nothing changes: a popup's widget notices the closed window; a redirect goes back to the app,
  // whose widget finds the connection still pending.
  void goBack('cancelled');
}

for (const b of document.querySelectorAll<HTMLButtonElement>('button.cancel')) {
  b.addEventListener('click', cancel);
}

loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (busy) return;
  const user = username.value.trim();
  const pass = password.value;
  if (!user || !pass) {
    setError(
      loginError,
      !user ? username : password,
      'Enter your username and password.'
    );
    (!user ? username : password).focus();
    return;
  }
  setBusy(loginForm, true);
  // A short pause, as a real service would take.
  setTimeout(() => {
    setBusy(loginForm, false);
    if (user === LOCKED_USERNAME) {
      setError(loginError, null, '');
      setBusy(loginForm, true);
      void finish('error');
      return;
    }
    if (user !== USERNAME || pass !== PASSWORD) {
      // Keep the username; clear the password.
      password.value = '';
      username.removeAttribute('aria-invalid');
      setError(loginError, password, 'Incorrect username or password');
      password.focus();
      return;
    }
    setError(loginError, password, '');
    loginForm.hidden = true;
    codeForm.hidden = false;
    code.focus();
  }, 300);
});

codeForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (busy) return;
  const value = code.value.replace(/\s+/g, '');
  if (value !== CODE) {
    setError(
      codeError,
      code,
      value
        ? 'That code is not right. Check it and try again.'
        : 'Enter the verification code.'
    );
    code.select();
    code.focus();
    return;
  }
  setError(codeError, code, '');
  setBusy(codeForm, true);
  void finish('connected');
});

if (!connectionId || !nonce) {
  invalid.hidden = false;
  invalid.textContent =
    'This sign-in link is incomplete. Close this window and start again from the app.';
  loginForm.hidden = true;
} else {
  username.focus();
}

export {};
