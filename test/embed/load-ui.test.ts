/**
 * Fetching the UI file (src/embed/load-ui.ts) in the browser, from the build (`npm test` builds
 * dist/ first): the real file with the hash the build wrote into the loader, and every way it can
 * fail: missing, tampered with, another file, a body that never ends. Until the real file has
 * run, nothing is defined: the failures come first in this file, on a page where nothing else
 * registers `<human-connect>`.
 */
import {expect} from '@open-wc/testing';
import {http, HttpResponse} from 'msw';
import {loadUi} from '../../src/embed/load-ui.js';
import {searchFor} from '../helpers/flow.js';
import {MOCK_SESSION_TOKEN, mockService} from '../helpers/mock-service.js';
import {findByRole, getByRole, queryByRole} from '../helpers/queries.js';
import {waitUntil} from '../helpers/wait.js';
import {LOADER} from '../helpers/script-tag.js';

/**
 * The UI's entry file's URL and hash, as the build wrote them into the loader: the hash that is
 * not its later file's (which the loader names beside its own).
 */
async function builtUiFile(): Promise<{url: string; integrity: string}> {
  const loader = await (await fetch(LOADER)).text();
  const name = /human-connect\.ui\.[\w-]+\.min\.js/.exec(loader)?.[0];
  const later =
    /"human-connect\.ui-later\.[\w-]+\.min\.js":"(sha384-[^"]+)"/.exec(
      loader
    )?.[1];
  const integrity = loader
    .match(/sha384-[A-Za-z0-9+/]+=*/g)
    ?.find((hash) => hash !== later);
  if (!name || !integrity)
    throw new Error(`${LOADER} names no UI file: run \`npm run build\` first`);
  return {url: new URL(name, new URL(LOADER, location.href)).href, integrity};
}

async function failure(load: Promise<unknown>): Promise<string> {
  return load.then(
    () => 'it loaded',
    (error: Error) => error.message
  );
}

const sha384 = async (text: string) =>
  `sha384-${btoa(
    String.fromCharCode(
      ...new Uint8Array(
        await crypto.subtle.digest('SHA-384', new TextEncoder().encode(text))
      )
    )
  )}`;

describe('fetching the UI file', () => {
  afterEach(() => {
    expect(
      document.querySelectorAll('script[src*="human-connect.ui."]'),
      'each attempt takes its <script> away'
    ).to.have.length(0);
  });

  it('refuses bytes other than the ones built, and defines nothing', async () => {
    const mock = await mockService();
    const {url, integrity} = await builtUiFile();
    const real = await (await fetch(url)).text();
    mock.worker.use(
      http.get(
        url,
        () =>
          new HttpResponse(
            real.replace('human-connect', 'human-connekt'), // one byte off
            {headers: {'content-type': 'text/javascript'}}
          )
      )
    );
    expect(await failure(loadUi(document, url, integrity))).to.equal(
      `the UI file did not load: ${url}`
    );
    expect(customElements.get('human-connect')).to.equal(undefined);
  });

  it('fails when the file is missing', async () => {
    const mock = await mockService();
    const {url, integrity} = await builtUiFile();
    mock.worker.use(http.get(url, () => new HttpResponse(null, {status: 404})));
    expect(await failure(loadUi(document, url, integrity))).to.equal(
      `the UI file did not load: ${url}`
    );
  });

  it('fails when another script stands at its URL, even one with its own right hash', async () => {
    const mock = await mockService();
    const {url} = await builtUiFile();
    const other = 'window.notTheUi = true;';
    mock.worker.use(
      http.get(
        url,
        () =>
          new HttpResponse(other, {
            headers: {'content-type': 'text/javascript'},
          })
      )
    );
    expect(await failure(loadUi(document, url, await sha384(other)))).to.equal(
      `not the UI file: ${url}`
    );
    expect(customElements.get('human-connect')).to.equal(undefined);
  });

  it('gives up on a body that never ends, and asks anew under a URL of its own', async () => {
    const mock = await mockService();
    const {url, integrity} = await builtUiFile();
    let stalled: ReadableStreamDefaultController | undefined;
    mock.worker.use(
      http.get(
        url,
        () =>
          new HttpResponse(
            new ReadableStream({
              start(controller) {
                stalled = controller;
                controller.enqueue(new TextEncoder().encode('/* a start'));
              },
            }),
            {headers: {'content-type': 'text/javascript'}}
          ),
        {once: true}
      )
    );
    try {
      expect(
        await failure(loadUi(document, url, integrity, {timeoutMs: 500}))
      ).to.match(/^the UI file took over 500 ms: /);
      expect(customElements.get('human-connect')).to.equal(undefined);
      // The stalled answer still holds its URL: the next attempt does not wait behind it.
      const next = loadUi(document, url, integrity, {timeoutMs: 5000});
      const asked = document.querySelector<HTMLScriptElement>(
        'script[src*="attempt="]'
      )!.src;
      expect(asked).to.match(/\?attempt=\d+$/);
      await next;
      expect(customElements.get('human-connect')).to.be.a('function');
    } finally {
      stalled?.close();
    }
  });

  it('loads the later file only with its own hash: other bytes never run, and the widget stays closable', async () => {
    const mock = await mockService();
    const {url, integrity} = await builtUiFile();
    const loader = await (await fetch(LOADER)).text();
    const later = /human-connect\.ui-later\.[\w-]+\.min\.js/.exec(loader)![0];
    const create = await loadUi(document, url, integrity, {
      timeoutMs: 5000,
      later: {[later]: await sha384('not the later file')},
    });
    const api = create(document, {version: 'test', apiBase: mock.apiBase});
    const asked: string[] = [];
    const seen = new MutationObserver((changes) =>
      changes.forEach((change) =>
        change.addedNodes.forEach((node) =>
          asked.push((node as HTMLScriptElement).src ?? '')
        )
      )
    );
    seen.observe(document.head, {childList: true});
    const closed = api.open({token: MOCK_SESSION_TOKEN});
    const el = document.querySelector('human-connect')!;
    await searchFor(el, 'mercy general');
    (await findByRole(el, 'option', /^Mercy General Hospital/)).click();
    // The consent comes from the later file, which the browser refused: "Loading…" stays.
    await waitUntil(
      () => asked.some((src) => src.includes(later)),
      'the later file asked for'
    );
    seen.disconnect();
    await waitUntil(
      () => !document.querySelector(`script[src*="${later}"]`),
      'its <script> gone, refused'
    );
    // (a file that ran would have drawn the consent by the next frames)
    for (let frame = 0; frame < 3; frame++)
      await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(queryByRole(el, 'button', 'Allow')).to.equal(null);
    getByRole(el, 'button', 'Close').click();
    expect((await closed).reason).to.equal('user');
  });

  it('loads the file built, which hands over the API', async () => {
    await mockService();
    const {url, integrity} = await builtUiFile();
    const create = await loadUi(document, url, integrity);
    const api = create(document, {version: 'test'});
    expect(api.version).to.equal('test');
    expect(api.open).to.be.a('function');
  });
});
