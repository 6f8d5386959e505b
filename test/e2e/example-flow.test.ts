/**
 * The whole flow, A to E, across three real processes over real HTTP, with no msw anywhere:
 * `npm run example`'s sandbox and example host server, and a browser on the example page. A person
 * signs in to the host app, connects Mercy General Hospital through the widget and the sandbox's
 * login popup (on the sandbox's origin), and sees the records that the host server pulled; then
 * the sandbox adds a record and notifies the server, which pulls with `updated_since`, and the
 * page shows it.
 *
 * Chromium, driven by puppeteer as a person would: by role and accessible name (puppeteer's aria
 * selectors reach into the widget's shadow root). The widget's own behaviour is tested in all
 * three engines by the browser suites; this is the integration.
 */
import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import puppeteer, {type Browser, type Page} from 'puppeteer-core';
import {chromiumLaunchOptions} from '../../scripts/chromium.js';
import {
  MOCK_CLIENT_ID,
  MOCK_CLIENT_SECRET,
} from '../../sandbox/connect-service.js';
import {
  allowInPopup,
  byRole,
  choose,
  click,
  fill,
  signIn,
  skipWithoutChromium as skip,
  WAIT_MS,
} from './person.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Starting includes building dist/ when it is missing, and a new PGlite database. */
const START_MS = 240_000;
const MERCY = 'Mercy General Hospital';

let example: ChildProcess | undefined;
let browser: Browser | undefined;
let dataDir = '';
let pageUrl = '';
let apiBase = '';

before(
  async () => {
    if (skip) return;
    dataDir = mkdtempSync(path.join(tmpdir(), 'human-connect-example-'));
    example = spawn(process.execPath, ['--import', 'tsx', 'examples/run.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        SANDBOX_PORT: '0',
        HUMAN_CONNECT_DATA_DIR: dataDir,
        // A new connection syncs in half a second, not the sandbox's 5: nothing here looks at
        // it while it syncs, and the whole run waits for this test.
        HUMAN_CONNECT_SYNC_MS: '500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: the sandbox and the server go down with it.
      detached: true,
    });
    let output = '';
    example.stderr?.on('data', (chunk: Buffer) => (output += chunk));
    [pageUrl, apiBase] = await new Promise<[string, string]>(
      (resolve, reject) => {
        example!.stdout?.on('data', (chunk: Buffer) => {
          output += chunk;
          const open = /^Open (\S+)\/$/m.exec(output);
          const sandbox = /^ {2}The sandbox: (\S+) /m.exec(output);
          if (open && sandbox) resolve([open[1]!, sandbox[1]!]);
        });
        example!.once('exit', (code) =>
          reject(new Error(`npm run example exited (${code}):\n${output}`))
        );
      }
    );
    browser = await puppeteer.launch(chromiumLaunchOptions);
  },
  {timeout: START_MS}
);

after(async () => {
  await browser?.close();
  if (example?.pid) process.kill(-example.pid, 'SIGTERM');
  if (dataDir) rmSync(dataDir, {recursive: true, force: true});
});

/** The sandbox's controls, as the test (another process) reaches them. */
async function control(pathAndQuery: string, body?: unknown) {
  const res = await fetch(`${apiBase}/sandbox${pathAndQuery}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      Authorization: `Basic ${btoa(`${MOCK_CLIENT_ID}:${MOCK_CLIENT_SECRET}`)}`,
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${pathAndQuery}: ${res.status}`);
  return res.json();
}

/** Until the page's own text (the host page's, not the widget's) contains `text`. */
async function pageShows(page: Page, text: string) {
  await page.waitForFunction(
    (t) => document.body.innerText.includes(t),
    {timeout: WAIT_MS},
    text
  );
}

test(
  'A–E: connect a hospital on the example page, see the records its server pulled, then new ones',
  {timeout: 180_000, skip},
  async () => {
    const user = `e2e-${Date.now().toString(36)}`;
    const page = await browser!.newPage();
    await page.goto(`${pageUrl}/`);

    // A: the host app's own sign-in, then the launcher.
    await fill(page, 'User id', user);
    await click(page, 'button', 'Sign in');
    await click(page, 'button', 'Connect your health data');

    // B: search and choose, consent.
    await choose(page, 'mercy general', MERCY);

    // The login, in a popup on the sandbox's origin.
    const login = await allowInPopup(page);
    assert.equal(new URL(login.url()).origin, new URL(apiBase).origin);
    assert.notEqual(new URL(login.url()).origin, new URL(pageUrl).origin);
    await signIn(login);

    // C–E: the service syncs, the page forwards the result, the server pulls, the page shows it.
    await page.waitForSelector(byRole('heading', `${MERCY} is connected`), {
      timeout: WAIT_MS,
    });
    await pageShows(
      page,
      `${MERCY}: 3 medications, 5 test results, 2 conditions`
    );
    await click(page, 'button', 'Done');

    // New data: the sandbox adds a medication and notifies the server, which pulls what changed.
    const {connections} = (await control(
      `/connections?client_user_id=${encodeURIComponent(user)}`
    )) as {connections: {id: string; sourceName: string}[]};
    const mercy = connections.find((c) => c.sourceName === MERCY);
    assert.ok(mercy, JSON.stringify(connections));
    await control(`/connections/${mercy.id}/records`, {
      kind: 'medication',
      count: 1,
    });
    await click(page, 'button', 'Refresh');
    await pageShows(
      page,
      `${MERCY}: 4 medications, 5 test results, 2 conditions`
    );
    const {requests} = (await control('/requests?path=/human/medications')) as {
      requests: {url: string}[];
    };
    assert.ok(
      requests.some((r) => new URL(r.url).searchParams.has('updated_since')),
      'the server pulled the new record with updated_since'
    );
  }
);
