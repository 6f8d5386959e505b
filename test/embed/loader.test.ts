/**
 * The built loader (`dist/human-connect.min.js`) on host pages of its own, each in a fresh frame:
 * what it fetches before the person shows intent and after, a click with no intent before it,
 * a page with its own `<human-connect>`, and a UI file that fails. `npm test` builds dist/ first.
 */
import {expect} from '@open-wc/testing';
import {http} from 'msw';
import type {ErrorDetail} from '../../src/events.js';
import type {HumanConnectGlobal} from '../../src/embed/global-api.js';
import {searchFor} from '../helpers/flow.js';
import {mockService, MOCK_SESSION_TOKEN} from '../helpers/mock-service.js';
import {findByRole, getByRole, queryByRole} from '../helpers/queries.js';
import {waitUntil} from '../helpers/wait.js';

type HostWindow = Window &
  typeof globalThis & {HumanConnect?: HumanConnectGlobal};

const UI_FILE = /\/human-connect\.ui\.[\w-]+\.min\.js$/;

let frame: HTMLIFrameElement | undefined;
afterEach(() => frame?.remove());

/** A host page in a frame of its own; resolves once it has loaded. */
async function hostPage(path: string): Promise<HostWindow> {
  frame = document.createElement('iframe');
  frame.title = 'host page';
  frame.width = '800';
  frame.height = '700';
  const loaded = new Promise((resolve) =>
    frame!.addEventListener('load', resolve, {once: true})
  );
  frame.src = path;
  document.body.append(frame);
  await loaded;
  return frame.contentWindow as HostWindow;
}

/** The URLs of the scripts the page has fetched. */
const scripts = (win: Window) =>
  win.performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => name.endsWith('.js'));

/** The page's launcher, given a token and the mock service's base. */
function launcherOf(win: HostWindow, apiBase: string): HTMLButtonElement {
  const launcher = win.document.querySelector<HTMLButtonElement>('#launcher')!;
  launcher.dataset.hapiToken = MOCK_SESSION_TOKEN;
  launcher.dataset.hapiApiBase = apiBase;
  return launcher;
}

const widgetOf = (win: HostWindow) =>
  win.document.querySelector('body > human-connect') as HTMLElement | null;

describe('the built loader on a host page', () => {
  // First in the file: Chromium keeps a script it has run in memory for the pages after, whatever
  // the service worker would now answer.
  it('a UI file that fails its integrity check: an error event, the reason shown, and a working "Try again"', async () => {
    const mock = await mockService();
    mock.worker.use(
      http.get(
        UI_FILE,
        () =>
          new Response('window.tampered = true;', {
            headers: {'content-type': 'text/javascript'},
          })
      )
    );
    const win = await hostPage('/test/embed/loader-page.html');
    const launcher = launcherOf(win, mock.apiBase);
    const errors: ErrorDetail[] = [];
    win.HumanConnect!.on('error', (detail) => errors.push(detail));
    launcher.click();
    const alert = await findByRole(
      win.document.body,
      'alertdialog',
      'We could not reach the service. Check your connection and try again.'
    );
    expect(errors.map((e) => e.error.code)).to.deep.equal(['ui_load_failed']);
    expect(win.customElements.get('human-connect')).to.equal(undefined);
    expect((win as unknown as {tampered?: boolean}).tampered).to.equal(
      undefined
    );

    mock.worker.resetHandlers();
    getByRole(alert, 'button', 'Try again').click();
    await waitUntil(() => widgetOf(win), 'the widget did not open');
    await findByRole(widgetOf(win)!, 'combobox');
    win.HumanConnect!.close();
  });

  it('fetches nothing but itself until the person shows intent, then the UI, ahead of the click', async () => {
    const mock = await mockService();
    const win = await hostPage('/test/embed/loader-page.html');
    const launcher = launcherOf(win, mock.apiBase);
    // Time for anything the page would fetch by itself at load and at idle.
    await new Promise((resolve) => win.setTimeout(resolve, 300));
    expect(scripts(win).filter((url) => UI_FILE.test(url))).to.deep.equal([]);
    expect(win.customElements.get('human-connect')).to.equal(undefined);
    expect(win.HumanConnect?.version).to.be.a('string');

    // The pointer over the launcher.
    launcher.dispatchEvent(
      new win.PointerEvent('pointerover', {bubbles: true, composed: true})
    );
    await waitUntil(
      () => win.customElements.get('human-connect'),
      'the UI was not fetched on pointer-over'
    );
    expect(scripts(win).filter((url) => UI_FILE.test(url))).to.have.length(1);

    launcher.click();
    // The UI is there: the widget opens at once, no "Loading…" between.
    expect(widgetOf(win), 'the widget is on the page at the click').to.exist;
    expect(queryByRole(win.document.body, 'dialog', 'Loading…')).to.equal(null);
    await searchFor(widgetOf(win)!, 'mercy');
    win.HumanConnect!.close();
  });

  it('a click with no intent before it: "Loading…", then the widget where it was', async () => {
    const mock = await mockService();
    const win = await hostPage('/test/embed/loader-page.html');
    const launcher = launcherOf(win, mock.apiBase);
    launcher.focus();
    launcher.click();
    // At once, before the UI file can have come.
    const status = getByRole(win.document.body, 'dialog', 'Loading…');
    expect(getByRole(status, 'status').textContent).to.equal('Loading…');
    await waitUntil(() => widgetOf(win), 'the widget did not open');
    const el = widgetOf(win)!;
    await findByRole(el, 'combobox');
    expect(queryByRole(win.document.body, 'dialog', 'Loading…')).to.equal(null);
    const closed = new Promise((resolve) =>
      win.HumanConnect!.on('close', resolve)
    );
    getByRole(el, 'button', 'Close').click();
    await closed;
    expect(
      win.document.activeElement,
      'the focus back on the launcher'
    ).to.equal(launcher);
  });

  it('a page with its own <human-connect>: the UI comes once the page is idle, and the element upgrades', async () => {
    const win = await hostPage('/test/embed/loader-element-page.html');
    await waitUntil(
      () => win.customElements.get('human-connect'),
      'the UI was not fetched for the page’s element'
    );
    const el = win.document.querySelector('human-connect')!;
    expect(el.matches(':defined')).to.equal(true);
    expect((el as HTMLElement & {show?: unknown}).show).to.be.a('function');
  });

  it('is not fooled by markup standing in for its script or its API (DOM clobbering)', async () => {
    await mockService();
    const win = await hostPage('/test/embed/loader-clobbered-page.html');
    // The API is the loader's, not the <div id="HumanConnect">, and it stays so.
    expect(win.HumanConnect?.version).to.be.a('string');
    expect(
      Object.getOwnPropertyDescriptor(win, 'HumanConnect')?.writable
    ).to.equal(false);
    void win.HumanConnect!.open({token: MOCK_SESSION_TOKEN});
    // The UI file came from beside the real script (not from beside the image), and the
    // default api-base is not the image's.
    await waitUntil(() => widgetOf(win), 'the widget did not open');
    const el = widgetOf(win) as HTMLElement & {apiBase?: string};
    expect(el.apiBase).to.equal(undefined);
    win.HumanConnect!.close();
  });
});
