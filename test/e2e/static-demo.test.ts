/**
 * The demo's static copy (`npm run build:demo`, scripts/build-demo.js), as a designer gets it from
 * a static host: built here into a folder of its own, served by a plain file server under a
 * sub-path (./static-server.ts), and walked in Chromium by role and accessible name. The gallery's
 * tiles show the widget and follow its controls; the demo page connects a source, signing in in
 * the popup and then in the tab (the redirect), both on the copy's own login page.
 *
 * Chromium only: what this defends is the copy itself (every file there, every URL relative to the
 * page, the worker's scope under a sub-path, nothing left to a dev server), the same files for any
 * engine; the widget, the gallery's states and the flow are tested in Chromium, Firefox and WebKit
 * by the browser suites. A page on another origin than the test runner's cannot be read from a
 * browser test, and WebKit's WebDriver finds nothing inside a shadow root by role.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import puppeteer, {type Browser, type Page} from 'puppeteer-core';
import {chromiumLaunchOptions} from '../../scripts/chromium.js';
import {buildDemo} from '../../scripts/build-demo.js';
import {serveFolder, type StaticSite} from './static-server.js';
import {
  allowInPopup,
  byRole,
  choose,
  click,
  signIn,
  skipWithoutChromium as skip,
  WAIT_MS,
} from './person.js';

/** A static host's sub-path, as a project's pages get one. */
const SUB_PATH = '/designers/human-connect/';
const MERCY = 'Mercy General Hospital';

let folder = '';
let site: StaticSite | undefined;
let browser: Browser | undefined;

before(
  async () => {
    if (skip) return;
    folder = mkdtempSync(path.join(tmpdir(), 'human-connect-demo-'));
    const start = performance.now();
    await buildDemo(folder);
    console.log(
      `npm run build:demo's copy built in ${Math.round(performance.now() - start)} ms`
    );
    site = await serveFolder(folder, SUB_PATH);
    browser = await puppeteer.launch(chromiumLaunchOptions);
  },
  {timeout: 120_000}
);

after(async () => {
  await browser?.close();
  await site?.close();
  if (folder) rmSync(folder, {recursive: true, force: true});
});

/** Opens `file` of the copy in a fresh browser context: a worker and storage of its own. */
async function open(file: string): Promise<Page> {
  const context = await browser!.createBrowserContext();
  const page = await context.newPage();
  await page.goto(new URL(file, site!.url).href);
  return page;
}

/** Until one of the host page's own statuses says what `text` matches. */
async function statusSays(page: Page, text: RegExp) {
  await page.waitForFunction(
    (source) =>
      [...document.querySelectorAll('[role="status"]')].some((status) =>
        new RegExp(source).test(status.textContent!.trim())
      ),
    {timeout: WAIT_MS},
    text.source
  );
}

// The two pages side by side, each in a browser context of its own: a core each.
describe('the static copy', {concurrency: true}, () => {
  test(
    'the gallery, from the static copy: every tile shows the widget, and the locale and theme change them',
    {timeout: 120_000, skip},
    async () => {
      const page = await open('demo/gallery.html');
      await statusSays(page, /^\d+ states\.$/);
      assert.deepEqual(
        await page.$$eval('.tile.failed', (tiles) => tiles.map((t) => t.id)),
        [],
        'tiles that could not be shown'
      );
      const tile = (await page.$('#search-results'))!;
      await tile.waitForSelector(
        byRole(
          'combobox',
          'Search for your hospital, lab, pharmacy, insurer or device'
        ),
        {timeout: WAIT_MS}
      );
      await tile.waitForSelector(`::-p-text(${MERCY})`, {timeout: WAIT_MS});

      await (await page.waitForSelector(byRole('combobox', 'Locale')))!.select(
        'es'
      );
      await tile.waitForSelector(
        byRole(
          'combobox',
          'Busque su hospital, laboratorio, farmacia, aseguradora o dispositivo'
        ),
        {timeout: WAIT_MS}
      );

      await (await page.waitForSelector(byRole('combobox', 'Theme')))!.select(
        'dark'
      );
      const panel = await tile.evaluate((figure) => {
        const panel = figure
          .querySelector('human-connect')!
          .shadowRoot!.querySelector('.panel')!;
        return getComputedStyle(panel).backgroundColor;
      });
      assert.equal(panel, 'rgb(27, 31, 36)', "the dark theme's surface");
      assert.equal(
        new URL(page.url()).search,
        '?locale=es&theme=dark',
        'the settings, kept in the address'
      );

      // What a designer hands on, through the browser's own clipboard.
      await page
        .browserContext()
        .overridePermissions(new URL(site!.url).origin, [
          'clipboard-read',
          'clipboard-sanitized-write',
        ]);
      await click(page, 'button', 'Copy embed code');
      await statusSays(page, /^Copied$/);
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(copied, /<human-connect[^>]+locale="es"\s+theme="dark"/);
      assertAllInside(site!.requests);
    }
  );

  test(
    'the demo, from the static copy: a source connected with the popup login, then with the redirect',
    {timeout: 120_000, skip},
    async () => {
      const page = await open('demo/index.html');
      await statusSays(page, /^The mock Connect service is running\.$/);

      await click(page, 'button', 'Connect your health data');
      await choose(page, 'mercy', MERCY);
      const login = await allowInPopup(page);
      assert.equal(
        login.url().split('?')[0],
        new URL('sandbox/login.html', site!.url).href
      );
      await signIn(login);
      await page.waitForSelector(byRole('heading', `${MERCY} is connected`), {
        timeout: WAIT_MS,
      });
      await click(page, 'button', 'Done');

      // The redirect: this tab goes to the login page and comes back, the service's state with it.
      await click(page, 'radio', 'In this tab (redirect)');
      await click(page, 'button', 'Connect your health data');
      await choose(page, 'kaiser', 'Kaiser Permanente');
      await Promise.all([
        page.waitForNavigation({timeout: WAIT_MS}),
        click(page, 'button', 'Allow'),
      ]);
      await signIn(page);
      await page.waitForSelector(
        byRole('heading', 'Kaiser Permanente is connected'),
        {timeout: WAIT_MS}
      );
      assertAllInside(site!.requests);
    }
  );
});

/** Every request the pages made is inside the copy's sub-path: its URLs are relative. */
function assertAllInside(requests: string[]) {
  assert.deepEqual(
    requests.filter((p) => !p.startsWith(SUB_PATH)),
    [],
    'requests outside the sub-path'
  );
}
