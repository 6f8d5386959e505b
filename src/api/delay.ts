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

/** `work`'s answer, or undefined once `ms` have passed without one. */
export function within<T>(
  work: Promise<T>,
  ms: number,
  clock: Clock = realClock
): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = clock.setTimeout(() => resolve(undefined), ms);
    work.then(resolve, reject).finally(() => clock.clearTimeout(timer));
  });
}

/** `work`'s answer, or an AbortError as soon as `signal` aborts (`work` goes on). */
export function orAbort<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, {once: true});
    work
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}
