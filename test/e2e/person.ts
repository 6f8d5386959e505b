/**
 * Chromium driven by puppeteer as a person would: by role and accessible name (puppeteer's aria
 * selectors reach into the widget's shadow root). Shared by the whole-flow tests in this folder.
 */
import type {Page} from 'puppeteer-core';
import {missingPackages} from '../../scripts/browsers.js';
import {MOCK_LOGIN} from '../../sandbox/connect-service.js';

export const WAIT_MS = 30_000;

// As for the browser suites: under CI a missing browser fails; elsewhere it is left out, saying so.
const missing = missingPackages('chromium');
export const skipWithoutChromium =
  missing.length && !process.env['CI']
    ? `no Chromium here (apt install ${missing.join(' ')})`
    : false;

export const byRole = (role: string, name: string) =>
  `::-p-aria([role="${role}"][name="${name}"])`;

export async function fill(page: Page, label: string, value: string) {
  // (Chromium gives a password field the textbox role too.)
  const field = await page.waitForSelector(byRole('textbox', label), {
    visible: true,
    timeout: WAIT_MS,
  });
  await field!.click({count: 3});
  await field!.type(value);
}

export async function click(page: Page, role: string, name: string) {
  const element = await page.waitForSelector(byRole(role, name), {
    visible: true,
    timeout: WAIT_MS,
  });
  await element!.click();
}

/** Types `query` into the widget's search and picks the source named `name` among the answers. */
export async function choose(page: Page, query: string, name: string) {
  const search = await page.waitForSelector('::-p-aria([role="combobox"])', {
    visible: true,
    timeout: WAIT_MS,
  });
  await search!.type(query);
  // The answer to the whole query, not the popular list nor an answer to its first letters,
  // which a busy machine can still be drawing as the option is clicked: the list is busy from
  // the last key until that answer is in.
  await page.waitForFunction(
    (query) => {
      const root = document.querySelector('human-connect')?.shadowRoot;
      const field = root?.querySelector<HTMLInputElement>('[role="combobox"]');
      const list = root?.querySelector('[role="listbox"]');
      return (
        field?.value === query && list?.getAttribute('aria-busy') === 'false'
      );
    },
    {timeout: WAIT_MS},
    query
  );
  const option = await page.waitForSelector(`::-p-text(${name})`, {
    visible: true,
    timeout: WAIT_MS,
  });
  await option!.click();
}

/** Presses Allow and answers the login popup it opens, once the login page is in it. */
export async function allowInPopup(page: Page): Promise<Page> {
  const popupOpened = new Promise<Page>((resolve) =>
    page.once('popup', (popup) => resolve(popup!))
  );
  await click(page, 'button', 'Allow');
  const login = await popupOpened;
  // The popup opens on about:blank and is sent to the login page once the service has answered
  // the connection's POST: on a busy machine, a moment later (CI under load).
  const deadline = Date.now() + WAIT_MS;
  while (!login.url().startsWith('http') && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await login.waitForFunction(() => document.readyState === 'complete', {
    timeout: WAIT_MS,
  });
  return login;
}

/** Signs in on the mock source's login page, in a popup (which then closes itself) or the tab. */
export async function signIn(login: Page) {
  await fill(login, 'Username', MOCK_LOGIN.username);
  await fill(login, 'Password', MOCK_LOGIN.password);
  await click(login, 'button', 'Sign in');
  await fill(login, 'Verification code', MOCK_LOGIN.code);
  // A popup closes itself on this click, and may be gone before the click is answered.
  await click(login, 'button', 'Verify').catch(async (error) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (!login.isClosed()) throw error;
  });
}
