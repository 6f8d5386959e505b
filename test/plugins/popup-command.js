/**
 * Server command `popup`: drives a window that the page under test opened with `window.open`
 * (the login popup), the way a person would: it finds fields and buttons by accessible name (and
 * role) as the browser's own accessibility tree computes them, and clicks and types with the
 * browser's trusted input. The tests run in the opener page and cannot do that from there, so it
 * runs on the server side, through the test runner's browser:
 *
 * - Chromium (CDP) and Firefox (WebDriver BiDi): puppeteer-core pages and its ARIA queries.
 * - WebKit (WebDriver classic, WebKitWebDriver): window handles, and the elements' computed role
 *   and label (the WebDriver "computedrole" and "computedlabel" endpoints).
 *
 * payload: {
 *   urlIncludes: string,               // the popup window whose URL contains this
 *   steps: Array<
 *     | {fill: {label: string, value: string}}   // text field by accessible name: click, then type
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
const quote = (value) => JSON.stringify(String(value));

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns something other than undefined/false, or throws `message()`.
 * @template T
 * @param {() => Promise<T | undefined | false>} probe
 * @param {number} timeout
 * @param {() => string | Promise<string>} message
 * @returns {Promise<T>}
 */
async function poll(probe, timeout, message) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return /** @type {T} */ (value);
    if (Date.now() > deadline) throw new Error(await message());
    await delay(25);
  }
}

/**
 * Is the element a text field, one a person types into? By role that is a `textbox` (or
 * `searchbox`, `combobox`), but a password field has no ARIA role (HTML-AAM): Chromium and WebKit
 * call it a textbox, Firefox gives it none. So: the element's kind, checked in the page.
 * (Runs in the popup, serialised by puppeteer and webdriverio: keep it self-contained.)
 * @param {Element} element
 */
function isTextField(element) {
  if (element instanceof HTMLTextAreaElement) return true;
  if (element instanceof HTMLInputElement) {
    return ![
      'button',
      'submit',
      'reset',
      'checkbox',
      'radio',
      'file',
      'image',
      'range',
      'color',
      'hidden',
    ].includes(element.type);
  }
  return (
    element instanceof HTMLElement &&
    (element.isContentEditable || element.getAttribute('role') === 'textbox')
  );
}

/** @returns {string} what the popup shows, for error messages */
function bodyText() {
  return document.body ? document.body.innerText : '';
}

/**
 * @typedef {object} PopupWindow
 * @property {(label: string, value: string, timeout: number) => Promise<void>} fill
 * @property {(name: string, role: string, timeout: number) => Promise<void>} click
 * @property {(text: string, timeout: number) => Promise<void>} waitForText
 * @property {(timeout: number) => Promise<void>} waitForClose
 * @property {() => Promise<void>} close
 * @property {() => Promise<boolean>} isClosed
 * @property {() => Promise<string>} url
 */

/**
 * @param {PopupWindow} popup
 * @param {any} step
 * @param {number} timeout
 */
async function runStep(popup, step, timeout) {
  if (step && typeof step === 'object' && 'fill' in step) {
    return popup.fill(
      String(step.fill.label),
      String(step.fill.value),
      timeout
    );
  }
  if (step && typeof step === 'object' && 'click' in step) {
    return popup.click(
      String(step.click.name),
      String(step.click.role ?? 'button'),
      timeout
    );
  }
  if (step && typeof step === 'object' && 'waitForText' in step) {
    return popup.waitForText(String(step.waitForText), timeout);
  }
  if (step && typeof step === 'object' && 'waitForClose' in step)
    return popup.waitForClose(timeout);
  if (step && typeof step === 'object' && 'close' in step) return popup.close();
  throw new Error(`unknown popup step ${JSON.stringify(step)}`);
}

/**
 * A step that a closed popup has already done: the last click may close it before the driver
 * looks again (Firefox is that quick).
 * @param {any} step
 */
const endsWindow = (step) =>
  Boolean(
    step &&
    typeof step === 'object' &&
    ('waitForClose' in step || 'close' in step)
  );

// ---------------------------------------------------------------------------------------------
// puppeteer-core: Chromium over CDP, Firefox over WebDriver BiDi

/**
 * @param {import('puppeteer-core').Page} popup
 * @returns {PopupWindow}
 */
function puppeteerWindow(popup) {
  /** @param {string} text @param {number} timeout */
  const waitForText = async (text, timeout) => {
    try {
      await popup.waitForFunction(
        (t) => Boolean(document.body && document.body.innerText.includes(t)),
        {timeout},
        text
      );
    } catch {
      // Say what the popup shows instead: the usual reason a test waits in vain.
      const shown = await popup.evaluate(bodyText).catch(() => '?');
      throw new Error(
        `${quote(text)} not shown within ${timeout} ms; the popup shows: ${quote(shown.slice(0, 400))}`
      );
    }
  };
  return {
    async fill(label, value, timeout) {
      // By name, then the one that is a text field: a heading or (in Firefox) the <label> itself
      // may share the field's name.
      const field = await poll(
        async () => {
          for (const handle of await popup.$$(
            `::-p-aria([name=${quote(label)}])`
          )) {
            const visible = await handle.isVisible();
            if (visible && (await handle.evaluate(isTextField))) return handle;
            await handle.dispose();
          }
          return undefined;
        },
        timeout,
        () => `no text field labelled ${quote(label)} within ${timeout} ms`
      );
      await field.click({count: 3}); // focus and select any existing text, so typing replaces it
      await field.type(value);
      await field.dispose();
    },
    async click(name, role, timeout) {
      const selector = `::-p-aria([name=${quote(name)}][role=${quote(role)}])`;
      const target = await popup
        .waitForSelector(selector, {timeout, visible: true})
        .catch(() => null);
      if (!target)
        throw new Error(`no ${role} named ${quote(name)} within ${timeout} ms`);
      try {
        await target.click();
      } catch (error) {
        // a click that makes the popup close itself (the callback page) may reject mid-flight
        if (!popup.isClosed()) throw error;
      }
      if (!popup.isClosed()) await target.dispose().catch(() => {});
    },
    waitForText,
    async waitForClose(timeout) {
      await poll(
        async () => popup.isClosed(),
        timeout,
        () => `popup did not close within ${timeout} ms`
      );
    },
    async close() {
      if (!popup.isClosed()) await popup.close();
    },
    async isClosed() {
      return popup.isClosed();
    },
    async url() {
      return popup.url();
    },
  };
}

/** @type {WeakSet<import('puppeteer-core').Target>} popups the commands saw closed */
const closedTargets = new WeakSet();

/**
 * @param {any} session
 * @param {{urlIncludes: string, steps: any[], timeoutMs: number}} payload
 */
async function withPuppeteer(session, {urlIncludes, steps, timeoutMs}) {
  /** @type {import('puppeteer-core').Page} */
  const opener = session.browser.getPage(session.id);
  /** @type {import('puppeteer-core').Target | null} */
  let target = null;
  /** @type {import('puppeteer-core').Page | null} */
  let page = null;
  try {
    // Not a popup an earlier command saw closed: its target can outlive it for a moment, and a
    // test that closes the login window and opens it again would get the dead one.
    target = await opener
      .browser()
      .waitForTarget(
        (t) =>
          t.type() === 'page' &&
          t.url().includes(urlIncludes) &&
          !closedTargets.has(t),
        {
          timeout: timeoutMs,
        }
      );
    const found = target;
    page = await found.page();
    if (!page) throw new Error(`target ${found.url()} has no page`);
    await page.bringToFront();
    // A form filled before the page's script has run would submit natively
    // and reload the page: start only once the document has loaded.
    await page.waitForFunction(() => document.readyState === 'complete', {
      timeout: timeoutMs,
    });
    const popup = puppeteerWindow(page);
    for (const step of steps) {
      if (page.isClosed() && !endsWindow(step))
        throw new Error(`popup closed before step ${JSON.stringify(step)}`);
      await runStep(popup, step, timeoutMs);
    }
    const closed = page.isClosed();
    if (closed) closedTargets.add(found);
    return {ok: true, closed, url: closed ? '' : page.url()};
  } catch (error) {
    // The target found, not `page.target()`: that throws once the page is gone (in Firefox, a
    // window closing as the command finds it).
    if (target && (!page || page.isClosed())) closedTargets.add(target);
    return {
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      closed: page ? page.isClosed() : undefined,
    };
  } finally {
    // give the opener (the page running the tests) the focus back
    if (!opener.isClosed()) await opener.bringToFront().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// webdriverio, WebDriver classic: WebKit through WebKitWebDriver

/** CSS for the elements that may have each role natively or by attribute. */
const ROLE_CANDIDATES = {
  button:
    'button, input[type="button"], input[type="submit"], input[type="reset"], input[type="image"], summary, [role="button"]',
  link: 'a[href], area[href], [role="link"]',
  textbox: 'input, textarea, [contenteditable], [role="textbox"]',
  checkbox: 'input[type="checkbox"], [role="checkbox"]',
};

/**
 * @param {WebdriverIO.Browser} driver
 * @param {string} handle the popup's window handle (the driver is switched to it)
 * @returns {PopupWindow}
 */
function webdriverWindow(driver, handle) {
  const isClosed = async () =>
    !(await driver.getWindowHandles()).includes(handle);

  /**
   * The first displayed element matching `css` whose computed label is `name` and that passes
   * `accept` (given its element id).
   * @param {string} css
   * @param {string} name
   * @param {(id: string, element: WebdriverIO.Element) => Promise<boolean>} accept
   */
  async function findByName(css, name, accept) {
    for (const element of await driver.$$(css).getElements()) {
      const id = element.elementId;
      const label = await driver.getElementComputedLabel(id).catch(() => '');
      if (label.trim() !== name) continue;
      if (!(await driver.isElementDisplayed(id).catch(() => false))) continue;
      if (await accept(id, element)) return id;
    }
    return undefined;
  }

  return {
    async fill(label, value, timeout) {
      const id = await poll(
        () =>
          findByName(
            ROLE_CANDIDATES.textbox,
            label,
            async (_, element) =>
              /** @type {boolean} */ (
                await driver.execute(isTextField, /** @type {any} */ (element))
              )
          ),
        timeout,
        () => `no text field labelled ${quote(label)} within ${timeout} ms`
      );
      await driver.elementClick(id); // focus it, as a person clicks into a field
      await driver.elementClear(id); // so typing replaces any existing text
      await driver.elementSendKeys(id, value);
    },
    async click(name, role, timeout) {
      const css =
        ROLE_CANDIDATES[/** @type {keyof typeof ROLE_CANDIDATES} */ (role)] ??
        `[role=${quote(role)}]`;
      const id = await poll(
        () =>
          findByName(css, name, async (elementId) => {
            const computed = await driver
              .getElementComputedRole(elementId)
              .catch(() => '');
            return computed === role;
          }),
        timeout,
        () => `no ${role} named ${quote(name)} within ${timeout} ms`
      );
      try {
        await driver.elementClick(id);
      } catch (error) {
        // a click that makes the popup close itself (the callback page) may fail mid-flight
        if (!(await isClosed())) throw error;
      }
    },
    async waitForText(text, timeout) {
      await poll(
        async () =>
          /** @type {boolean} */ (
            await driver.execute(
              (t) =>
                Boolean(document.body && document.body.innerText.includes(t)),
              text
            )
          ),
        timeout,
        async () => {
          const shown = /** @type {string} */ (
            await driver.execute(bodyText).catch(() => '?')
          );
          return `${quote(text)} not shown within ${timeout} ms; the popup shows: ${quote(shown.slice(0, 400))}`;
        }
      );
    },
    async waitForClose(timeout) {
      await poll(
        isClosed,
        timeout,
        () => `popup did not close within ${timeout} ms`
      );
    },
    async close() {
      if (!(await isClosed())) await driver.closeWindow();
    },
    isClosed,
    async url() {
      return driver.getUrl();
    },
  };
}

/**
 * @param {any} session
 * @param {{urlIncludes: string, steps: any[], timeoutMs: number}} payload
 */
async function withWebdriver(session, {urlIncludes, steps, timeoutMs}) {
  /** @type {WebdriverIO.Browser} */
  const driver = session.browser.driver;
  if (!driver)
    return {ok: false, error: 'the webdriver session has not started'};
  const opener = await driver.getWindowHandle();
  /** @type {string | undefined} */
  let handle;
  /** @type {PopupWindow | undefined} */
  let popup;
  try {
    handle = await poll(
      async () => {
        for (const candidate of await driver.getWindowHandles()) {
          if (candidate === opener) continue;
          try {
            await driver.switchToWindow(candidate);
            if ((await driver.getUrl()).includes(urlIncludes)) return candidate;
          } catch {
            // closed meanwhile
          }
        }
        await driver.switchToWindow(opener);
        return undefined;
      },
      timeoutMs,
      () =>
        `no window whose URL includes ${quote(urlIncludes)} within ${timeoutMs} ms`
    );
    popup = webdriverWindow(driver, handle);
    // A form filled before the page's script has run would submit natively
    // and reload the page: start only once the document has loaded.
    await poll(
      async () =>
        (await driver.execute(() => document.readyState)) === 'complete',
      timeoutMs,
      () => `the popup did not finish loading within ${timeoutMs} ms`
    );
    for (const step of steps) {
      if (!endsWindow(step) && (await popup.isClosed()))
        throw new Error(`popup closed before step ${JSON.stringify(step)}`);
      await runStep(popup, step, timeoutMs);
    }
    const closed = await popup.isClosed();
    return {ok: true, closed, url: closed ? '' : await popup.url()};
  } catch (error) {
    return {
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      closed: popup ? await popup.isClosed().catch(() => undefined) : undefined,
    };
  } finally {
    // back to the opener (the page running the tests): later commands act on the current window
    await driver.switchToWindow(opener).catch(() => {});
  }
}

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function popupCommandPlugin() {
  return {
    name: 'popup-command',
    async executeCommand({command, payload, session}) {
      if (command !== 'popup') return undefined;
      const {
        urlIncludes,
        steps = [],
        timeoutMs = 5000,
      } = /** @type {any} */ (payload ?? {});
      if (typeof urlIncludes !== 'string' || urlIncludes === '') {
        return {
          ok: false,
          error: 'payload.urlIncludes must be a non-empty string',
        };
      }
      const args = {urlIncludes, steps, timeoutMs};
      if (session.browser.type === 'puppeteer')
        return withPuppeteer(session, args);
      if (session.browser.type === 'webdriver')
        return withWebdriver(session, args);
      return {
        ok: false,
        error: `the popup command has no driver for ${session.browser.type} browsers`,
      };
    },
  };
}

export default popupCommandPlugin;
