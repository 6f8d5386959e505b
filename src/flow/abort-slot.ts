/**
 * One async step at a time: `next()` aborts the step before it and hands out
 * the signal for the new one, so a superseded answer can never land.
 */
export class AbortSlot {
  private controller?: AbortController;

  next(): AbortSignal {
    this.controller?.abort();
    this.controller = new AbortController();
    return this.controller.signal;
  }

  abort(): void {
    this.controller?.abort();
    this.controller = undefined;
  }
}

/** Resolves after `ms`, or rejects with an AbortError when `signal` aborts. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal.addEventListener('abort', onAbort, {once: true});
  });
}

export function abortError(): DOMException {
  return new DOMException('The step was superseded or cancelled', 'AbortError');
}
