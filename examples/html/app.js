/**
 * The host page's logic for the plain-HTML example (index.html). Plain JS, no
 * build step, no inline script (the page has a strict Content-Security-Policy).
 * It assumes the script-tag bundle has loaded: `window.HumanConnect` and the
 * `data-hapi-token` launchers come from it.
 *
 * Two ways in, on one page (a real page would pick one):
 * - the launcher: `<button data-hapi-token data-hapi-api-base>`. A click opens
 *   the widget with the token the button carries at that moment. Here the token
 *   is fetched when the page starts, and again after each session; a page
 *   rendered by your server would write it into the attribute instead.
 *   Its events come through `HumanConnect.on()`.
 * - `HumanConnect.open({token, apiBase, onConnect, onClose})`: fetches a token
 *   on click, then opens; its events come through the callbacks.
 *
 * Either way, the `detail` of `connect` and `close` is forwarded to the server
 * (`POST /api/human-connect/results`), which checks the token and the sources.
 */

/** @typedef {{sessionToken: string, apiBase: string}} HostSession */

/** `POST /api/human-connect/session`: a session token for the signed-in user. */
export async function fetchSessionFromServer() {
  const res = await fetch('/api/human-connect/session', {
    method: 'POST',
    credentials: 'same-origin',
  });
  if (!res.ok)
    throw new Error(`/api/human-connect/session answered ${res.status}`);
  return /** @type {Promise<HostSession>} */ (res.json());
}

/** `POST /api/human-connect/results`: the detail of a `connect` or `close` event. */
export async function forwardToServer(detail) {
  const res = await fetch('/api/human-connect/results', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(detail),
  });
  if (!res.ok)
    throw new Error(`/api/human-connect/results answered ${res.status}`);
  return res.json();
}

/**
 * Wires up the page inside `root`: `#launcher`, `#open-widget`, `#status`, `#server-log`.
 *
 * @param {{
 *   root?: ParentNode,
 *   api?: import('../../src/embed/global-api.js').HumanConnectGlobal,
 *   fetchSession?: () => Promise<HostSession>,
 *   forward?: (detail: unknown) => Promise<unknown>,
 * }} [options]
 */
export function start(options = {}) {
  const {
    root = document,
    api = window.HumanConnect,
    fetchSession = fetchSessionFromServer,
    forward = forwardToServer,
  } = options;
  if (!api)
    throw new Error(
      'window.HumanConnect is missing: load the human-connect script first.'
    );

  const launcher = /** @type {HTMLButtonElement} */ (
    root.querySelector('#launcher')
  );
  const openButton = /** @type {HTMLButtonElement} */ (
    root.querySelector('#open-widget')
  );
  const status = /** @type {HTMLElement} */ (root.querySelector('#status'));
  const serverLog = /** @type {HTMLElement} */ (
    root.querySelector('#server-log')
  );

  /** Names of the sources connected from this page, in order. */
  const connected = [];

  function showConnected(detail) {
    for (const source of detail.sessionResults.connectedSources) {
      if (!connected.includes(source.name)) connected.push(source.name);
    }
    status.textContent = `Connected: ${connected.join(', ')}`;
  }

  async function report(type, detail) {
    const item = document.createElement('li');
    item.textContent = `${type}: sent to your server…`;
    serverLog.append(item);
    try {
      const answer = await forward(detail);
      const verified = (answer?.connectedSources ?? [])
        .filter((s) => s.verified)
        .map((s) => s.name);
      item.textContent = `${type}: your server verified ${verified.length ? verified.join(', ') : 'no new source'}`;
    } catch (error) {
      item.textContent = `${type}: your server refused it (${error instanceof Error ? error.message : error})`;
    }
  }

  /**
   * Puts a fresh token on the launcher. It is disabled in the page until it
   * has its first one; later it keeps the old token until the new one comes,
   * and stays enabled, so that focus can return to it when the widget closes.
   */
  async function loadLauncherToken() {
    try {
      const session = await fetchSession();
      launcher.dataset.hapiToken = session.sessionToken;
      launcher.dataset.hapiApiBase = session.apiBase;
      launcher.disabled = false;
    } catch {
      status.textContent =
        'Could not reach your server. Reload the page to try again.';
    }
  }

  // A session that open() started reports through its own callbacks; on()
  // hears every widget the API opens, so it leaves that one alone.
  let openedByCall = false;
  const onConnect = (detail) => {
    if (openedByCall) return;
    showConnected(detail);
    void report('connect', detail);
  };
  const onClose = (detail) => {
    if (openedByCall) return;
    void report('close', detail);
    void loadLauncherToken();
  };
  api.on('connect', onConnect);
  api.on('close', onClose);

  // Not `disabled` while busy: focus returns to this button when the widget closes.
  let busy = false;
  const onOpenClick = async () => {
    if (busy) return;
    busy = true;
    let session;
    try {
      session = await fetchSession();
    } catch {
      status.textContent = 'Could not reach your server. Try again.';
      busy = false;
      return;
    }
    openedByCall = true;
    const closed = api.open({
      token: session.sessionToken,
      apiBase: session.apiBase,
      onConnect: (detail) => {
        showConnected(detail);
        void report('connect', detail);
      },
      onClose: (detail) => void report('close', detail),
    });
    // Resolves after every listener has heard `close`.
    void closed.finally(() => {
      openedByCall = false;
      busy = false;
    });
  };
  openButton.addEventListener('click', onOpenClick);
  openButton.disabled = false;

  const ready = loadLauncherToken();
  return {
    /** Resolves once the launcher has its token. */
    ready,
    /** Removes what `start()` added (the tests call it between runs). */
    stop() {
      api.off('connect', onConnect);
      api.off('close', onClose);
      openButton.removeEventListener('click', onOpenClick);
    },
  };
}
