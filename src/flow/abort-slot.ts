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
