/**
 * Server commands `viewport`, `media` and `type` (test/helpers/browser.ts): the viewport size,
 * the media features `prefers-color-scheme` and `prefers-reduced-motion`, and typing text with the
 * keyboard, in each of the three browsers. @web/test-runner-commands' `setViewport` and `emulateMedia` cover Chromium only: in
 * Firefox over WebDriver BiDi its `emulateMedia` needs CDP, and in WebKit (WebDriver classic)
 * neither exists.
 *
 * - Chromium (puppeteer, CDP): Emulation.setDeviceMetricsOverride / setEmulatedMedia.
 * - Firefox (puppeteer, BiDi): the viewport through browsingContext.setViewport; the media
 *   features through the preferences a person's system settings set
 *   (`layout.css.prefers-color-scheme.content-override`, `ui.prefersReducedMotion`), written from
 *   the browser's privileged (chrome) scope, which Firefox opens to BiDi with
 *   `-remote-allow-system-access` (scripts/browsers.js).
 * - WebKit (WebDriver classic): the viewport by sizing the window around it. WebKitGTK's
 *   MiniBrowser window is at least about 450 CSS pixels wide, so a narrower request gets the
 *   narrowest window it allows: the command answers with the viewport it got. The media features
 *   come from GTK's settings when the browser starts and WebDriver classic cannot change them:
 *   `media` answers `{supported: true}` for the features the system has, and `{supported: false}`
 *   for the others. scripts/test-browsers.js starts WebKit in a light system with motion, and
 *   again in a dark one that prefers reduced motion, and says which in WTR_SYSTEM_COLOR_SCHEME
 *   and WTR_SYSTEM_REDUCED_MOTION; the command first checks that the page sees that system.
 *
 * Every command waits until the page sees the change (viewport size, matchMedia) before it
 * answers, so a test can read styles right after it.
 */

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {() => Promise<boolean>} probe
 * @param {string} what
 * @param {number} [timeout]
 */
async function until(probe, what, timeout = 5000) {
  const deadline = Date.now() + timeout;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeout} ms`);
    await delay(20);
  }
}

/**
 * The media queries that hold once the payload applies.
 * @param {{colorScheme?: string, reducedMotion?: string}} payload
 */
function expectedQueries(payload) {
  /** @type {string[]} */
  const queries = [];
  if (payload.colorScheme === 'dark' || payload.colorScheme === 'light') {
    queries.push(`(prefers-color-scheme: ${payload.colorScheme})`);
  }
  if (
    payload.reducedMotion === 'reduce' ||
    payload.reducedMotion === 'no-preference'
  ) {
    queries.push(`(prefers-reduced-motion: ${payload.reducedMotion})`);
  }
  return queries;
}

/**
 * Firefox: sets preferences from the parent process's chrome scope over BiDi.
 * @param {import('puppeteer-core').Page} page
 * @param {{colorScheme?: string, reducedMotion?: string}} payload
 */
async function firefoxMedia(page, payload) {
  const statements = [];
  if (payload.colorScheme != null) {
    // 0 dark, 1 light; anything else: back to following the browser's theme.
    const scheme = {dark: 0, light: 1}[
      /** @type {'dark' | 'light'} */ (payload.colorScheme)
    ];
    statements.push(
      scheme === undefined
        ? `Services.prefs.clearUserPref('layout.css.prefers-color-scheme.content-override');`
        : `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${scheme});`
    );
  }
  if (payload.reducedMotion != null) {
    statements.push(
      `Services.prefs.setIntPref('ui.prefersReducedMotion', ${payload.reducedMotion === 'reduce' ? 1 : 0});`
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
 * WebKit: sizes the window so that the viewport is as close to width × height as the window
 * allows; answers the viewport it got.
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
    await until(async () => {
      [innerW, innerH, outerW, outerH] = await measure();
      return outerW === windowSize.width && outerH === windowSize.height;
    }, 'the page did not see the window size');
  }
  await mediaSeesViewport(driver);
  return {width: innerW, height: innerH};
}

/**
 * Waits until media queries match the viewport's size: WebKit evaluates them again at its next
 * rendering update, a moment after the resize, and styles read before then are the old size's.
 * @param {WebdriverIO.Browser} driver
 */
async function mediaSeesViewport(driver) {
  await until(
    async () =>
      /** @type {boolean} */ (
        await driver.execute(
          () =>
            matchMedia(
              `(width: ${innerWidth}px) and (height: ${innerHeight}px)`
            ).matches
        )
      ),
    'media queries did not see the new viewport'
  );
}

/**
 * WebKit: the media features are the system's, set when the browser started. Checks that the page
 * sees the system it was started in (else the run's settings did not take, and a test would check
 * the wrong thing), then answers whether `payload` asks for that system's features.
 * @param {WebdriverIO.Browser} driver
 * @param {{colorScheme?: string, reducedMotion?: string}} payload
 */
async function webdriverMedia(driver, payload) {
  const system = {
    colorScheme: process.env.WTR_SYSTEM_COLOR_SCHEME || 'light',
    reducedMotion: process.env.WTR_SYSTEM_REDUCED_MOTION || 'no-preference',
  };
  const queries = expectedQueries(system);
  const seen = /** @type {boolean} */ (
    await driver.execute(
      (qs) => qs.every((q) => matchMedia(q).matches),
      queries
    )
  );
  if (!seen)
    throw new Error(
      `media: the page does not see the system it was started in (${queries.join(' and ')})`
    );
  const same = (/** @type {'colorScheme' | 'reducedMotion'} */ key) =>
    payload[key] == null || payload[key] === system[key];
  return {supported: same('colorScheme') && same('reducedMotion')};
}

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function emulationCommandsPlugin() {
  return {
    name: 'emulation-commands',
    async executeCommand({command, payload, session}) {
      if (command !== 'viewport' && command !== 'media' && command !== 'type')
        return undefined;
      const args = /** @type {any} */ (payload ?? {});
      const browser = /** @type {any} */ (session.browser);
      if (command === 'type') {
        const text = String(args.text ?? '');
        if (browser.type === 'puppeteer') {
          await browser.getPage(session.id).keyboard.type(text);
          return true;
        }
        if (browser.type === 'webdriver') {
          // One key action sequence per character: in one sequence for the whole text,
          // WebKitWebDriver drops a character typed twice in a row ("zz", "//") and some spaces.
          for (const character of text) await browser.driver.keys(character);
          return true;
        }
        throw new Error(`type: no driver for ${browser.type} browsers`);
      }
      if (command === 'viewport') {
        const {width, height} = args;
        if (!Number.isInteger(width) || !Number.isInteger(height))
          throw new Error('viewport needs integer width and height');
        if (browser.type === 'puppeteer') {
          /** @type {import('puppeteer-core').Page} */
          const page = browser.getPage(session.id);
          await page.setViewport({width, height});
          await page.waitForFunction(
            (w, h) =>
              innerWidth === w &&
              innerHeight === h &&
              matchMedia(`(width: ${w}px) and (height: ${h}px)`).matches,
            {timeout: 5000},
            width,
            height
          );
          return {width, height};
        }
        if (browser.type === 'webdriver')
          return webdriverViewport(browser.driver, width, height);
        throw new Error(`viewport: no driver for ${browser.type} browsers`);
      }
      // media
      const queries = expectedQueries(args);
      if (browser.type === 'puppeteer') {
        /** @type {import('puppeteer-core').Page} */
        const page = browser.getPage(session.id);
        if (page.browser().protocol === 'webDriverBiDi') {
          await firefoxMedia(page, args);
        } else {
          const features = [];
          if (args.colorScheme != null)
            features.push({
              name: 'prefers-color-scheme',
              value: args.colorScheme,
            });
          if (args.reducedMotion != null)
            features.push({
              name: 'prefers-reduced-motion',
              value: args.reducedMotion,
            });
          await page.emulateMediaFeatures(features);
        }
        await page.waitForFunction(
          (qs) => qs.every((q) => matchMedia(q).matches),
          {timeout: 5000},
          queries
        );
        return {supported: true};
      }
      if (browser.type === 'webdriver')
        return webdriverMedia(browser.driver, args);
      throw new Error(`media: no driver for ${browser.type} browsers`);
    },
  };
}

export default emulationCommandsPlugin;
