/**
 * Windowing for the results list: only the options in view (and a few
 * around them) are in the DOM, however many results were loaded, so the
 * DOM stays flat from 20 results to 10,000. Rows may differ in height (a
 * warning badge, a name that wraps): each rendered row is measured and
 * remembered, and rows never seen count as the average of those that were.
 * Hand-made rather than @lit-labs/virtualizer because it costs a tenth of
 * the bytes, and a list of one kind of row in one scroller needs no more.
 */
import type {ReactiveController, ReactiveControllerHost} from 'lit';

/** Rows drawn beyond each edge of the visible area. */
const OVERSCAN = 4;
/** The height assumed for a row before any is measured. */
const FIRST_ESTIMATE = 64;

export class VirtualWindow implements ReactiveController {
  /** Index of the first row in the DOM. */
  first = 0;
  /** Index after the last row in the DOM. */
  end = 0;
  /** Space standing in for the rows above and below the window. */
  padTop = 0;
  padBottom = 0;

  private scroller: HTMLElement | undefined;
  private readonly heights = new Map<number, number>();
  private count = 0;
  private frame = 0;
  private generation = -1;
  private endReported = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Called when the window reaches the end of what is loaded. */
    private readonly onEnd: () => void
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.frame);
    this.scroller = undefined;
  }

  /**
   * The rows to render for `count` results, from the scroll position. A new
   * `generation` (the first page of another query) starts again at the top.
   */
  update(count: number, generation: number): void {
    if (generation !== this.generation) {
      this.generation = generation;
      this.heights.clear();
      if (this.scroller) this.scroller.scrollTop = 0;
    }
    if (count !== this.count) this.endReported = false;
    this.count = count;
    const top = this.scroller?.scrollTop ?? 0;
    const visible = this.scroller?.clientHeight || 480;
    const estimate = this.estimate();
    let offset = 0;
    let first = 0;
    while (first < count && offset + this.height(first, estimate) < top) {
      offset += this.height(first, estimate);
      first++;
    }
    first = Math.max(0, first - OVERSCAN);
    let end = first;
    let bottom = this.offsetOf(first, estimate);
    while (end < count && bottom < top + visible) bottom += this.height(end++, estimate);
    end = Math.min(count, end + OVERSCAN);
    this.first = first;
    this.end = end;
    this.padTop = this.offsetOf(first, estimate);
    this.padBottom = Math.max(0, this.offsetOf(count, estimate) - this.offsetOf(end, estimate));
    // Reaching the end of what is loaded asks for more, once per length,
    // and after this render rather than in the middle of it.
    if (end >= count && count > 0 && !this.endReported) {
      this.endReported = true;
      queueMicrotask(this.onEnd);
    }
  }

  /** Listens to the list's scrolling and measures its rendered rows. */
  attach(scroller: HTMLElement | undefined): void {
    if (!scroller || scroller === this.scroller) return;
    this.scroller = scroller;
    scroller.addEventListener('scroll', () => this.schedule(), {passive: true});
  }

  /** After a render: measures the rows in the DOM; a changed height redraws the window. */
  measure(): void {
    const rows = this.scroller?.querySelectorAll<HTMLElement>('[data-index]') ?? [];
    let changed = false;
    for (const row of rows) {
      const index = Number(row.dataset.index);
      const height = row.offsetHeight;
      if (height && this.heights.get(index) !== height) {
        this.heights.set(index, height);
        changed = true;
      }
    }
    if (changed) this.schedule();
  }

  /** Scrolls just enough for row `index` to be in view (keyboard moves through the list). */
  reveal(index: number): void {
    const scroller = this.scroller;
    if (!scroller) return;
    const estimate = this.estimate();
    const top = this.offsetOf(index, estimate);
    const bottom = top + this.height(index, estimate);
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (bottom > scroller.scrollTop + scroller.clientHeight) {
      scroller.scrollTop = bottom - scroller.clientHeight;
    }
    this.schedule();
  }

  private schedule(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => {
      const before = [this.first, this.end, this.padTop, this.padBottom].join();
      this.update(this.count, this.generation);
      if ([this.first, this.end, this.padTop, this.padBottom].join() !== before) {
        this.host.requestUpdate();
      }
    });
  }

  private estimate(): number {
    if (!this.heights.size) return FIRST_ESTIMATE;
    let sum = 0;
    for (const h of this.heights.values()) sum += h;
    return sum / this.heights.size;
  }

  private height(index: number, estimate: number): number {
    return this.heights.get(index) ?? estimate;
  }

  private offsetOf(index: number, estimate: number): number {
    let offset = 0;
    for (let i = 0; i < index; i++) offset += this.height(i, estimate);
    return offset;
  }
}
