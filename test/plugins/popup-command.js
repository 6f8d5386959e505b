/**
 * Server command `popup`: drives a window that the page under test opened with `window.open`
 * (the login popup). Tests run in the opener page and cannot script a cross-origin popup, so
 * this runs on the server side through puppeteer (Chromium via @web/test-runner-chrome only).
 *
 * payload: {
 *   urlIncludes: string,               // the popup target whose URL contains this
 *   steps: Array<
 *     | {fill: {label: string, value: string}}   // field by accessible name: click, then type
 *     | {click: {name: string, role?: string}}   // by accessible name; role defaults to 'button'
 *     | {waitForText: string}                     // until document.body.innerText contains it
 *     | {waitForClose: true}                      // until the popup closes itself
 *     | {close: true}                             // close the popup (like the user would)
 *   >,
 *   timeoutMs?: number                 // per wait; default 5000
 * }
 * result: {ok: true, closed: boolean, url: string} | {ok: false, error: string, closed?: boolean}
 */

/** @param {string} value */
const quote = value => JSON.stringify(String(value));

/** @param {number} ms */
const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * @param {import('puppeteer-core').Page} page
 * @param {number} timeout
 */
async function waitForClose(page, timeout) {
  const deadline = Date.now() + timeout;
  while (!page.isClosed()) {
    if (Date.now() > deadline) throw new Error(`popup did not close within ${timeout} ms`);
    await delay(25);
  }
}

/**
 * @param {import('puppeteer-core').Page} popup
 * @param {any} step
 * @param {number} timeout
 */
async function runStep(popup, step, timeout) {
  if (step && typeof step === 'object' && 'fill' in step) {
    const { label, value } = step.fill;
    // By role as well as name: a heading may share the field's label.
    const field = await popup.waitForSelector(`::-p-aria([name=${quote(label)}][role="textbox"])`, {
      timeout,
      visible: true,
    });
    if (!field) throw new Error(`no field labelled ${quote(label)}`);
    await field.click({ count: 3 }); // focus and select any existing text, so typing replaces it
    await field.type(String(value));
    await field.dispose();
    return;
  }
  if (step && typeof step === 'object' && 'click' in step) {
    const { name, role = 'button' } = step.click;
    const selector = `::-p-aria([name=${quote(name)}][role=${quote(role)}])`;
    const target = await popup.waitForSelector(selector, { timeout, visible: true });
    if (!target) throw new Error(`no ${role} named ${quote(name)}`);
    try {
      await target.click();
    } catch (error) {
      // a click that makes the popup close itself (the callback page) may reject mid-flight
      if (!popup.isClosed()) throw error;
    }
    if (!popup.isClosed()) await target.dispose().catch(() => {});
    return;
  }
  if (step && typeof step === 'object' && 'waitForText' in step) {
    try {
      await popup.waitForFunction(
        text => Boolean(document.body && document.body.innerText.includes(text)),
        { timeout },
        String(step.waitForText),
      );
    } catch (error) {
      // Say what the popup shows instead: the usual reason a test waits in vain.
      const shown = await popup.evaluate(() => document.body?.innerText ?? '').catch(() => '?');
      throw new Error(`${quote(step.waitForText)} not shown within ${timeout} ms; the popup shows: ${quote(shown.slice(0, 400))}`);
    }
    return;
  }
  if (step && typeof step === 'object' && 'waitForClose' in step) {
    await waitForClose(popup, timeout);
    return;
  }
  if (step && typeof step === 'object' && 'close' in step) {
    if (!popup.isClosed()) await popup.close();
    return;
  }
  throw new Error(`unknown popup step ${JSON.stringify(step)}`);
}

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function popupCommandPlugin() {
  return {
    name: 'popup-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'popup') return undefined;
      if (session.browser.type !== 'puppeteer') {
        return { ok: false, error: `popup command needs a puppeteer browser, got ${session.browser.type}` };
      }
      const { urlIncludes, steps = [], timeoutMs = 5000 } = /** @type {any} */ (payload ?? {});
      if (typeof urlIncludes !== 'string' || urlIncludes === '') {
        return { ok: false, error: 'payload.urlIncludes must be a non-empty string' };
      }
      /** @type {import('puppeteer-core').Page} */
      const opener = /** @type {any} */ (session.browser).getPage(session.id);
      /** @type {import('puppeteer-core').Page | null} */
      let popup = null;
      try {
        const target = await opener
          .browser()
          .waitForTarget(t => t.type() === 'page' && t.url().includes(urlIncludes), { timeout: timeoutMs });
        popup = await target.page();
        if (!popup) throw new Error(`target ${target.url()} has no page`);
        await popup.bringToFront();
        // A form filled before the page's script has run would submit natively
        // and reload the page: start only once the document has loaded.
        await popup.waitForFunction(() => document.readyState === 'complete', { timeout: timeoutMs });
        for (const step of steps) {
          if (popup.isClosed()) throw new Error(`popup closed before step ${JSON.stringify(step)}`);
          await runStep(popup, step, timeoutMs);
        }
        const closed = popup.isClosed();
        return { ok: true, closed, url: closed ? '' : popup.url() };
      } catch (error) {
        return {
          ok: false,
          error: error instanceof Error ? error.message : String(error),
          closed: popup ? popup.isClosed() : undefined,
        };
      } finally {
        // give the opener (the page running the tests) the focus back
        if (!opener.isClosed()) await opener.bringToFront().catch(() => {});
      }
    },
  };
}

export default popupCommandPlugin;
