/**
 * Every view and state of `<human-connect>`, each with a recipe that brings a
 * fresh widget there against the mock Connect service. The designer's gallery
 * shows them side by side; the accessibility, locale and screenshot tests
 * walk the same list, so a state added here is checked everywhere.
 *
 * Recipes find controls by structure, not by their English words, so that
 * they work in every locale.
 */
import {http} from 'msw';
import type {SetupWorker} from 'msw/browser';
import type {HumanConnectElement} from '../../src/human-connect.js';
import {READ_RETRY} from '../../src/api/retry.js';
import type {Page} from '../../src/flow/page.js';
import type {Timings} from '../../src/flow/timings.js';
import {
  MOCK_EXPIRED_TOKEN,
  MOCK_SESSION_TOKEN,
  SEEDED_SOURCE_NAME,
  type ConnectService,
} from '../../sandbox/connect-service.js';

/**
 * The waits of the gallery's widgets and of the tests' (`timings`): a retry,
 * a poll or a sync refresh in a few milliseconds, so that every state is
 * reached at once. The product's own waits are proved in test/controllers/.
 */
export const QUICK_TIMINGS: Partial<Timings> = {
  retryBaseMs: 4,
  syncRefreshMs: 40,
  loginPollMs: [20, 40],
  popupClosedCheckMs: 20,
};

export interface StateContext {
  el: HumanConnectElement;
  service: ConnectService;
  worker: SetupWorker;
  apiBase: string;
}

export interface WidgetState {
  id: string;
  title: string;
  /** The token the widget opens with (default: a valid one). */
  token?: string | null;
  /** Brings the open widget to this state; resolves once it is there. */
  drive(ctx: StateContext): Promise<void>;
}

const root = (el: HTMLElement) => el.shadowRoot!;

/** Waits until `find` returns something (polling each frame), or fails after `timeout`. */
export async function until<T>(
  find: () => T | null | undefined | false,
  what: string,
  timeout = 8000
): Promise<T> {
  const start = performance.now();
  for (;;) {
    const found = find();
    if (found) return found;
    if (performance.now() - start > timeout)
      throw new Error(`gallery: timed out waiting for ${what}`);
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  }
}

function find<T extends Element = HTMLElement>(
  el: HTMLElement,
  selector: string
): T | null {
  return root(el).querySelector<T>(selector);
}

async function click(el: HTMLElement, selector: string): Promise<void> {
  (await until(() => find<HTMLElement>(el, selector), selector)).click();
}

async function search(el: HumanConnectElement, query: string): Promise<void> {
  const input = await until(
    () => find<HTMLInputElement>(el, 'input[role="combobox"]'),
    'the search field'
  );
  await until(() => find(el, '[role="option"]'), 'the popular sources');
  input.value = query;
  input.dispatchEvent(new InputEvent('input', {bubbles: true, composed: true}));
  await el.updateComplete; // the list is now marked busy until the answer lands
  await until(
    () => find(el, '[role="listbox"][aria-busy="false"]'),
    `results for "${query}"`
  );
}

/**
 * To the consent view of the first source found for `query`. The login
 * states each use a source of their own, so that widgets left waiting side by
 * side in the gallery never share a connection.
 */
async function toConsent(
  el: HumanConnectElement,
  query = 'mercy general'
): Promise<void> {
  await search(el, query);
  await click(el, '[role="option"][aria-disabled="false"]');
  await until(() => find(el, '.scopes'), 'the consent view');
}

/**
 * A stand-in popup window, so that a gallery tile can show the login states
 * without opening windows; `closeAfter` ms after it is sent to the login page,
 * it reads as closed.
 */
function fakePopup(closeAfter?: number): Window {
  const popup = {
    closed: false,
    close() {
      popup.closed = true;
    },
    location: {
      replace() {
        if (closeAfter !== undefined)
          setTimeout(() => popup.close(), closeAfter);
      },
    },
  };
  return popup as unknown as Window;
}

/** Runs `allow` with `window.open` answering `popup` (null: blocked). */
async function allowWith(el: HTMLElement, popup: Window | null): Promise<void> {
  const open = window.open;
  window.open = () => popup;
  try {
    await click(el, '.actions .primary');
  } finally {
    window.open = open;
  }
}

/** Until the connection exists and the popup is waiting (past "preparing"). */
function waiting(el: HTMLElement): Promise<unknown> {
  return until(
    () =>
      !find(el, '.scopes') &&
      find(el, '.loading') &&
      find(el, '.actions .primary'),
    'the waiting view'
  );
}

/** A source's id in the mock service's catalogue, by its name. */
function sourceNamed(service: ConnectService, name: string): string {
  for (const source of service.state.sourcesById.values())
    if (source.name === name) return source.id;
  throw new Error(`no source named ${name}`);
}

/** A widget opened to the source named `name` (`source-id`, and `lock-source` if `locked`). */
function openedTo(
  id: string,
  title: string,
  {name, shows, locked = false}: {name: string; shows: string; locked?: boolean}
): WidgetState {
  return {
    id,
    title,
    async drive({el, service}) {
      el.sourceId = sourceNamed(service, name);
      el.lockSource = locked;
      el.show();
      await until(() => find(el, shows), title);
    },
  };
}

/**
 * A widget on a session whose seeded connection (Fitbit) its source broke: it wants the person to
 * sign in again (`reauth_required`). `open` opens the widget, given that connection's id. The
 * connection stays broken, so that the tile's Reconnect signs in to it again: the gallery's tiles
 * after these do not show the connections, and each test starts on a fresh service.
 */
function broken(
  id: string,
  title: string,
  open: (el: HumanConnectElement, connectionId: string) => Promise<void>
): WidgetState {
  return {
    id,
    title,
    async drive({el, service}) {
      const seeded = [...service.state.connections.values()].find(
        (c) => c.sourceName === SEEDED_SOURCE_NAME
      )!;
      service.breakConnection(seeded.id);
      await open(el, seeded.id);
    },
  };
}

function lastConnectionId(service: ConnectService): string {
  const ids = [...service.state.connections.keys()];
  return ids[ids.length - 1];
}

const never = () => new Promise<never>(() => {});

/**
 * The page as a redirect login sees it, for a tile: an address that may carry a return, storage of
 * its own, and a leaving that goes nowhere, so that the gallery shows the redirect's views and
 * stays where it is.
 */
function standInPage(fragment = '', inApp = false): Page {
  const items = new Map<string, string>();
  let address = `${location.origin}/gallery${fragment}`;
  return {
    href: () => address,
    forgetFragment() {
      address = address.replace(/#.*$/, '');
    },
    storage: () => ({
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => void items.set(key, value),
      removeItem: (key) => void items.delete(key),
    }),
    leave() {},
    now: () => Date.now(),
    environment: () => ({canOpenWindows: true, userAgent: ''}),
    postNative: async () => inApp,
  };
}

export const STATES: WidgetState[] = [
  {
    id: 'loading',
    title: 'Loading the session (gives up after 20 s)',
    async drive({el, worker, apiBase}) {
      worker.use(http.get(`${apiBase}/session`, never, {once: true}));
      el.show();
      await until(() => find(el, '.body .loading'), 'the loading view');
    },
  },
  {
    id: 'search-popular',
    title: 'Search: popular providers',
    async drive({el}) {
      el.show();
      await until(() => find(el, '[role="option"]'), 'popular sources');
    },
  },
  {
    id: 'search-results',
    title: 'Search: results, with warnings and marks',
    async drive({el}) {
      el.show();
      await search(el, 'mercy');
    },
  },
  {
    id: 'search-loading',
    title: 'Search: loading',
    async drive({el, worker, apiBase}) {
      el.show();
      await until(() => find(el, '[role="option"]'), 'popular sources');
      // Only this query hangs, so that no other widget's search is caught by it.
      worker.use(
        http.get(`${apiBase}/sources`, ({request}) =>
          new URL(request.url).searchParams.get('q') === 'kaiser hangs'
            ? never()
            : undefined
        )
      );
      const input = find<HTMLInputElement>(el, 'input[role="combobox"]')!;
      input.value = 'kaiser hangs';
      input.dispatchEvent(
        new InputEvent('input', {bubbles: true, composed: true})
      );
      await until(() => find(el, '.busy'), 'the busy list');
    },
  },
  {
    id: 'search-empty',
    title: 'Search: no results',
    async drive({el}) {
      el.show();
      await search(el, 'zzqxv');
      await until(() => find(el, '.empty'), 'the no-results note');
    },
  },
  {
    id: 'search-error',
    title: 'Search: error with retry and reference',
    async drive({el, service}) {
      // Every try fails: the first and the retries the widget makes by itself.
      service.scenario.failOn = {
        method: 'GET',
        path: '/sources',
        status: 500,
        times: READ_RETRY.attempts,
      };
      el.show();
      await until(
        () => find(el, '[role="alert"] .reference'),
        'the search error, with its reference'
      );
    },
  },
  {
    id: 'request-form',
    title: 'Request a provider',
    async drive({el}) {
      el.show();
      await search(el, 'lakeside family clinic');
      await click(el, '.search-footer .link');
      await until(() => find(el, 'form'), 'the request form');
    },
  },
  {
    id: 'request-error',
    title: 'Request a provider: sending failed',
    async drive({el, service}) {
      el.show();
      await search(el, 'lakeside family clinic');
      await click(el, '.search-footer .link');
      service.scenario.failOn = {
        method: 'POST',
        path: '/source-requests',
        status: 0,
        times: 1,
      };
      await click(el, 'form .primary');
      await until(() => find(el, 'form [role="alert"]'), 'the request error');
    },
  },
  {
    id: 'consent',
    title: 'Consent',
    async drive({el}) {
      el.show();
      await toConsent(el);
    },
  },
  openedTo('consent-opened', 'Consent: opened to a source (source-id)', {
    name: 'Mercy General Hospital',
    shows: '.scopes',
  }),
  openedTo('consent-locked', 'Consent: locked to its source (lock-source)', {
    name: 'Mercy General Hospital',
    shows: '.scopes',
    locked: true,
  }),
  openedTo('source-error', 'Opened to a source that cannot be connected', {
    name: 'Mercy Hospital Springfield',
    shows: '[role="alert"]',
  }),
  {
    id: 'authorizing-creating',
    title: 'Login: preparing',
    async drive({el, worker, apiBase}) {
      el.show();
      await toConsent(el, 'labcorp');
      worker.use(http.post(`${apiBase}/connections`, never, {once: true}));
      await allowWith(el, fakePopup());
      await until(() => find(el, '.loading'), 'the preparing view');
    },
  },
  {
    id: 'authorizing-waiting',
    title: 'Login: waiting for the popup',
    async drive({el}) {
      el.show();
      await toConsent(el, 'quest diagnostics');
      await allowWith(el, fakePopup());
      await waiting(el);
    },
  },
  {
    id: 'authorizing-blocked',
    title: 'Login: popup blocked, link offered',
    async drive({el}) {
      el.show();
      await toConsent(el, 'cvs pharmacy');
      await allowWith(el, null);
      await until(() => find(el, 'a.button'), 'the login link');
    },
  },
  {
    id: 'authorizing-leaving',
    title: 'Login: on the way to the sign-in page, in this tab (redirect)',
    async drive({el}) {
      el.page = standInPage();
      el.login = 'redirect';
      el.show();
      await toConsent(el, 'stanford health');
      await click(el, '.actions .primary');
      await until(
        () => find(el, '.loading') && !find(el, '.actions'),
        'the leaving view'
      );
    },
  },
  {
    id: 'authorizing-native',
    title: 'Login: the app opened the sign-in page (native)',
    async drive({el}) {
      el.page = standInPage('', true);
      el.login = 'native';
      el.show();
      await toConsent(el, 'johns hopkins');
      await click(el, '.actions .primary');
      // Past "preparing" (a heading and one line): what to do, and the wait.
      await until(
        () =>
          !find(el, '.scopes') &&
          root(el).querySelectorAll('.body p').length === 2 &&
          find(el, '.body p.loading'),
        'the native waiting view'
      );
    },
  },
  {
    id: 'return-refused',
    title: 'Back from a sign-in that cannot be confirmed (redirect)',
    async drive({el}) {
      el.page = standInPage(
        `#hc_state=${'0'.repeat(32)}&hc_connection=conn_unknown`
      );
      el.resumeLogin();
      await until(() => find(el, '[role="alert"]'), 'the refusal');
    },
  },
  {
    id: 'authorizing-closed',
    title: 'Login: popup closed',
    async drive({el}) {
      el.show();
      await toConsent(el, 'walgreens');
      await allowWith(el, fakePopup(50));
      await until(
        () =>
          find(el, '.actions .primary') &&
          !find(el, '.loading') &&
          !find(el, '.scopes'),
        'the closed-popup view',
        3000
      );
    },
  },
  {
    id: 'leave-confirm',
    title: 'Are you sure? (leaving a login)',
    async drive({el}) {
      el.show();
      await toConsent(el, 'kaiser permanente');
      await allowWith(el, fakePopup());
      await waiting(el);
      await click(el, '.header .icon');
      await until(() => find(el, '[role="alertdialog"]'), 'the question');
    },
  },
  {
    id: 'connect-error',
    title: 'Login failed',
    async drive({el, service}) {
      el.show();
      await toConsent(el, 'ucsf');
      await allowWith(el, fakePopup());
      await waiting(el);
      service.completeLogin(lastConnectionId(service), 'error');
      await until(() => find(el, '.notice.error'), 'the failure', 8000);
    },
  },
  {
    id: 'connected',
    title: 'Connected, syncing',
    async drive({el, service}) {
      el.show();
      await toConsent(el, 'mercy general');
      await allowWith(el, fakePopup());
      await waiting(el);
      service.completeLogin(lastConnectionId(service), 'connected');
      await until(() => find(el, 'progress'), 'the success view', 8000);
    },
  },
  {
    id: 'connections',
    title: 'Your connected sources',
    async drive({el}) {
      el.show();
      await until(() => find(el, '[role="option"]'), 'popular sources');
      await click(el, '.search-footer .link:last-child');
      await until(() => find(el, '.connection'), 'the connections');
    },
  },
  {
    id: 'disconnect-confirm',
    title: 'Are you sure? (disconnecting)',
    async drive({el}) {
      el.show();
      await until(() => find(el, '[role="option"]'), 'popular sources');
      await click(el, '.search-footer .link:last-child');
      await click(el, '.connection button');
      await until(() => find(el, '[role="alertdialog"]'), 'the question');
    },
  },
  broken(
    'connections-attention',
    'Your connected sources: one needs the person to sign in again (Reconnect)',
    async (el) => {
      el.show();
      // The search's "1 source needs attention", then the row with its Reconnect.
      await click(el, '.notice.warn .link');
      await until(() => find(el, '.connection .primary'), 'the Reconnect');
    }
  ),
  broken(
    'reconnect',
    'Opened on the repair of a connection (connection-id)',
    async (el, connectionId) => {
      el.connectionId = connectionId;
      el.show();
      await until(
        () => find(el, '.notice.warn') && find(el, '.actions .secondary'),
        'the reconnect view'
      );
    }
  ),
  {
    id: 'token-missing',
    title: 'No session token',
    token: null,
    async drive({el}) {
      el.show();
      await until(() => find(el, '[role="alert"]'), 'the token message');
    },
  },
  {
    id: 'token-invalid',
    title: 'Invalid session token',
    token: 'not-a-real-token',
    async drive({el}) {
      el.show();
      await until(() => find(el, '[role="alert"]'), 'the token message');
    },
  },
  {
    id: 'token-expired',
    title: 'Expired session token',
    token: MOCK_EXPIRED_TOKEN,
    async drive({el}) {
      el.show();
      await until(() => find(el, '[role="alert"]'), 'the token message');
    },
  },
  {
    id: 'session-error',
    title: 'The service failed, with its reference',
    async drive({el, service}) {
      service.scenario.failOn = {
        method: 'GET',
        path: '/session',
        status: 503,
        code: 'source_unavailable',
        times: READ_RETRY.attempts,
      };
      el.show();
      // With the service's reference under it (its module comes with the first one).
      await until(() => find(el, '[role="alert"] .reference'), 'the error');
    },
  },
];

/**
 * Puts a fresh inline widget in `container` and brings it to `state`. The
 * caller resets the mock service when it wants a clean slate.
 */
export async function showState(
  state: WidgetState,
  container: HTMLElement,
  ctx: Omit<StateContext, 'el'>,
  attributes: Record<string, string> = {}
): Promise<HumanConnectElement> {
  const el = document.createElement('human-connect');
  el.display = 'inline';
  // No pause after typing either: `search` sets the whole query at once. (The tests that type, key
  // by key, keep QUICK_TIMINGS' production debounce, and count one request per query.)
  el.timings = {...QUICK_TIMINGS, debounceMs: 0};
  el.apiBase = ctx.apiBase;
  el.token =
    state.token === null ? undefined : (state.token ?? MOCK_SESSION_TOKEN);
  for (const [name, value] of Object.entries(attributes))
    el.setAttribute(name, value);
  // Events stop here: the gallery and the tests look at the widget, not at window.
  for (const type of ['connect', 'disconnect', 'close', 'error']) {
    el.addEventListener(type, (event) => event.stopPropagation());
  }
  container.append(el);
  await state.drive({...ctx, el});
  ctx.service.scenario.failOn = null;
  return el;
}
