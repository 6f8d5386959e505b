/** Waiting helpers for the Node-side scripts and test plugins. */

/** @param {number} ms */
export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What `poll` throws when the time is up: what it waited for has not happened yet. Named as
 * puppeteer's own timeouts are, so that one check (`error.name === 'TimeoutError'`) reads both.
 */
export class PollTimeout extends Error {
  name = 'TimeoutError';
}

/**
 * Calls `probe` until it returns something other than undefined or false, and returns that; after
 * `timeout` ms, throws a `PollTimeout` with `message`. An error thrown by `probe` ends the polling.
 * @template T
 * @param {() => Promise<T | undefined | false>} probe
 * @param {number} timeout
 * @param {string | (() => string | Promise<string>)} message
 * @param {number} [interval]
 * @returns {Promise<T>}
 */
export async function poll(probe, timeout, message, interval = 25) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return /** @type {T} */ (value);
    if (Date.now() > deadline)
      throw new PollTimeout(
        typeof message === 'string' ? message : await message()
      );
    await delay(interval);
  }
}
