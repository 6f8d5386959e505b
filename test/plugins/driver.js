/**
 * The test runner's browsers behind one interface, for the server commands (browser-commands.js,
 * popup-command.js): `driverFor(session)`. Two drivers stand behind it:
 *
 * - puppeteer-core: Chromium over CDP, Firefox over WebDriver BiDi.
 * - webdriverio, WebDriver classic: WebKit through WebKitWebDriver.
 *
 * (`delay` and `poll` come from scripts/poll.js, shared with scripts/test-browsers.js.)
 */

import {poll, PollTimeout} from '../../scripts/poll.js';

export {poll};

/**
 * The longest a command may take: the browser side gives up on a command after a fixed 20 s
 * (@web/dev-server-core) while the command goes on here, and in WebKit one that goes on with the
 * driver in the popup sends the next test's keys there, or navigates it to the next file.
 */
export const COMMAND_LIMIT_MS = 15_000;

/** @type {WeakMap<object, Promise<unknown>>} the last command of each WebDriver session */
const lastCommand = new WeakMap();

/**
 * Runs a command once the session's earlier ones have ended. WebDriver has one current window for
 * the whole browser: a command that outlived its test (see COMMAND_LIMIT_MS) must switch back to
 * the page before the next test's commands act. Puppeteer gives each test file a page of its own.
 * @template T
 * @param {any} session a test runner session
 * @param {() => Promise<T>} command
 * @returns {Promise<T>}
 */
export function exclusive(session, command) {
  return exclusiveFor(session.browser, command);
}

/**
 * @template T
 * @param {any} browser a test runner's browser launcher
 * @param {() => Promise<T>} command
 * @returns {Promise<T>}
 */
function exclusiveFor(browser, command) {
  if (browser.type !== 'webdriver') return command();
  const run = (lastCommand.get(browser) ?? Promise.resolve()).then(
    command,
    command
  );
  lastCommand.set(
    browser,
    run.catch(() => {})
  );
  return run;
}

/** As often as @web/test-runner-webdriver's own heartbeat. */
const HEARTBEAT_MS = 60_000;

/** @type {WeakMap<object, string>} the window of the page under test, per WebDriver session */
const pageWindows = new WeakMap();

/**
 * The window the test runner opens each test file in: the session's first, noted when the runner
 * first navigates it.
 * @param {WebdriverIO.Browser} driver
 */
async function pageWindow(driver) {
  let handle = pageWindows.get(driver);
  if (!handle) {
    handle = await driver.getWindowHandle();
    pageWindows.set(driver, handle);
  }
  return handle;
}

/**
 * The test runner's own steps in a WebDriver browser (loading a test file, then reading its
 * coverage and leaving it) wait for the commands of this file that are still running, and act on
 * the page under test's window. Otherwise a popup command that outlived its test (a busy machine)
 * has the driver in the login window when the runner reads the page there, and once that window
 * has closed every later file fails with "no such window" (WebKit, a loaded run: one slow popup
 * command, then 14 failures). So does the runner's heartbeat.
 * @template {import('@web/test-runner').BrowserLauncher} L
 * @param {L} launcher
 * @returns {L}
 */
export function afterCommands(launcher) {
  const browser = /** @type {any} */ (launcher);
  if (browser.type !== 'webdriver') return launcher;
  // The runner's heartbeat (a `title` request every 60 s, so that a remote grid keeps an idle
  // session) also waits its turn, and asks the page's window. Sent at any moment, it landed in the
  // middle of a popup command, on the login window as it closed itself: "no such window", then
  // the popup command and the test's next two commands never answered (WebKit, a quiet machine).
  // With a heartbeat every 500 ms, 1 run in 2 of three popup files failed so; with this, none in 5.
  browser.setupHeartbeat = function () {
    this.pendingHeartbeat = setInterval(() => {
      exclusiveFor(browser, async () => {
        const driver = browser.driver;
        if (!driver) return;
        await driver.switchToWindow(await pageWindow(driver));
        await driver.getTitle();
      }).catch(() => clearInterval(this.pendingHeartbeat));
    }, HEARTBEAT_MS);
  };
  for (const name of ['startSession', 'stopSession']) {
    const own = browser[name].bind(browser);
    browser[name] = (/** @type {unknown[]} */ ...args) =>
      exclusiveFor(browser, async () => {
        const driver = browser.driver;
        if (driver) {
          const page = await pageWindow(driver);
          await driver.switchToWindow(page).catch(() => {});
        }
        return own(...args);
      });
  }
  return launcher;
}

/**
 * @typedef {{colorScheme?: string, reducedMotion?: string}} MediaFeatures
 *
 * @typedef {object} Driver
 * @property {(fn: (...args: any[]) => any, ...args: any[]) => Promise<any>} evaluate
 *   runs `fn` in the page under test (serialised: keep it self-contained)
 * @property {(text: string) => Promise<void>} type with the keyboard, into the focused element
 * @property {(width: number, height: number) => Promise<{width: number, height: number}>} setViewport
 *   answers the viewport it got, which the page may see a moment later
 * @property {boolean} emulatesMedia whether `media` can change the media features
 * @property {(features: MediaFeatures) => Promise<void>} media
 * @property {(urlIncludes: string, timeout: number) => Promise<PopupWindow>} popup
 *   the window whose URL contains `urlIncludes`, once its document has loaded
 * @property {(ms: number) => Promise<void>} limitLoadWaits no single request of the driver waits
 *   longer than `ms` for a page to load, until `focusPage`
 * @property {() => Promise<void>} focusPage back to the page under test, after `popup`, with the
 *   driver's own waits again
 * @property {(urlIncludes: string) => Promise<string[]>} closeWindows closes every window but
 *   the page under test whose URL contains `urlIncludes`, and answers their URLs
 *
 * A window that the page under test opened (the login popup), driven the way a person would: it
 * finds fields and buttons by accessible name (and role) as the browser computes them, and clicks
 * and types with the browser's trusted input.
 * @typedef {object} PopupWindow
 * @property {(label: string, value: string, timeout: number) => Promise<void>} fill
 * @property {(name: string, role: string, timeout: number) => Promise<void>} click
 * @property {(text: string, timeout: number) => Promise<void>} waitForText
 * @property {() => Promise<void>} close
 * @property {() => Promise<boolean>} isClosed
 * @property {() => Promise<string>} url
 * @property {() => Promise<void>} focus makes it the window that actions go to again (after
 *   `Driver.focusPage`), for a later command that goes on where an earlier one stopped
 */

/**
 * @param {any} session a test runner session
 * @returns {Driver}
 */
export function driverFor(session) {
  const browser = session.browser;
  if (browser.type === 'puppeteer')
    return puppeteerDriver(browser.getPage(session.id));
  if (browser.type === 'webdriver') {
    if (!browser.driver)
      throw new Error('the webdriver session has not started');
    return webdriverDriver(browser.driver);
  }
  throw new Error(`no driver for ${browser.type} browsers`);
}

/**
 * Whether a window that a click failed in is closing: a click that makes the popup close itself
 * (the login's last step) can fail mid-flight ("Target closed"), and the driver may report the
 * window closed only a moment after the error.
 * @param {() => Promise<boolean>} isClosed
 */
const closesSoon = (isClosed) =>
  poll(async () => (await isClosed()) || undefined, 2000, 'still open').then(
    () => true,
    () => false
  );

/** @param {string} value */
const quote = (value) => JSON.stringify(String(value));

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
 * @param {string} text
 * @param {number} timeout
 * @param {string} shown
 */
const notShown = (text, timeout, shown) =>
  `${quote(text)} not shown within ${timeout} ms; the popup shows: ${quote(shown.slice(0, 400))}`;

// ---------------------------------------------------------------------------------------------
// puppeteer-core: Chromium over CDP, Firefox over WebDriver BiDi

/** @type {WeakSet<import('puppeteer-core').Target>} popups the commands saw closed */
const closedTargets = new WeakSet();

/**
 * @param {import('puppeteer-core').Page} page the page under test
 * @returns {Driver}
 */
function puppeteerDriver(page) {
  const bidi = page.browser().protocol === 'webDriverBiDi';
  return {
    evaluate: (fn, ...args) => page.evaluate(fn, ...args),
    async type(text) {
      await page.keyboard.type(text);
    },
    async setViewport(width, height) {
      await page.setViewport({width, height});
      return {width, height};
    },
    emulatesMedia: true,
    async media(features) {
      if (bidi) await firefoxMedia(page, features);
      else
        await page.emulateMediaFeatures([
          ...(features.colorScheme != null
            ? [{name: 'prefers-color-scheme', value: features.colorScheme}]
            : []),
          ...(features.reducedMotion != null
            ? [{name: 'prefers-reduced-motion', value: features.reducedMotion}]
            : []),
        ]);
    },
    async popup(urlIncludes, timeout) {
      const end = Date.now() + timeout;
      // Not a popup an earlier command saw closed: its target can outlive it for a moment, and a
      // test that closes the login window and opens it again would get the dead one.
      const target = await page
        .browser()
        .waitForTarget(
          (t) =>
            t.type() === 'page' &&
            t.url().includes(urlIncludes) &&
            !closedTargets.has(t),
          {timeout}
        );
      /** @type {import('puppeteer-core').Page | null} */
      let popup = null;
      try {
        popup = await target.page();
        if (!popup) throw new Error(`target ${target.url()} has no page`);
        await popup.bringToFront();
        // A form filled before the page's script has run would submit natively and reload the
        // page: start only once the document has loaded.
        await popup.waitForFunction(() => document.readyState === 'complete', {
          timeout: Math.max(1, end - Date.now()),
        });
        return puppeteerWindow(popup, target);
      } catch (error) {
        // The target, not `popup.target()`: that throws once the page is gone (in Firefox, a
        // window closing as the command finds it).
        if (!popup || popup.isClosed()) closedTargets.add(target);
        throw error;
      }
    },
    // Puppeteer bounds each of its own waits.
    async limitLoadWaits() {},
    async focusPage() {
      if (!page.isClosed()) await page.bringToFront();
    },
    async closeWindows(urlIncludes) {
      const closed = [];
      for (const target of page.browser().targets()) {
        if (target.type() !== 'page' || target === page.target()) continue;
        if (!target.url().includes(urlIncludes)) continue;
        closed.push(target.url());
        const other = await target.page().catch(() => null);
        await other?.close().catch(() => {});
      }
      return closed;
    },
  };
}

/**
 * Firefox: the media features through the preferences a person's system settings set, written
 * from the browser's privileged (chrome) scope, which Firefox opens to BiDi with
 * `-remote-allow-system-access` (scripts/browsers.js). puppeteer's emulateMediaFeatures needs CDP.
 * @param {import('puppeteer-core').Page} page
 * @param {MediaFeatures} features
 */
async function firefoxMedia(page, features) {
  const statements = [];
  if (features.colorScheme != null) {
    // 0 dark, 1 light; anything else: back to following the browser's theme.
    const scheme = {dark: 0, light: 1}[
      /** @type {'dark' | 'light'} */ (features.colorScheme)
    ];
    statements.push(
      scheme === undefined
        ? `Services.prefs.clearUserPref('layout.css.prefers-color-scheme.content-override');`
        : `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${scheme});`
    );
  }
  if (features.reducedMotion != null) {
    statements.push(
      `Services.prefs.setIntPref('ui.prefersReducedMotion', ${features.reducedMotion === 'reduce' ? 1 : 0});`
    );
  }
  /** @type {any} */
  const connection = /** @type {any} */ (page.browser()).connection;
  const tree = await connection.send('browsingContext.getTree', {
    'moz:scope': 'chrome',
    maxDepth: 0,
  });
  const context = tree.result.contexts[0]?.context;
  if (!context)
    throw new Error(
      'no chrome browsing context: is Firefox started with -remote-allow-system-access?'
    );
  const {result} = await connection.send('script.evaluate', {
    expression: `${statements.join('\n')} true`,
    target: {context},
    awaitPromise: false,
  });
  if (result.type !== 'success')
    throw new Error(
      `setting Firefox preferences failed: ${JSON.stringify(result)}`
    );
}

/**
 * @param {import('puppeteer-core').Page} popup
 * @param {import('puppeteer-core').Target} target
 * @returns {PopupWindow}
 */
function puppeteerWindow(popup, target) {
  const isClosed = () => {
    const closed = popup.isClosed();
    if (closed) closedTargets.add(target);
    return closed;
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
        `no text field labelled ${quote(label)} within ${timeout} ms`
      );
      await field.click({count: 3}); // focus and select any existing text, so typing replaces it
      await field.type(value);
      await field.dispose();
    },
    async click(name, role, timeout) {
      const selector = `::-p-aria([name=${quote(name)}][role=${quote(role)}])`;
      const element = await popup
        .waitForSelector(selector, {timeout, visible: true})
        .catch(() => null);
      if (!element)
        throw new Error(`no ${role} named ${quote(name)} within ${timeout} ms`);
      try {
        await element.click();
      } catch (error) {
        // a click that makes the popup close itself (the callback page) may reject mid-flight
        if (!(await closesSoon(async () => isClosed()))) throw error;
      }
      if (!isClosed()) await element.dispose().catch(() => {});
    },
    async waitForText(text, timeout) {
      try {
        await popup.waitForFunction(
          (t) => Boolean(document.body && document.body.innerText.includes(t)),
          {timeout},
          text
        );
      } catch {
        // Say what the popup shows instead: the usual reason a test waits in vain.
        const shown = await popup.evaluate(bodyText).catch(() => '?');
        throw new PollTimeout(notShown(text, timeout, shown));
      }
    },
    async close() {
      if (!isClosed()) await popup.close();
    },
    async isClosed() {
      return isClosed();
    },
    async url() {
      return popup.url();
    },
    async focus() {
      await popup.bringToFront();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// webdriverio, WebDriver classic: WebKit through WebKitWebDriver

/** WebDriver's default page-load timeout, for the test runner's own navigations. */
const PAGE_LOAD_TIMEOUT_MS = 300_000;

/** @type {WeakMap<WebdriverIO.Browser, Set<string>>} */
const webdriverFound = new WeakMap();

/**
 * @param {WebdriverIO.Browser} driver
 * @returns {Driver}
 */
function webdriverDriver(driver) {
  /** @type {string | undefined} the page under test's window, once `popup` has looked away */
  let opener;
  /** the windows `popup` has found (a session's driver lives for the session) */
  const foundBefore = webdriverFound.get(driver) ?? new Set();
  webdriverFound.set(driver, foundBefore);
  return {
    evaluate: (fn, ...args) => driver.execute(fn, ...args),
    async type(text) {
      // One key action sequence per character: in one sequence for the whole text,
      // WebKitWebDriver drops a character typed twice in a row ("zz", "//") and some spaces.
      for (const character of text) await driver.keys(character);
    },
    setViewport: (width, height) => webdriverViewport(driver, width, height),
    // WebKitGTK takes the media features from GTK's settings when it starts, and WebDriver
    // classic cannot change them.
    emulatesMedia: false,
    async media() {
      throw new Error('WebDriver classic cannot change the media features');
    },
    async popup(urlIncludes, timeout) {
      const end = Date.now() + timeout;
      const page = (opener = await pageWindow(driver));
      // A popup that an earlier test's widget closed can linger in the list for seconds on a busy
      // machine, next to this test's (CI, stop 20): while two match, wait for one to go, for up
      // to half the time; then take one this driver has not found before.
      const alone = Date.now() + timeout / 2;
      const handle = await poll(
        async () => {
          /** @type {string[]} */
          const matches = [];
          for (const candidate of await driver.getWindowHandles()) {
            if (candidate === page) continue;
            try {
              await driver.switchToWindow(candidate);
              if ((await driver.getUrl()).includes(urlIncludes))
                matches.push(candidate);
            } catch {
              // closed meanwhile
            }
          }
          const chosen =
            matches.length === 1 || (matches.length > 1 && Date.now() > alone)
              ? (matches.find((h) => !foundBefore.has(h)) ?? matches[0])
              : undefined;
          await driver.switchToWindow(chosen ?? page);
          return chosen;
        },
        timeout,
        `no window whose URL includes ${quote(urlIncludes)} within ${timeout} ms`
      );
      foundBefore.add(handle);
      // A form filled before the page's script has run would submit natively and reload the
      // page: start only once the document has loaded.
      await poll(
        async () =>
          (await driver.execute(() => document.readyState)) === 'complete',
        end - Date.now(),
        `the popup did not finish loading within ${timeout} ms`
      );
      return webdriverWindow(driver, handle);
    },
    // WebKitWebDriver waits for the current window's navigation to end before most commands
    // (getUrl, execute, clicks), for up to the page-load timeout: 300 s unless set. A popup that is
    // closing, or being sent from about:blank to the login page, can keep such a wait going past
    // the command's time, and the commands queued behind it (`exclusive`) with it (CI, stop 19).
    async limitLoadWaits(ms) {
      await driver.setTimeouts(undefined, Math.max(1, Math.round(ms)));
    },
    async focusPage() {
      await driver.setTimeouts(undefined, PAGE_LOAD_TIMEOUT_MS);
      // later commands act on the current window
      if (opener) await driver.switchToWindow(opener);
    },
    async closeWindows(urlIncludes) {
      const page = (opener ??= await pageWindow(driver));
      const closed = [];
      for (const handle of await driver.getWindowHandles()) {
        if (handle === page) continue;
        try {
          await driver.switchToWindow(handle);
          const url = await driver.getUrl();
          if (!url.includes(urlIncludes)) continue;
          closed.push(url);
          await driver.closeWindow();
        } catch {
          // closed meanwhile
        }
      }
      await driver.switchToWindow(page);
      return closed;
    },
  };
}

/**
 * Sizes the window so that the viewport is as close to width × height as the window allows, and
 * answers the viewport it got: WebKitGTK's MiniBrowser window is at least about 450 CSS pixels
 * wide, so a narrower request gets the narrowest window.
 * @param {WebdriverIO.Browser} driver
 * @param {number} width
 * @param {number} height
 */
async function webdriverViewport(driver, width, height) {
  /** @returns {Promise<[number, number, number, number]>} */
  const measure = async () =>
    /** @type {any} */ (
      await driver.execute(() => [
        innerWidth,
        innerHeight,
        outerWidth,
        outerHeight,
      ])
    );
  let [innerW, innerH, outerW, outerH] = await measure();
  // The window's own parts (header bar, borders) around the viewport are measured, twice: a
  // first resize can change them.
  for (
    let attempt = 0;
    attempt < 2 && (innerW !== width || innerH !== height);
    attempt += 1
  ) {
    await driver.setWindowSize(
      width + (outerW - innerW),
      height + (outerH - innerH)
    );
    // The page learns the window's new size a moment after the window has it.
    const windowSize = await driver.getWindowSize();
    await poll(
      async () => {
        [innerW, innerH, outerW, outerH] = await measure();
        return outerW === windowSize.width && outerH === windowSize.height;
      },
      5000,
      'the page did not see the window size within 5000 ms'
    );
  }
  return {width: innerW, height: innerH};
}

/** CSS for the elements that may have each role natively or by attribute. */
const ROLE_CANDIDATES = {
  button:
    'button, input[type="button"], input[type="submit"], input[type="reset"], input[type="image"], summary, [role="button"]',
  link: 'a[href], area[href], [role="link"]',
  textbox: 'input, textarea, [contenteditable], [role="textbox"]',
  checkbox: 'input[type="checkbox"], [role="checkbox"]',
};

/**
 * The popup by its window handle (the driver is switched to it), found by the elements' computed
 * role and label (the WebDriver "computedrole" and "computedlabel" endpoints).
 * @param {WebdriverIO.Browser} driver
 * @param {string} handle
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
        `no text field labelled ${quote(label)} within ${timeout} ms`
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
        `no ${role} named ${quote(name)} within ${timeout} ms`
      );
      try {
        await driver.elementClick(id);
      } catch (error) {
        // a click that makes the popup close itself (the callback page) may fail mid-flight
        if (!(await closesSoon(isClosed))) throw error;
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
          return notShown(text, timeout, shown);
        }
      );
    },
    async close() {
      if (!(await isClosed())) await driver.closeWindow();
    },
    isClosed,
    async url() {
      return driver.getUrl();
    },
    async focus() {
      await driver.switchToWindow(handle);
    },
  };
}
