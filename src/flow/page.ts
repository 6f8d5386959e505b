/**
 * What a redirect login (issue 16) needs of the page the widget is in: its address, its tab's
 * storage, leaving for the login page, the wall clock (a login outlives the page, and
 * `performance.now()` starts again with the next one), and what the browser can do. The flow reads
 * the page only through this, so that its controller tests hand in a page of their own; nothing
 * here is touched before it is called, so importing it touches no `window`.
 */
import type {LoginEnvironment} from './login-mode.js';
import {forgetFragment} from './return-fragment.js';
import type {BridgeMessage} from './native-bridge.js';
import type {NoteStorage} from './redirect-login.js';

export interface Page {
  /** `location.href`. */
  href(): string;
  /** Takes the fragment off the address, without a load or a new history entry. */
  forgetFragment(): void;
  /** This tab's `sessionStorage`, or undefined where the browser refuses it. */
  storage(): NoteStorage | undefined;
  /** Sends this tab to `url` (the login page). */
  leave(url: string): void;
  /** Milliseconds since the epoch. */
  now(): number;
  /** What the browser can do for a login (default: what this one says, login-mode.ts). */
  environment?(): LoginEnvironment;
  /**
   * Posts to the native side of the webview the page is in (src/flow/native-bridge.ts, loaded
   * when asked); false in a browser.
   */
  postNative(message: BridgeMessage): Promise<boolean>;
}

export const browserPage: Page = {
  href: () => location.href,
  forgetFragment,
  storage() {
    try {
      // Reading the property throws where storage is blocked (some privacy settings, sandboxed
      // frames); a probe write throws where it is full or read-only.
      const storage = sessionStorage;
      storage.setItem('human-connect:probe', '1');
      storage.removeItem('human-connect:probe');
      return storage;
    } catch {
      return undefined;
    }
  },
  leave: (url) => location.assign(url),
  now: () => Date.now(),
  async postNative(message) {
    const post = (await import('./native-bridge.js')).nativeBridge(window);
    post?.(message);
    return !!post;
  },
};
