/**
 * Simulates a browser popup blocker, which headless test browsers cannot
 * trigger for real: while on, `win.open` returns `null` (what a blocked
 * `window.open` gives). Turning it off restores the original `open`.
 */

const originals = new WeakMap<Window, Window['open']>();

/** Turn the simulated popup blocker on or off for `win`. Idempotent. */
export function applyPopupBlocker(win: Window, on: boolean): void {
  if (on) {
    if (originals.has(win)) return;
    originals.set(win, win.open);
    win.open = function blockedOpen(): null {
      return null;
    } as Window['open'];
  } else {
    const original = originals.get(win);
    if (!original) return;
    win.open = original;
    originals.delete(win);
  }
}
