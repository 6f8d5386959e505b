/**
 * Server command `forced-colors` (test/visual/forced-colors.test.ts): puts the page in forced
 * colours, as Windows High Contrast does, or takes it out again. Chromium only: puppeteer's
 * `emulateMediaFeatures` refuses `forced-colors`, and @web/test-runner-commands' `emulateMedia`
 * passes `forcedColors` to Playwright only, so this sends CDP's Emulation.setEmulatedMedia itself.
 * Chromium then applies forced colours for real (system colours replace the author's), not only
 * the media query. Payload `{active: boolean}`; answers once `matchMedia` agrees.
 */

/** Per test session: the CDP session holding the override (detaching it would drop it). */
const sessions = new Map();

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function forcedColorsCommandPlugin() {
  return {
    name: 'forced-colors-command',
    async executeCommand({command, payload, session}) {
      if (command !== 'forced-colors') return undefined;
      const active = Boolean(/** @type {any} */ (payload)?.active);
      const browser = /** @type {any} */ (session.browser);
      /** @type {import('puppeteer-core').Page | undefined} */
      const page =
        browser.type === 'puppeteer' ? browser.getPage(session.id) : undefined;
      if (!page || page.browser().protocol !== 'cdp')
        throw new Error('forced-colors: Chromium (CDP) only');
      let cdp = sessions.get(session.id);
      if (!cdp) {
        cdp = await page.createCDPSession();
        sessions.set(session.id, cdp);
      }
      await cdp.send('Emulation.setEmulatedMedia', {
        features: [{name: 'forced-colors', value: active ? 'active' : 'none'}],
      });
      await page.waitForFunction(
        (q) => matchMedia(q).matches,
        {timeout: 5000},
        `(forced-colors: ${active ? 'active' : 'none'})`
      );
      if (!active) {
        sessions.delete(session.id);
        await cdp.detach();
      }
      return true;
    },
  };
}

export default forcedColorsCommandPlugin;
