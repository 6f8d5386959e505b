/**
 * Server commands `viewport`, `media` and `type` (test/helpers/browser.ts), in each of the three
 * browsers: the viewport's size, the media features `prefers-color-scheme` and
 * `prefers-reduced-motion`, and typing with the keyboard. @web/test-runner-commands' `setViewport`
 * and `emulateMedia` cover Chromium only: in Firefox its `emulateMedia` needs CDP, and WebDriver
 * classic (WebKit) has neither. The browsers' ways differ in test/plugins/driver.js.
 *
 * Every command waits until the page sees the change (viewport size, matchMedia) before it
 * answers, so a test can read styles right after it.
 */
import {driverFor, exclusive, poll} from './driver.js';

/** @typedef {import('./driver.js').MediaFeatures} MediaFeatures */

/**
 * The media queries that hold once the features apply.
 * @param {MediaFeatures} features
 */
function expectedQueries(features) {
  /** @type {string[]} */
  const queries = [];
  if (features.colorScheme === 'dark' || features.colorScheme === 'light') {
    queries.push(`(prefers-color-scheme: ${features.colorScheme})`);
  }
  if (
    features.reducedMotion === 'reduce' ||
    features.reducedMotion === 'no-preference'
  ) {
    queries.push(`(prefers-reduced-motion: ${features.reducedMotion})`);
  }
  return queries;
}

/** @param {string[]} queries */
const allMatch = (queries) => queries.every((q) => matchMedia(q).matches);

/**
 * @param {object} [options]
 * @param {MediaFeatures} [options.system] the media features of the system the browser was started
 *   in, for a browser that cannot change them (WebKit: scripts/test-browsers.js starts it in a
 *   light or a dark system, as scripts/test-plan.js says). `media` answers `{supported: true}` for
 *   these and `{supported: false}` for the others, once it has checked that the page sees them.
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
export function browserCommandsPlugin({
  system = {colorScheme: 'light', reducedMotion: 'no-preference'},
} = {}) {
  return {
    name: 'browser-commands',
    executeCommand({command, payload, session}) {
      if (command !== 'viewport' && command !== 'media' && command !== 'type')
        return undefined;
      return exclusive(session, () => run(command, payload, session));
    },
  };

  /**
   * @param {'viewport' | 'media' | 'type'} command
   * @param {unknown} payload
   * @param {any} session
   */
  async function run(command, payload, session) {
    const args = /** @type {any} */ (payload ?? {});
    const driver = driverFor(session);
    if (command === 'type') {
      await driver.type(String(args.text ?? ''));
      return true;
    }
    if (command === 'viewport') {
      const {width, height} = args;
      if (!Number.isInteger(width) || !Number.isInteger(height))
        throw new Error('viewport needs integer width and height');
      const got = await driver.setViewport(width, height);
      // Media queries follow the new size at the next rendering update (in WebKit a moment
      // after the resize), and styles read before then are the old size's.
      await poll(
        () =>
          driver.evaluate(
            (w, h) =>
              innerWidth === w &&
              innerHeight === h &&
              matchMedia(`(width: ${w}px) and (height: ${h}px)`).matches,
            got.width,
            got.height
          ),
        5000,
        `the page did not see a ${got.width}×${got.height} viewport within 5000 ms`
      );
      return got;
    }
    // media
    if (!driver.emulatesMedia) {
      // Else the run's system settings did not take, and a test would check the wrong thing.
      const queries = expectedQueries(system);
      if (!(await driver.evaluate(allMatch, queries)))
        throw new Error(
          `media: the page does not see the system it was started in (${queries.join(' and ')})`
        );
      const same = (/** @type {keyof MediaFeatures} */ key) =>
        args[key] == null || args[key] === system[key];
      return {supported: same('colorScheme') && same('reducedMotion')};
    }
    await driver.media(args);
    const queries = expectedQueries(args);
    await poll(
      () => driver.evaluate(allMatch, queries),
      5000,
      `the page did not see ${queries.join(' and ')} within 5000 ms`
    );
    return {supported: true};
  }
}

export default browserCommandsPlugin;
