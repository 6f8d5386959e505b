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

export type PopupResult =
  | {ok: true; closed: boolean; url: string}
  | {ok: false; error: string; closed?: boolean};

/**
 * Drives a window that the page under test opened with `window.open` (the login popup), from the
 * test runner's server through the browser's driver (test/plugins/popup-command.js): puppeteer in
 * Chromium and Firefox, WebDriver window handles in WebKit. Never rejects for a failed step: check
 * `result.ok` (and `result.error`).
 */
export async function drivePopup(payload: PopupPayload): Promise<PopupResult> {
  // One command per step: the browser side gives up on a command after a fixed 20 s, and a
  // popup driven through WebDriver on a busy machine can take that long for a whole login.
  const [first, ...rest] = payload.steps;
  let result = await popupCommand({
    ...payload,
    steps: first ? [first] : [],
  });
  for (const step of rest) {
    if (!result.ok) break;
    result = await popupCommand({...payload, steps: [step], goOn: true});
  }
  return result;
}

async function popupCommand(
  payload: PopupPayload & {goOn?: boolean}
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
 * Whether no open window's URL contains `urlIncludes` within `timeoutMs`: none is found, or the
 * one found is closed by the time the command looks at it (a window closing may linger for a
 * moment in the driver's list).
 */
export async function popupIsGone(
  urlIncludes: string,
  timeoutMs: number
): Promise<boolean> {
  const result = await drivePopup({urlIncludes, steps: [], timeoutMs});
  return !result.ok || result.closed;
}
