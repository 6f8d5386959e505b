/**
 * `window.HumanConnect` as the loader makes it, before and without its UI (src/embed/loader-api.ts),
 * through its seam: the function that fetches the UI, here one the test settles. What the person
 * sees ("Loading…", the failure and its "Try again") is found by role and name; what the host
 * receives is what its callbacks, listeners and promises get. The built loader with the real UI
 * file: test/embed/loader.test.ts.
 */
import {expect, fixture, html} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import type {
  CloseDetail,
  ErrorDetail,
  HumanConnectEventName,
} from '../../src/events.js';
import type {
  HumanConnectGlobal,
  OpenOptions,
} from '../../src/embed/global-api.js';
import {createLoaderApi} from '../../src/embed/loader-api.js';
import type {CreateGlobalApi} from '../../src/embed/ui-handoff.js';
import {findByRole, getByRole, queryByRole} from '../helpers/queries.js';
import {waitUntil} from '../helpers/wait.js';
import {hostilePage} from '../helpers/hostile-page.js';

/** A stand-in for the UI's API: it records what it is asked, and closes when told. */
function fakeUi() {
  const calls: string[] = [];
  let closeOpen: ((detail: CloseDetail) => void) | undefined;
  const listeners: [HumanConnectEventName, unknown][] = [];
  const api: HumanConnectGlobal = {
    version: 'ui',
    open(options: OpenOptions = {}) {
      calls.push(`open ${options.token ?? ''}`);
      return new Promise((resolve) => (closeOpen = resolve));
    },
    close() {
      calls.push('close');
    },
    on(event, listener) {
      listeners.push([event, listener]);
    },
    off(event) {
      calls.push(`off ${event}`);
    },
    preload: () => Promise.resolve(),
    resume(options: OpenOptions = {}) {
      calls.push(`resume ${options.token ?? ''}`);
      return new Promise((resolve) => (closeOpen = resolve));
    },
  };
  const create: CreateGlobalApi = () => api;
  return {
    api,
    create,
    calls,
    listeners,
    closeWith: (detail: CloseDetail) => closeOpen!(detail),
  };
}

/** A UI fetch the test settles: `loads` counts the attempts. */
function controlledLoad() {
  let settle: {resolve(c: CreateGlobalApi): void; reject(e: Error): void};
  const state = {
    loads: 0,
    load: () => {
      state.loads++;
      return new Promise<CreateGlobalApi>(
        (resolve, reject) => (settle = {resolve, reject})
      );
    },
    arrive: (create: CreateGlobalApi) => settle.resolve(create),
    fail: (message = 'the UI file did not load: /ui.js') =>
      settle.reject(new Error(message)),
  };
  return state;
}

const STATUS = () => queryByRole(document.body, 'dialog', 'Loading…');

describe('the loader before its UI', () => {
  let launcher: HTMLButtonElement;
  beforeEach(async () => {
    launcher = await fixture<HTMLButtonElement>(
      html`<button>Connect your health data</button>`
    );
    launcher.focus();
  });

  it('shows "Loading…" on open(), then opens the UI with the same options, its promise kept', async () => {
    const fetching = controlledLoad();
    const ui = fakeUi();
    const loader = createLoaderApi(document, {version: '1'}, fetching.load);
    const closed = loader.open({token: 'tok'});
    expect(loader.open({token: 'other'}), 'a second open() waits too').to.equal(
      closed
    );
    const status = await findByRole(document.body, 'dialog', 'Loading…');
    expect(getByRole(status, 'status').textContent).to.equal('Loading…');
    expect(status.getAttribute('aria-busy')).to.equal('true');
    expect(fetching.loads).to.equal(1);

    fetching.arrive(ui.create);
    await waitUntil(() => ui.calls.length > 0, 'the UI was not opened');
    expect(ui.calls).to.deep.equal(['open tok']);
    expect(STATUS(), 'the status is gone').to.equal(null);
    expect(document.activeElement, 'the focus is back where it was').to.equal(
      launcher
    );
    const detail = {reason: 'done'} as CloseDetail;
    ui.closeWith(detail);
    expect(await closed).to.equal(detail);
    // From now on, straight to the UI.
    loader.close();
    expect(ui.calls).to.deep.equal(['open tok', 'close']);
  });

  it('hands the listeners added before the UI to it, in order, less those taken off', async () => {
    const fetching = controlledLoad();
    const ui = fakeUi();
    const loader = createLoaderApi(document, {version: '1'}, fetching.load);
    const first = () => {};
    const second = () => {};
    const gone = () => {};
    loader.on('connect', first);
    loader.on('close', gone);
    loader.on('error', second);
    loader.off('close', gone);
    const ready = loader.preload();
    fetching.arrive(ui.create);
    await ready;
    expect(ui.listeners).to.deep.equal([
      ['connect', first],
      ['error', second],
    ]);
    loader.off('connect', first);
    expect(ui.calls).to.deep.equal(['off connect']);
  });

  it('closed while it loads: `close` as the person’s, and the UI never opens', async () => {
    const fetching = controlledLoad();
    const ui = fakeUi();
    const loader = createLoaderApi(document, {version: '1'}, fetching.load);
    const heard: CloseDetail[] = [];
    loader.on('close', (detail) => heard.push(detail));
    const onClose = (detail: CloseDetail) => heard.push(detail);
    const closed = loader.open({token: 'tok', onClose});
    await findByRole(document.body, 'dialog', 'Loading…');
    // Esc, as the person leaves the wait.
    await sendKeys({press: 'Escape'});
    const detail = await closed;
    expect(detail).to.deep.equal({
      sessionToken: 'tok',
      status: 'SUCCESS',
      sessionResults: {
        connectedSources: [],
        disconnectedSources: [],
        requestedSources: [],
      },
      currentConnections: [],
      requestedProviders: [],
      reason: 'user',
      lastStep: null,
    });
    expect(heard).to.deep.equal([detail, detail]);
    expect(STATUS()).to.equal(null);
    fetching.arrive(ui.create);
    await loader.preload();
    expect(ui.calls, 'nothing opened once the UI came').to.deep.equal([]);
  });

  it('when the UI cannot come: an error event, a clear message, and a "Try again" that fetches it anew', async () => {
    const fetching = controlledLoad();
    const ui = fakeUi();
    const loader = createLoaderApi(document, {version: '1'}, fetching.load);
    const errors: ErrorDetail[] = [];
    loader.on('error', (detail) => errors.push(detail));
    const onError = (detail: ErrorDetail) => errors.push(detail);
    const closed = loader.open({token: 'tok', onError});
    await findByRole(document.body, 'dialog', 'Loading…');
    fetching.fail();

    const alert = await findByRole(
      document.body,
      'alertdialog',
      'We could not reach the service. Check your connection and try again.'
    );
    const retry = getByRole(alert, 'button', 'Try again');
    expect(
      alert.getRootNode() instanceof ShadowRoot &&
        (alert.getRootNode() as ShadowRoot).activeElement,
      'the focus is on "Try again"'
    ).to.equal(retry);
    expect(errors).to.have.length(2);
    expect(errors[0]).to.equal(errors[1]);
    expect(errors[0].error).to.deep.equal({
      code: 'ui_load_failed',
      message: 'the UI file did not load: /ui.js',
    });
    expect(errors[0]).not.to.have.property('sessionToken');

    retry.click();
    await findByRole(document.body, 'dialog', 'Loading…');
    expect(fetching.loads, 'fetched anew').to.equal(2);
    fetching.arrive(ui.create);
    await waitUntil(() => ui.calls.length > 0, 'the UI was not opened');
    expect(ui.calls).to.deep.equal(['open tok']);
    ui.closeWith({reason: 'user'} as CloseDetail);
    expect((await closed).reason).to.equal('user');
  });

  it('closed after it failed: `close` with reason `error`, and the next open() tries again', async () => {
    const fetching = controlledLoad();
    const loader = createLoaderApi(document, {version: '1'}, fetching.load);
    const closed = loader.open();
    fetching.fail();
    const alert = await findByRole(document.body, 'alertdialog');
    getByRole(alert, 'button', 'Close').click();
    expect((await closed).reason).to.equal('error');
    expect(queryByRole(document.body, 'alertdialog')).to.equal(null);
    expect(document.activeElement).to.equal(launcher);

    void loader.open();
    await findByRole(document.body, 'dialog', 'Loading…');
    expect(fetching.loads).to.equal(2);
    loader.close();
  });

  it('preload() rejects when the UI cannot come, and fetches anew the next time', async () => {
    const fetching = controlledLoad();
    const loader = createLoaderApi(document, {version: '1'}, fetching.load);
    const first = loader.preload();
    const meanwhile = loader.preload();
    fetching.fail('gone');
    for (const asked of [first, meanwhile]) {
      const error = await asked.then(
        () => null,
        (e: Error) => e
      );
      expect(error?.message).to.equal('gone');
    }
    expect(fetching.loads, 'one fetch for both').to.equal(1);
    const second = loader.preload();
    expect(fetching.loads).to.equal(2);
    fetching.arrive(fakeUi().create);
    await second;
  });

  it('speaks the locale asked for, right to left where it is written so', async () => {
    const fetching = controlledLoad();
    const loader = createLoaderApi(document, {version: '1'}, fetching.load);
    void loader.open({locale: 'de'});
    await findByRole(document.body, 'dialog', 'Wird geladen…');
    loader.close();
    void loader.open({locale: 'ar'});
    const status = await findByRole(document.body, 'dialog', 'جارٍ التحميل…');
    expect(status.getAttribute('dir')).to.equal('rtl');
    expect(status.getAttribute('lang')).to.equal('ar');
    loader.close();
  });

  it('keeps its own look on a host page whose styles reach into what they inherit', async () => {
    const restore = hostilePage();
    try {
      const fetching = controlledLoad();
      const loader = createLoaderApi(document, {version: '1'}, fetching.load);
      void loader.open();
      fetching.fail();
      const status = await findByRole(document.body, 'alertdialog');
      for (const text of [
        getByRole(status, 'button', 'Try again'),
        status.querySelector('p')!,
      ]) {
        const style = getComputedStyle(text);
        expect(style.textTransform).to.equal('none');
        expect(style.letterSpacing).to.equal('normal');
        expect(style.whiteSpace).to.equal('normal');
        expect(
          style.fontSize,
          'the person’s default, not the page’s 10px'
        ).to.equal('16px');
      }
      loader.close();
    } finally {
      restore();
    }
  });

  it('an inline open waits in its container, not in a modal dialog', async () => {
    const fetching = controlledLoad();
    const loader = createLoaderApi(document, {version: '1'}, fetching.load);
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    void loader.open({display: 'inline', container});
    const status = await findByRole(container, 'dialog', 'Loading…');
    expect(status.matches(':modal')).to.equal(false);
    loader.close();
    expect(container.children).to.have.length(0);
  });
});

describe('the loader on the page a redirect login comes back to', () => {
  const address = location.href;
  afterEach(() => history.replaceState(history.state, '', address));

  it('resume() on an ordinary load answers null and fetches nothing', async () => {
    const fetching = controlledLoad();
    const loader = createLoaderApi(document, {version: '1'}, fetching.load);
    expect(loader.resume({token: 'tok'})).to.equal(null);
    expect(fetching.loads).to.equal(0);
    expect(STATUS()).to.equal(null);
  });

  it('resume() on a return fetches the UI and hands it the resume, its promise kept', async () => {
    history.replaceState(
      history.state,
      '',
      `${address.split('#')[0]}#hc_state=${'a'.repeat(32)}&hc_connection=c1`
    );
    const fetching = controlledLoad();
    const ui = fakeUi();
    const loader = createLoaderApi(document, {version: '1'}, fetching.load);
    const closed = loader.resume({token: 'tok'});
    expect(closed).to.be.instanceOf(Promise);
    await findByRole(document.body, 'dialog', 'Loading…');
    expect(fetching.loads).to.equal(1);

    fetching.arrive(ui.create);
    await waitUntil(() => ui.calls.length > 0, 'the UI was not asked');
    expect(ui.calls).to.deep.equal(['resume tok']);
    const detail = {reason: 'done'} as CloseDetail;
    ui.closeWith(detail);
    expect(await closed).to.equal(detail);
  });
});
