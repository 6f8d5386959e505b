// The session token goes only into the Authorization header to api-base:
// never into a URL, storage, cookies, or the console. This walks the whole
// flow with a token of its own and looks for it everywhere it must not be.
import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {chooseSource, logInInPopup} from '../helpers/flow.js';
import {findByRole, findText, getByRole} from '../helpers/queries.js';
import {mountWidget, typeInto} from '../helpers/widget.js';
import {
  chooseMercyAndAllow,
  closeHostPage,
  HOST_PAGE,
  LOGIN_PAGE,
  ofType,
  openHostPage,
  pageIn,
  signIn,
} from '../helpers/redirect.js';

const LEVELS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * The widget opened with a token of its own, its search shown; then a search the service fails
 * (500), until "Try again" is offered.
 */
async function openThenFailASearch() {
  const mounted = await mountWidget({open: false});
  const {el, mock} = mounted;
  const token = mock.service.issueSessionToken();
  el.token = token;
  el.show();
  await findByRole(el, 'option', /Kaiser/);
  mock.service.scenario.failOn = {
    method: 'GET',
    path: '/sources',
    status: 500,
  };
  await typeInto(await findByRole(el, 'combobox'), 'quest');
  const retry = await findByRole(el, 'button', 'Try again');
  return {...mounted, token, retry};
}

/** Everything this origin keeps in web storage, the tab's and the test page's, as text. */
function storedText(): string {
  return [localStorage, sessionStorage]
    .flatMap((s) =>
      Array.from(
        {length: s.length},
        (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`
      )
    )
    .join('\n');
}

describe('the session token', function () {
  // The whole flow, a failed search with its retries among it: longer than one step.
  this.timeout(30_000);

  it('appears nowhere but the Authorization header, through the whole flow', async () => {
    const logged: string[] = [];
    const original = LEVELS.map((level) => console[level]);
    // Observe the console (and pass everything on): what the widget logs must not hold the token.
    LEVELS.forEach((level, i) => {
      console[level] = (...args: unknown[]) => {
        logged.push(
          args
            .map((a) =>
              typeof a === 'string' ? a : (JSON.stringify(a) ?? String(a))
            )
            .join(' ')
        );
        original[i].apply(console, args);
      };
    });
    try {
      // Search, a failed search, the request form, consent, the popup login, the
      // connected sources and a disconnect: every kind of request the widget makes.
      const {el, mock, token, retry} = await openThenFailASearch();
      mock.service.scenario.failOn = null;
      retry.click();
      (await findByRole(el, 'button', 'Can’t find your provider?')).click();
      await typeInto(
        await findByRole(el, 'textbox', 'Provider name (required)'),
        'Lakeside Clinic'
      );
      getByRole(el, 'button', 'Send request').click();
      await findText(el, 'Thanks!');
      const field = await findByRole<HTMLInputElement>(el, 'combobox');
      field.value = '';
      await chooseSource(el, 'mercy general', /^Mercy General Hospital/);
      getByRole(el, 'button', 'Allow').click();
      await logInInPopup();
      (await findByRole(el, 'button', 'Connect another source')).click();
      (await findByRole(el, 'button', /Your connected sources/)).click();
      (await findByRole(el, 'button', 'Disconnect Fitbit')).click();
      getByRole(
        await findByRole(el, 'alertdialog'),
        'button',
        'Disconnect'
      ).click();
      await waitUntil(() => mock.service.requestsTo('DELETE').length === 1);

      const requests = mock.service
        .requestsTo()
        .filter((r) => r.headers.authorization === `Bearer ${token}`);
      expect(requests.length, 'requests made with the token').to.be.at.least(8);
      for (const r of mock.service.requestsTo()) {
        expect(r.url, 'a request URL').not.to.include(token);
        expect(
          JSON.stringify(r.body ?? ''),
          `the body of ${r.method} ${r.url}`
        ).not.to.include(token);
        for (const [name, value] of Object.entries(r.headers)) {
          if (name !== 'authorization')
            expect(value, `header ${name}`).not.to.include(token);
        }
      }
      for (const entry of performance.getEntriesByType('resource')) {
        expect(entry.name, 'a URL the page loaded').not.to.include(token);
      }
      expect(location.href).not.to.include(token);
      expect(storedText(), 'web storage').not.to.include(token);
      expect(document.cookie, 'cookies').not.to.include(token);
      const databases = (await indexedDB.databases?.()) ?? [];
      expect(
        databases.map((d) => d.name),
        'IndexedDB'
      ).to.deep.equal([]);
      expect(logged.join('\n'), 'console output').not.to.include(token);
      // The widget's own DOM shows it nowhere either (attributes included).
      expect(el.shadowRoot!.innerHTML).not.to.include(token);
      expect(el.outerHTML).not.to.include(token);
    } finally {
      LEVELS.forEach((level, i) => (console[level] = original[i]));
    }
  });

  it('appears nowhere but the Authorization header through a login in this tab (redirect)', async () => {
    try {
      let token = '';
      const {mock, win, doc} = await openHostPage({
        token: (m) => (token = m.service.issueSessionToken()),
      });
      await chooseMercyAndAllow(win);
      const login = await pageIn(LOGIN_PAGE, doc);
      expect(sessionStorage.length, 'the note is kept').to.be.at.least(1);
      expect(storedText(), 'storage while away').not.to.include(token);
      await signIn(login.doc);
      const back = await pageIn(HOST_PAGE, login.doc);
      await waitUntil(() => ofType(back.win, 'connect').length > 0);

      expect(
        mock.service
          .requestsTo()
          .filter((r) => r.headers.authorization === `Bearer ${token}`).length,
        'requests made with the token'
      ).to.be.at.least(4);
      for (const r of mock.service.requestsTo()) {
        expect(r.url, 'a request URL').not.to.include(token);
        expect(
          JSON.stringify(r.body ?? ''),
          `the body of ${r.url}`
        ).not.to.include(token);
      }
      // Every address the tab went to (the login page's, the return's), and what it loaded.
      for (const entry of [
        ...back.win.performance.getEntriesByType('navigation'),
        ...back.win.performance.getEntriesByType('resource'),
        ...performance.getEntriesByType('resource'),
      ])
        expect(entry.name, 'a URL the tab loaded').not.to.include(token);
      expect(back.win.location.href).not.to.include(token);
      expect(JSON.stringify(back.win.history.state ?? null)).not.to.include(
        token
      );
      expect(storedText(), 'web storage').not.to.include(token);
      expect(back.doc.cookie, 'cookies').not.to.include(token);
    } finally {
      closeHostPage();
    }
  });

  it('never reaches window on an error event, where error trackers listen', async () => {
    // As an error tracker does: window.onerror, and a listener in each phase.
    const heard: {phase: string; detail: string}[] = [];
    const listen = (phase: string) => (event: Event) =>
      heard.push({
        phase,
        detail: JSON.stringify((event as CustomEvent).detail ?? null),
      });
    const capture = listen('capture');
    const bubble = listen('bubble');
    const onerror = window.onerror;
    window.addEventListener('error', capture, true);
    window.addEventListener('error', bubble);
    try {
      window.onerror = (event) =>
        void heard.push({phase: 'onerror', detail: String(event)});
      const {of, token} = await openThenFailASearch();
      // One error event, or more: on a busy machine the keys come slower than the debounce, and
      // the searches for the first letters fail too.
      await waitUntil(() => of('error').length > 0, 'the error event');
      const errors = of('error');
      for (const detail of errors) {
        expect(detail).not.to.have.property('sessionToken');
        expect(detail.error.code).to.equal('server_error');
      }
      // Each heard by a listener that captures at window, but never with the token;
      // never in the bubbling phase, never by window.onerror.
      expect(heard.map((h) => h.phase)).to.deep.equal(
        errors.map(() => 'capture')
      );
      for (const {detail} of heard) {
        expect(detail).to.include('server_error');
        expect(detail).not.to.include(token);
      }
    } finally {
      window.onerror = onerror;
      window.removeEventListener('error', capture, true);
      window.removeEventListener('error', bubble);
    }
  });
});
