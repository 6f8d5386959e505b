/**
 * Waiting that a cancelled step can cut short: the retries of the API client
 * and the polling of the flow share it.
 */
import {realClock, type Clock} from './clock.js';

/** Resolves after `ms`, or rejects with an AbortError when `signal` aborts. */
export function delay(
  ms: number,
  signal: AbortSignal,
  clock: Clock = realClock
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(abortError());
    };
    signal.addEventListener('abort', onAbort, {once: true});
  });
}

export function abortError(): DOMException {
  return new DOMException('The step was superseded or cancelled', 'AbortError');
}
