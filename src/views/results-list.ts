/**
 * The results listbox's behaviour, in one reactive controller: which option
 * is active (the arrow keys, Home and End, the pointer), which rows are in the
 * DOM, and the scrolling that brings an option into view. The search view
 * renders what it says and calls it; `SourceSearch` only holds the data.
 *
 * Windowing: only the options in view (and a few around them) are in the DOM,
 * however many results were loaded, so the DOM stays flat from 20 results to
 * 10,000. Rows may differ in height (a warning badge, a name that wraps): each
 * rendered row is measured and remembered, and rows never seen count as the
 * average of those that were. Hand-made rather than @lit-labs/virtualizer
 * because it costs a tenth of the bytes, and a list of one kind of row in one
 * scroller needs no more.
 *
 * What it costs per frame, as the list scrolls: one render of the host, whose
 * list part updates its rows by position (each row element shows the source at
 * its place in the window; only a logo that changes is a new element), then one read of the
 * rows' heights (a layout the frame needs anyway) after which the two spacers
 * are sized directly, with no render of their own. Offsets are sums in a
 * Fenwick tree, so finding the rows at a scroll position takes O(log n) at
 * 10,000 rows as at 20. While the list scrolls faster than the overscan
 * hides, the window keeps one row each side, and the rows coming in wait for
 * their logos (see `showsLogo`). A new list (another query) renders once: the
 * average height of the rows seen so far stands for its rows until they are
 * measured, and a measurement re-renders only when the window turns out not
 * to cover the view (in the same task, never in the next frame).
 */
import {
  noChange,
  type ReactiveController,
  type ReactiveControllerHost,
} from 'lit';
import {Directive, directive, type ElementPart} from 'lit/directive.js';

/** Rows drawn beyond each edge of the visible area. */
const OVERSCAN = 4;

/** Sets a spacer's height, only when it changed (no style change, no mutation otherwise). */
function size(spacer: Element | null, height: number): void {
  const style = (spacer as HTMLElement).style;
  const value = `${Math.round(height)}px`;
  if (style.height !== value) style.height = value;
}

/**
 * Lit's `ref()` cut down to what the list needs: it hands over the element it is bound to, at each
 * render. Lit's own is an AsyncDirective, whose tracking of connections adds about 700 B (gzip) to
 * the script-tag bundle, beyond its budget; here `isConnected` tells a list no longer shown.
 */
class ElementRef extends Directive {
  render(_set: (element: HTMLElement) => void): unknown {
    return noChange;
  }

  override update(
    part: ElementPart,
    [set]: [(element: HTMLElement) => void]
  ): unknown {
    set(part.element as HTMLElement);
    return noChange;
  }
}
const elementRef = directive(ElementRef);

/** The rows the list shows: how many, and which list they are. */
export interface ResultRows {
  /** How many rows are loaded. */
  count: number;
  /**
   * Which list: a new value is a new list (the first page of another query), not a longer one.
   * (Not named `generation`, the controller's member: that name is shortened in the builds,
   * and a key of an object literal is not; see test/node/mangled-names.test.ts.)
   */
  list: number;
}

export interface ResultsListOptions {
  /**
   * Read before each render of the host, as `@lit/task` reads its `args`: the rows to show, or
   * `undefined` while the list is not shown (the window then stays as it was).
   */
  rows(): ResultRows | undefined;
  /** Called when the window reaches the end of what is loaded, once per length of a list. */
  onEnd(): void;
}

/**
 * The results listbox's controller (see the top of this file). The host gives it its rows; the
 * view binds `listbox` on the `<ul>`, draws the rows from `first` to `end`, marks `active`, and
 * calls `onKey` from the field's keydown and `activate` from a row's pointermove:
 *
 *     new ResultsList(host, {rows: () => ({count, list}), onEnd: () => loadMore()});
 */
export class ResultsList implements ReactiveController {
  /**
   * Binds the `<ul>` of the options to this controller, which measures it after each render and
   * follows its scrolling: `<ul ${list.listbox} …>`. Its first and last children are the spacers
   * that stand for the rows above and below the window.
   */
  readonly listbox = elementRef((element) => (this.rendered = element));
  /** Index of the first row in the DOM. */
  first = 0;
  /** Index after the last row in the DOM. */
  end = 0;
  /**
   * The active option (the keyboard's, or the pointer's), as an index into the rows; -1: none. A
   * new list has none. Change it through `activate` or `onKey`.
   */
  active = -1;

  /**
   * The rows that show their logo: all of the window, except while the list
   * scrolls faster than the overscan hides (more than OVERSCAN rows a frame):
   * then the rows that come into the window wait, with their initials, until
   * the list slows down or stops (the frame after). A logo costs a request and
   * a decode, about as much as the rest of a scrolled frame together, and a
   * row scrolled past in a frame or two does not need one.
   */
  private logoFirst = 0;
  private logoEnd = 0;
  /** The list last rendered, and the one whose scrolling is listened to. */
  private rendered: HTMLElement | undefined;
  private scroller: HTMLElement | undefined;
  /**
   * Fenwick trees (indexed from 1) over the measured rows of this list: their
   * heights (0: not measured) and their number; `size` is a power of two at
   * least the number of rows.
   */
  private sums: number[] = [];
  private counts: number[] = [];
  private size = 1;
  /** The height of a row not measured yet: the average of those that were (across lists). */
  private estimate = 64;
  private count = 0;
  private frame = 0;
  private generation = -1;
  /** The number of rows when the end was last reported (once per length of a list). */
  private reported = 0;
  /** Set for a render that the list's scrolling asked for. */
  private scrolled = false;
  /**
   * The row a keyboard move last brought into view, until it is drawn and measured: it was
   * scrolled to by estimated heights, so it is brought into view again by its real ones (else the
   * last row, after End, may hang a few pixels below the list's edge).
   */
  private revealing = -1;
  /** The first row in view at the last render, and whether the list was scrolled fast to it. */
  private top = 0;
  private fast = false;

  /** (One listener, however often the host reconnects.) */
  private readonly onScroll = () => this.schedule();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ResultsListOptions
  ) {
    host.addController(this);
  }

  /** Before a render: the window of rows for the scroll position. */
  hostUpdate(): void {
    const rows = this.options.rows();
    if (rows) this.update(rows.count, rows.list);
  }

  /** After a render: measures the rows drawn (see `measure`). */
  hostUpdated(): void {
    const scroller = this.rendered;
    // (No longer in the DOM: the view that showed the list was left.)
    if (!scroller?.isConnected) return;
    if (scroller !== this.scroller) {
      this.scroller = scroller;
      scroller.addEventListener('scroll', this.onScroll, {passive: true});
    }
    this.measure(scroller);
  }

  /** Off the page: no frame left to run, and the list is let go. */
  hostDisconnected(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.scroller = undefined;
  }

  /** Whether row `index` shows its logo (see `logoFirst`). */
  showsLogo(index: number): boolean {
    return index >= this.logoFirst && index < this.logoEnd;
  }

  /** Makes row `index` the active option (the pointer moved onto it). */
  activate(index: number): void {
    if (index === this.active) return;
    this.active = index;
    this.host.requestUpdate();
  }

  /**
   * The listbox's keys, pressed in the field that controls it: ArrowDown and ArrowUp move the
   * active option (from none, to the first or the last), Home and End move it to either end while
   * there is one (else they are the field's own), and the option moved to is brought into view.
   * Returns whether the key was one of these: its default action is then prevented.
   */
  onKey(event: KeyboardEvent): boolean {
    const last = this.count - 1;
    const active = this.active;
    let index: number;
    switch (event.key) {
      case 'ArrowDown':
        index = active < 0 ? 0 : active + 1;
        break;
      case 'ArrowUp':
        index = active < 0 ? last : active - 1;
        break;
      case 'Home':
      case 'End':
        if (active < 0) return false;
        index = event.key === 'Home' ? 0 : last;
        break;
      default:
        return false;
    }
    event.preventDefault();
    if (last >= 0) {
      this.activate(Math.min(last, Math.max(0, index)));
      this.reveal(this.active);
    }
    return true;
  }

  /**
   * The rows to render for `count` results, from the scroll position. A new
   * `generation` (the first page of another query) starts again at the top,
   * with no active option.
   */
  private update(count: number, generation: number): void {
    if (generation !== this.generation) {
      this.generation = generation;
      this.active = -1;
      // Heights by index belong to the last list; the average still holds.
      this.reported = 0;
      this.revealing = -1;
      this.fast = false;
      this.sums = [];
      this.counts = [];
      this.size = 1;
      if (this.scroller) this.scroller.scrollTop = 0;
    }
    // (A list emptied, by a reset or a failed first page, has no active option either.)
    if (this.active >= count) this.active = -1;
    this.count = count;
    while (this.size < count) {
      // Doubling a Fenwick tree: the new top node holds the sum of all the old ones.
      this.sums[this.size * 2] = this.sum(this.sums, this.size);
      this.counts[this.size * 2] = this.sum(this.counts, this.size);
      this.size *= 2;
    }
    // Scrolled fast (more rows a frame than the overscan hides): no overscan but a row each side,
    // as it would be scrolled past unseen, and the rows that have their logo keep it, the others wait.
    // (The mode holds for renders the scrolling did not ask for, until the next frame of it.)
    const [top] = this.range(0);
    if (this.scrolled) this.fast = Math.abs(top - this.top) > OVERSCAN;
    const fast = this.fast;
    const [first, end] = this.range(fast ? 1 : OVERSCAN);
    this.logoFirst = fast ? Math.max(first, this.logoFirst) : first;
    this.logoEnd = fast ? Math.min(end, this.logoEnd) : end;
    this.scrolled = false;
    this.top = top;
    this.first = first;
    this.end = end;
    // Reaching the end of what is loaded asks for more, once per length,
    // and after this render rather than in the middle of it.
    if (end >= count && count > this.reported) {
      this.reported = count;
      queueMicrotask(() => this.options.onEnd());
    }
  }

  /**
   * After a render of `scroller`, the list: measures the rows in the DOM and
   * sizes the spacers that stand for the rows above and below them. Renders
   * again, at once, only if the rows drawn no longer cover the view (the
   * overscan aside).
   */
  private measure(scroller: HTMLElement): void {
    // The spacers first, for the rows just rendered: a layout of rows and spacers out of step
    // (rows gone from above, their space not yet given to the spacer) would scroll-anchor the list
    // somewhere else.
    this.pad(scroller);
    let changed = false;
    let index = this.first;
    // Heights in the list's own pixels, as scrollTop counts them, should the host page scale the
    // widget with a CSS transform (the boxes measured below are scaled, offsetHeight is not).
    const box = scroller.getBoundingClientRect().height;
    const scale =
      Math.round(box) === scroller.offsetHeight
        ? 1
        : scroller.offsetHeight / box || 1;
    for (const row of scroller.querySelectorAll<HTMLElement>(
      '[role="option"]'
    )) {
      // The fractional height: offsetHeight rounds, and 20 rows of 59.48 px counted as 59 would
      // put the last row 10 px lower than the list thinks (End would leave it under the edge).
      const height = row.getBoundingClientRect().height * scale;
      const old = this.sum(this.sums, index + 1) - this.sum(this.sums, index);
      // (A hundredth of a pixel is no change: the sums' floating point drifts by less.)
      if (height && Math.abs(height - old) > 0.01) {
        changed = true;
        for (let i = index + 1; i <= this.size; i += i & -i) {
          this.sums[i] = (this.sums[i] ?? 0) + height - old;
          if (!old) this.counts[i] = (this.counts[i] ?? 0) + 1;
        }
      }
      index++;
    }
    if (changed) {
      this.estimate =
        this.sum(this.sums, this.size) / this.sum(this.counts, this.size);
      // (Each such render measures rows not measured before: it ends. Not while the list flies by:
      // the frame after it stops renders the whole window.)
      const [first, end] = this.range(0);
      if (!this.fast && (first < this.first || end > this.end))
        this.host.requestUpdate();
      this.pad(scroller);
    }
    // The row revealed, now drawn and measured: into view by its real height and offset (the
    // spacers above stand for the same estimates that `offsetOf` counts).
    const revealing = this.revealing;
    if (revealing >= this.first && revealing < this.end) {
      this.revealing = -1;
      this.scrollTo(revealing);
    }
  }

  /** Scrolls just enough for row `index` to be in view (keyboard moves through the list). */
  private reveal(index: number): void {
    this.revealing = index;
    this.scrollTo(index);
  }

  private scrollTo(index: number): void {
    const scroller = this.scroller;
    if (!scroller) return;
    const top = this.offsetOf(index);
    const bottom = this.offsetOf(index + 1);
    // The render this move asks for (or else the scroll event) draws the rows there.
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (bottom > scroller.scrollTop + scroller.clientHeight) {
      scroller.scrollTop = bottom - scroller.clientHeight;
    }
  }

  /**
   * At the next frame (the one a scroll event belongs to): a render if the
   * window moved, and the frame after it, one for the logos of the rows that
   * came into it if the list has stopped.
   */
  private schedule(): void {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      const [first, end] = this.range();
      const moved = first !== this.first || end !== this.end;
      if (!moved && this.logoFirst === first && this.logoEnd === end) return;
      // A render for the scrolling: it tells a fast scroll from a stop (no logos withheld then).
      this.scrolled = true;
      if (moved) this.schedule();
      this.host.requestUpdate();
    });
  }

  /** The window for the scroll position: the rows in view, and `overscan` more each side. */
  private range(overscan = OVERSCAN): [number, number] {
    const top = this.scroller?.scrollTop ?? 0;
    const visible = this.scroller?.clientHeight || 480;
    return [
      Math.max(0, this.indexAt(top) - overscan),
      Math.min(this.count, this.indexAt(top + visible) + 1 + overscan),
    ];
  }

  /** Sizes the spacers for the rows in the DOM. */
  private pad(scroller: HTMLElement): void {
    size(scroller.firstElementChild, this.offsetOf(this.first));
    size(
      scroller.lastElementChild,
      this.offsetOf(this.count) - this.offsetOf(this.end)
    );
  }

  /** Sum of the first `n` entries of a Fenwick tree. */
  private sum(tree: number[], n: number): number {
    let total = 0;
    for (; n > 0; n -= n & -n) total += tree[n] ?? 0;
    return total;
  }

  /** The top of row `index`: measured rows above it as measured, the others as the estimate. */
  private offsetOf(index: number): number {
    return (
      this.sum(this.sums, index) +
      (index - this.sum(this.counts, index)) * this.estimate
    );
  }

  /** The row at `y` pixels from the top (the number of rows that end at or above it). */
  private indexAt(y: number): number {
    let index = 0;
    let top = 0;
    for (let step = this.size; step; step >>= 1) {
      const next = index + step;
      if (next > this.count) continue;
      const height =
        (this.sums[next] ?? 0) +
        (step - (this.counts[next] ?? 0)) * this.estimate;
      if (top + height <= y) {
        index = next;
        top += height;
      }
    }
    return index;
  }
}
