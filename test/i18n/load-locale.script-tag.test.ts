/**
 * The script-tag files as built (`npm test` builds them in its Node part, through `npm pack`): the
 * loader, and the UI file it fetches, loading a locale the way a host page gets it: the messages
 * are a file next to the UI file, fetched with the Subresource Integrity hash the build wrote
 * into it.
 */
import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {http, HttpResponse} from 'msw';
import type {HumanConnectElement} from '../../src/human-connect.js';
import {findByRole} from '../helpers/queries.js';
// Not helpers/widget.js: it imports the element from src/, and this page must get it from the bundle.
import {
  startMockService,
  type MockServiceHandle,
} from '../../sandbox/browser.js';
import {LOADER, loadScriptTagUi} from '../helpers/script-tag.js';

const BUNDLE = LOADER;

let mock: MockServiceHandle | undefined;
async function mockService(): Promise<MockServiceHandle> {
  mock ??= await startMockService({latencyMs: 0});
  mock.worker.resetHandlers();
  return mock;
}

/** The loader, and the UI file it fetches, which loads the locale files next to it. */
const loadBundle = loadScriptTagUi;

/** A widget with no token: it shows the session error, in `locale`. */
function openWithoutToken(locale: string): HumanConnectElement {
  const el = document.createElement('human-connect') as HumanConnectElement;
  el.locale = locale;
  document.body.append(el);
  el.show();
  return el;
}

describe('the built script-tag bundle: its locale files', () => {
  let el: HumanConnectElement | undefined;
  afterEach(() => {
    el?.remove();
    el = undefined;
  });

  it('refuses a locale file that is not the one it was built with, and stays in English', async () => {
    const mock = await mockService();
    await loadBundle();
    expect(
      document.querySelector(`script[src="${BUNDLE}"]`),
      'the element is the bundle’s'
    ).to.exist;
    // The real file with every message changed: were it accepted, every word would say so.
    const real = (await (
      await fetch('/dist/locales/fr.json')
    ).json()) as Record<string, unknown>;
    const forged = Object.fromEntries(
      Object.keys(real).map((id) => [
        id,
        '<img src=x onerror=alert(1)>Falsifié',
      ])
    );
    const tampered: string[] = [];
    mock.worker.use(
      http.get('*/dist/locales/fr.json', ({request}) => {
        tampered.push(request.url);
        return HttpResponse.json(forged);
      })
    );
    el = openWithoutToken('fr');
    await findByRole(el, 'heading', 'This session could not start');
    expect(el.shadowRoot!.textContent).not.to.include('Falsifié');
    expect(
      tampered,
      'the file was asked for, and its answer refused'
    ).to.have.length(1);
    expect(el.shadowRoot!.querySelector('img[src="x"]')).to.equal(null);
  });

  it('shows its words in English when a locale file never arrives, rather than a blank panel', async () => {
    const mock = await mockService();
    await loadBundle();
    // Held until the test has seen the widget, then failed: no request is left hanging when the
    // page moves on (WebKit's web process has crashed on a service-worker fetch left pending).
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let answered = false;
    mock.worker.use(
      http.get('*/dist/locales/de.json', async () => {
        await released;
        answered = true;
        return new HttpResponse(null, {status: 404});
      })
    );
    el = openWithoutToken('de');
    try {
      await findByRole(el, 'heading', 'This session could not start', 8000);
      await findByRole(el, 'button', 'Close');
    } finally {
      release();
    }
    await waitUntil(() => answered, 'the held request answered');
  });

  it('loads a locale file that is the one it was built with', async () => {
    await mockService();
    await loadBundle();
    el = openWithoutToken('es');
    await findByRole(el, 'heading', 'No se pudo iniciar esta sesión');
  });
});
