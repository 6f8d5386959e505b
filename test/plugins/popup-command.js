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
 *   goOn?: boolean                     // act in the popup the last command found, not a new one
 *   closeAll?: boolean                 // close every window whose URL contains urlIncludes (the
 *                                      // page under test aside); `url` answers theirs
 * }
 *
 * A test drives the popup one step per command (test/helpers/popup.ts), and `goOn` spares
 * looking for the window again.
 * result: {ok: true, closed: boolean, url: string}
 *   | {ok: false, error: string, timedOut: boolean, closed?: boolean}
 *
 * A command ends within COMMAND_LIMIT_MS (test/plugins/driver.js), each wait within what is left
 * of it, and runs only after the browser's earlier commands have ended (`exclusive`).
 */
import {COMMAND_LIMIT_MS, driverFor, exclusive, poll} from './driver.js';

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

/**
 * How long the page waits for an answer: the browser side gives up on a command after a fixed
 * 20 s and fails the test with a message that says nothing of the command.
 */
const ANSWER_LIMIT_MS = 18_000;

/**
 * The command's answer, or, when it has none within ANSWER_LIMIT_MS (a WebDriver request that
 * waits long on a busy machine, or the commands queued before it), a failure that says so. The
 * command goes on; the next one waits for it (`exclusive`). A command that only looks or waits may
 * be asked again (`timedOut`); one that clicks, types or closes may have done so, and is not.
 * @param {Promise<object>} answer
 * @param {any} payload
 */
function inTime(answer, payload) {
  const steps = Array.isArray(payload?.steps) ? payload.steps : [];
  const onlyLooks = steps.every(
    (/** @type {any} */ step) =>
      step &&
      typeof step === 'object' &&
      !('fill' in step || 'click' in step || 'close' in step)
  );
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          error: `the popup command had not ended after ${ANSWER_LIMIT_MS} ms`,
          timedOut: onlyLooks,
        }),
      ANSWER_LIMIT_MS
    );
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function popupCommandPlugin() {
  /**
   * The popup each session's last command found, for the next one with `goOn`.
   * @type {Map<string, {urlIncludes: string, driver: import('./driver.js').Driver, popup: import('./driver.js').PopupWindow}>}
   */
  const found = new Map();
  return {
    name: 'popup-command',
    executeCommand({command, payload, session}) {
      if (command !== 'popup') return undefined;
      return inTime(
        exclusive(session, () => popupCommand(payload, session)),
        payload
      );
    },
  };

  /**
   * @param {unknown} payload
   * @param {any} session
   */
  async function popupCommand(payload, session) {
    const {
      urlIncludes,
      steps = [],
      timeoutMs = 8000,
      goOn = false,
      closeAll = false,
    } = /** @type {any} */ (payload ?? {});
    if (typeof urlIncludes !== 'string' || urlIncludes === '') {
      return {
        ok: false,
        error: 'payload.urlIncludes must be a non-empty string',
      };
    }
    if (closeAll) {
      found.delete(session.id);
      const closed = await driverFor(session)
        .closeWindows(urlIncludes)
        .catch((error) => [`failed: ${error}`]);
      return {ok: true, closed: true, url: closed.join(' ')};
    }
    // Every wait within what is left of the command's time (COMMAND_LIMIT_MS).
    const end = Date.now() + COMMAND_LIMIT_MS;
    const left = () => Math.min(timeoutMs, end - Date.now());
    /** @type {import('./driver.js').Driver | undefined} */
    let driver;
    /** @type {import('./driver.js').PopupWindow | undefined} */
    let popup;
    try {
      const last = goOn ? found.get(session.id) : undefined;
      if (goOn && last?.urlIncludes !== urlIncludes)
        throw new Error(`no popup found before to go on in (${urlIncludes})`);
      driver = last?.driver ?? driverFor(session);
      // A wait for a page to load inside a single request ends within the command's time too
      // (the second left for `focusPage`).
      await driver.limitLoadWaits(Math.max(1000, left() - 1000));
      if (last) {
        popup = last.popup;
        // (one that closes meanwhile fails the step below, or ends the wait for its closing)
        if (!(await popup.isClosed())) await popup.focus().catch(() => {});
      } else {
        found.delete(session.id);
        popup = await driver.popup(urlIncludes, left());
        found.set(session.id, {urlIncludes, driver, popup});
      }
      for (const step of steps) {
        if (!endsWindow(step) && (await popup.isClosed()))
          throw new Error(`popup closed before step ${JSON.stringify(step)}`);
        await runStep(popup, step, left());
      }
      // A last click may close the popup while it is asked for its URL.
      const url = (await popup.isClosed())
        ? null
        : await popup.url().catch(() => null);
      return {ok: true, closed: url === null, url: url ?? ''};
    } catch (error) {
      return {
        ok: false,
        error: error instanceof Error ? error.message : String(error),
        // Ran out of time waiting: the step has done nothing yet, and may be asked again.
        timedOut: error instanceof Error && error.name === 'TimeoutError',
        closed: await popup?.isClosed().catch(() => undefined),
      };
    } finally {
      // Back to the page running the tests: it gets the focus, and later commands act on it.
      await driver?.focusPage().catch(() => {});
    }
  }
}

export default popupCommandPlugin;
