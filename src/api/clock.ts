/**
 * Time as the widget reads it: `globalThis` itself in production (its
 * `setTimeout`, `clearTimeout` and the monotonic `performance.now()`), and a
 * clock the test moves by hand in the controllers' tests, so that a
 * debounce, a backoff or a poll is proved without waiting for it.
 */
export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  performance: {now(): number};
}

/** The real time: no wrapper to ship, the platform already has this shape. */
export const realClock = globalThis as unknown as Clock;
