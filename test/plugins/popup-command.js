/**
 * Server command `popup`: drives a window that the page under test opened with `window.open` (the
 * login popup) the way a person would, by accessible name and role, with the browser's trusted
 * input (test/plugins/driver.js). The tests run in the opener page and cannot do that from there.
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
 *   timeoutMs?: number                 // per wait; default 8000 (a busy machine is slow)
 * }
 * result: {ok: true, closed: boolean, url: string} | {ok: false, error: string, closed?: boolean}
 */
import {driverFor, poll} from './driver.js';

/**
 * @param {import('./driver.js').PopupWindow} popup
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
  if (step && typeof step === 'object' && 'waitForClose' in step) {
    await poll(
      () => popup.isClosed(),
      timeout,
      `popup did not close within ${timeout} ms`
    );
    return;
  }
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

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function popupCommandPlugin() {
  return {
    name: 'popup-command',
    async executeCommand({command, payload, session}) {
      if (command !== 'popup') return undefined;
      const {
        urlIncludes,
        steps = [],
        timeoutMs = 8000,
      } = /** @type {any} */ (payload ?? {});
      if (typeof urlIncludes !== 'string' || urlIncludes === '') {
        return {
          ok: false,
          error: 'payload.urlIncludes must be a non-empty string',
        };
      }
      /** @type {import('./driver.js').Driver | undefined} */
      let driver;
      /** @type {import('./driver.js').PopupWindow | undefined} */
      let popup;
      try {
        driver = driverFor(session);
        popup = await driver.popup(urlIncludes, timeoutMs);
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
          closed: await popup?.isClosed().catch(() => undefined),
        };
      } finally {
        // Back to the page running the tests: it gets the focus, and later commands act on it.
        await driver?.focusPage().catch(() => {});
      }
    },
  };
}

export default popupCommandPlugin;
