/**
 * Waiting for what the person should see. Long by default: a busy machine
 * (CI beside a build) is slow, and a wait that gives up early fails the test
 * rather than making it faster. A wait that ends as soon as its condition
 * holds costs nothing on a quiet machine.
 */
import {waitUntil as openWcWaitUntil} from '@open-wc/testing';

/** What every wait allows by default (the browsers' per-test limit is 10 or 20 s). */
export const WAIT_MS = 8000;

/** `waitUntil` of @open-wc/testing, with `WAIT_MS` and a short poll by default. */
export function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string,
  options: {interval?: number; timeout?: number} = {}
): Promise<void> {
  return openWcWaitUntil(predicate, message, {
    interval: 20,
    timeout: WAIT_MS,
    ...options,
  });
}

/**
 * Waits until `count()` has stayed the same for `quietMs`, and returns it.
 * For "nothing more happens" checks: a request sent just before the moment
 * under test can still reach the mock service a while later on a busy machine,
 * so the count is read only once it settles; if it never settles (the thing
 * that should have stopped goes on), the wait fails after `WAIT_MS`.
 */
export async function settledCount(
  count: () => number,
  quietMs: number,
  message: string
): Promise<number> {
  let last = count();
  let since = performance.now();
  await waitUntil(() => {
    const now = count();
    if (now !== last) [last, since] = [now, performance.now()];
    return performance.now() - since >= quietMs;
  }, message);
  return last;
}
