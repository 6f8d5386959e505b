import {executeServerCommand} from '@web/test-runner-commands';

/** One action in the popup window, run in order by the server-side `popup` command. */
export type PopupStep =
  /** Click the text field with this accessible name (its label), then type the value. */
  | {fill: {label: string; value: string}}
  /** Click the element with this accessible name and role (default role: `button`). */
  | {click: {name: string; role?: string}}
  /** Wait until the popup's `document.body.innerText` contains this text. */
  | {waitForText: string}
  /** Wait until the popup closes itself (for example after posting its message). */
  | {waitForClose: true}
  /** Close the popup window, as a user would. */
  | {close: true};

export interface PopupPayload {
  /** The popup is the first page whose URL contains this string. */
  urlIncludes: string;
  steps: PopupStep[];
  /** Timeout for finding the popup and for each wait, in ms (default 8000, as the tests' other waits). */
  timeoutMs?: number;
}

/**
 * Closes every window but the page under test whose URL contains `urlIncludes` (a login window an
 * earlier test or file left open), so that a test's popup is the only one; answers their URLs.
 */
export async function closeStrayWindows(urlIncludes: string): Promise<string> {
  const result = await popupCommand({urlIncludes, steps: [], closeAll: true});
  return result.ok ? result.url : result.error;
}

export type PopupResult =
  | {ok: true; closed: boolean; url: string}
  | {ok: false; error: string; timedOut?: boolean; closed?: boolean};

/**
 * Drives a window that the page under test opened with `window.open` (the login popup), from the
 * test runner's server through the browser's driver (test/plugins/popup-command.js): puppeteer in
 * Chromium and Firefox, WebDriver window handles in WebKit. Never rejects for a failed step: check
 * `result.ok` (and `result.error`).
 */
export async function drivePopup(payload: PopupPayload): Promise<PopupResult> {
  // Finding the window, then each step, in a command of its own: the browser side gives up on a
  // command after a fixed 20 s, and a popup driven through WebDriver on a busy machine can take
  // that long for a whole login.
  let result = await patiently({...payload, steps: []});
  for (const step of payload.steps) {
    if (!result.ok) break;
    result = await patiently({...payload, steps: [step], goOn: true});
  }
  return result;
}

/** A command that ran out of time has done nothing yet: on a busy machine, one more wait. */
async function patiently(
  payload: PopupPayload & {goOn?: boolean}
): Promise<PopupResult> {
  const result = await popupCommand(payload);
  return !result.ok && result.timedOut ? popupCommand(payload) : result;
}

async function popupCommand(
  payload: PopupPayload & {goOn?: boolean; closeAll?: boolean}
): Promise<PopupResult> {
  const result = await executeServerCommand<PopupResult, PopupPayload>(
    'popup',
    payload
  );
  return (
    result ?? {
      ok: false,
      error: 'the popup command is not registered or returned nothing',
    }
  );
}

/**
 * The windows the page opens from now on (the widget's login popup), as the page sees them: a
 * window's `closed` is the browser's own word that it is closed. The driver's list of windows can
 * keep a closed one for many seconds (WebKit, on a quiet machine too), so a test that asks whether
 * the widget closed its popup asks the page. `restore()` puts `window.open` back.
 */
export function openedWindows(): {windows: Window[]; restore(): void} {
  const open = window.open;
  const windows: Window[] = [];
  window.open = function (this: Window, ...args: Parameters<Window['open']>) {
    const opened = open.apply(this, args);
    if (opened) windows.push(opened);
    return opened;
  } as Window['open'];
  return {windows, restore: () => void (window.open = open)};
}
