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

/**
 * `work`'s answer, unless `signal` was aborted meanwhile: then its abort
 * error. Every call of the flow goes through it, so that an aborted step
 * never comes back, even from a client that answered anyway.
 */
export async function unlessAborted<T>(
  work: Promise<T>,
  signal: AbortSignal
): Promise<T> {
  const value = await work;
  signal.throwIfAborted();
  return value;
}
