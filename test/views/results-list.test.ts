// The results list's controller alone: a bare LitElement renders a plain <ul> of rows of known
// heights through it. No widget, no network; it waits only for renders and for the animation
// frames the controller itself asks for.
import {expect, fixture, html, nextFrame} from '@open-wc/testing';
import {LitElement, css} from 'lit';
import {ResultsList} from '../../src/views/results-list.js';

/** The list's height in CSS pixels, and the rows the controller draws beyond each edge of it. */
const VIEW = 200;
const OVERSCAN = 4;

class ListHost extends LitElement {
  static override styles = css`
    ul {
      display: block;
      height: ${VIEW}px;
      overflow-y: auto;
      /* As the widget's list: rows drawn by position are no anchor (human-connect.styles.ts). */
      overflow-anchor: none;
      margin: 0;
      padding: 0;
      list-style: none;
    }
  `;

  count = 0;
  listNumber = 0;
  /** False: the list is not rendered, and the controller is given no rows. */
  shown = true;
  /** The height of row `index`, in CSS pixels. */
  height: (index: number) => number = () => 20;
  ends = 0;
  renders = 0;
  scrolls = 0;

  readonly list = new ResultsList(this, {
    rows: () =>
      this.shown ? {count: this.count, list: this.listNumber} : undefined,
    onEnd: () => this.ends++,
  });

  override render() {
    if (!this.shown) return html``;
    const {first, end} = this.list;
    const indices = Array.from({length: end - first}, (_, i) => first + i);
    return html`<ul ${this.list.listbox} @scroll=${() => this.scrolls++}>
      <li role="presentation"></li>
      ${indices.map(
        (i) =>
          html`<li
            role="option"
            id="option-${i}"
            data-logo=${this.list.showsLogo(i)}
            style="height: ${this.height(i)}px"
          ></li>`
      )}
      <li role="presentation"></li>
    </ul>`;
  }

  protected override updated(): void {
    this.renders++;
  }
}
customElements.define('results-list-host', ListHost);

/** Renders `count` rows of `height(index)` px (20 px by default), and waits until they are drawn. */
async function mount(
  count: number,
  height?: (index: number) => number
): Promise<ListHost> {
  const el = await fixture<ListHost>(
    html`<results-list-host></results-list-host>`
  );
  if (height) el.height = height;
  await show(el, {count});
  return el;
}

/** Gives the host new rows, and waits for their render and for any render that one asks for. */
async function show(
  el: ListHost,
  rows: {count?: number; listNumber?: number; shown?: boolean}
): Promise<void> {
  Object.assign(el, rows);
  el.requestUpdate();
  await settled(el);
}

/** Waits until no render is pending (a render may ask for another). */
async function settled(el: ListHost): Promise<void> {
  while (!(await el.updateComplete));
}

/** Waits for the frames the controller asks for, until one passes with no render and no scroll. */
async function stopped(el: ListHost): Promise<void> {
  for (;;) {
    const {renders, scrolls} = el;
    await nextFrame();
    await settled(el);
    if (el.renders === renders && el.scrolls === scrolls) return;
  }
}

const listOf = (el: ListHost) => el.shadowRoot!.querySelector('ul')!;

/** Sets the list's scroll position and waits for the scroll event it fires. */
async function scrollTo(el: ListHost, top: number): Promise<void> {
  const list = listOf(el);
  const before = list.scrollTop;
  const scrolled = new Promise((resolve) =>
    list.addEventListener('scroll', resolve, {once: true})
  );
  list.scrollTop = top;
  if (list.scrollTop !== before) await scrolled;
}

/** Scrolls the list to `top` and waits until the controller has drawn the rows there. */
async function scrollAndStop(el: ListHost, top: number): Promise<void> {
  await scrollTo(el, top);
  await stopped(el);
}

/** Scrolls the list down to its end in steps of three rows at most (not fast: see `showsLogo`). */
async function scrollThrough(el: ListHost): Promise<void> {
  const list = listOf(el);
  while (list.scrollTop + list.clientHeight < list.scrollHeight - 1)
    await scrollAndStop(el, list.scrollTop + 60);
}

/** The indices of the rows in the DOM. */
const drawn = (el: ListHost) =>
  [...listOf(el).querySelectorAll('[role="option"]')].map((row) =>
    Number(row.id.slice('option-'.length))
  );
const range = (from: number, to: number) =>
  Array.from({length: to - from}, (_, i) => from + i);
const spacers = (el: ListHost) => {
  const list = listOf(el);
  return [list.firstElementChild!, list.lastElementChild!].map((spacer) =>
    parseFloat((spacer as HTMLElement).style.height)
  );
};

/** The tops of rows 0..count (so `tops[count]` is the list's whole height), by plain addition. */
function tops(count: number, height: (index: number) => number): number[] {
  const result = [0];
  for (let i = 0; i < count; i++) result.push(result[i]! + height(i));
  return result;
}

/** The window drawn at scroll position `y` once every row is measured, by a linear walk. */
function windowAt(y: number, top: number[]): [number, number] {
  const count = top.length - 1;
  // The number of rows that end at or above `at`.
  const indexAt = (at: number) => {
    let index = 0;
    while (index < count && top[index + 1]! <= at) index++;
    return index;
  };
  return [
    Math.max(0, indexAt(y) - OVERSCAN),
    Math.min(count, indexAt(y + VIEW) + 1 + OVERSCAN),
  ];
}

/** Whether `row` is wholly inside the list's visible area (a pixel of rounding aside). */
function whollyInView(el: ListHost, row: Element | null): boolean {
  if (!row) return false;
  const box = row.getBoundingClientRect();
  const view = listOf(el).getBoundingClientRect();
  return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
}

function press(
  el: ListHost,
  key: string
): {handled: boolean; prevented: boolean} {
  const event = new KeyboardEvent('keydown', {key, cancelable: true});
  const handled = el.list.onKey(event);
  return {handled, prevented: event.defaultPrevented};
}

describe('ResultsList', () => {
  describe('the window of rows', () => {
    it('draws the rows in view and a few either side, for the scroll position', async () => {
      const el = await mount(100);
      const first = drawn(el);
      expect(first.slice(0, 11), 'the rows in view from the top').to.deep.equal(
        range(0, 11)
      );
      expect(first.length).to.be.below(20);

      await scrollAndStop(el, 1000);
      // Row 50 is at the top of the view, row 60 at its bottom edge.
      expect(drawn(el)).to.deep.equal(range(50 - OVERSCAN, 61 + OVERSCAN));
      expect(spacers(el)).to.deep.equal([46 * 20, (100 - 65) * 20]);
      const row = el.shadowRoot!.getElementById('option-50')!;
      expect(
        row.getBoundingClientRect().top - listOf(el).getBoundingClientRect().top
      ).to.be.closeTo(0, 0.5);
    });

    it('places rows of differing heights, fractions included, by their measured heights', async () => {
      const height = (i: number) => [20, 30.5, 45][i % 3]!;
      // A first page, scrolled through so that every row is measured, then a longer list (the
      // next page: the Fenwick trees grow and keep what they hold).
      const el = await mount(20, height);
      const list = listOf(el);
      const top = tops(60, height);
      await scrollThrough(el);
      await show(el, {count: 60});
      // The rows not drawn yet count as the average of those that were (all those up to `end`).
      const end = drawn(el).at(-1)! + 1;
      expect(list.scrollHeight, 'the longer list').to.be.closeTo(
        top[end]! + ((60 - end) * top[end]!) / end,
        2 // (the spacers are whole pixels, and so is scrollHeight)
      );
      await scrollThrough(el);

      expect(list.scrollHeight).to.be.closeTo(top[60]!, 1);
      for (const y of [0, 333, 777, 1234, top[60]! - VIEW]) {
        await scrollAndStop(el, y);
        const [first, end] = windowAt(list.scrollTop, top);
        expect(drawn(el), `the rows at ${y}`).to.deep.equal(range(first, end));
        expect(spacers(el), `the spacers at ${y}`).to.deep.equal([
          Math.round(top[first]!),
          Math.round(top[60]! - top[end]!),
        ]);
        const listTop = list.getBoundingClientRect().top - list.scrollTop;
        for (const index of drawn(el)) {
          const row = el.shadowRoot!.getElementById(`option-${index}`)!;
          expect(
            row.getBoundingClientRect().top - listTop,
            `the top of row ${index}`
          ).to.be.closeTo(top[index]!, 1);
        }
      }
    });

    it('measures rows in the list’s own pixels when the page scales it down', async () => {
      const el = await fixture<ListHost>(
        html`<results-list-host
          style="display: block; transform: scale(0.5); transform-origin: 0 0"
        ></results-list-host>`
      );
      el.height = () => 30;
      await show(el, {count: 100});
      const {end} = el.list;
      // Rows not drawn count as the average of those measured: 30 px, not the 15 px of their boxes.
      expect(spacers(el)).to.deep.equal([0, (100 - end) * 30]);
      expect(listOf(el).scrollHeight).to.equal(100 * 30);
    });

    it('keeps the window while the list is not shown, and reports nothing then', async () => {
      const el = await mount(100);
      const {first, end} = el.list;
      await show(el, {shown: false, count: 3});
      expect([el.list.first, el.list.end]).to.deep.equal([first, end]);
      await Promise.resolve();
      expect(el.ends).to.equal(0);

      await show(el, {shown: true});
      expect(drawn(el)).to.deep.equal([0, 1, 2]);
      await Promise.resolve();
      expect(el.ends, 'the end of the list shown again').to.equal(1);
    });

    it('withholds logos from rows the list flies past, and gives them once it stops', async () => {
      const el = await mount(200);
      expect(
        [...listOf(el).querySelectorAll('[role="option"]')].every(
          (row) => row.getAttribute('data-logo') === 'true'
        ),
        'an answer draws its rows with their logos'
      ).to.be.true;

      // A jump of 100 rows: the frame the scroll belongs to draws a row each side, without logos.
      await scrollTo(el, 2000);
      await nextFrame();
      await settled(el);
      expect(drawn(el)).to.deep.equal(range(99, 112));
      expect(drawn(el).filter((i) => el.list.showsLogo(i))).to.deep.equal([]);

      // The frame after finds the list stopped: the whole window, every row with its logo.
      await nextFrame();
      await settled(el);
      expect(drawn(el)).to.deep.equal(range(96, 115));
      expect(drawn(el).every((i) => el.list.showsLogo(i))).to.be.true;
    });
  });

  describe('the end of the list', () => {
    it('is reported once per length of a list, after the render that reaches it', async () => {
      const el = await mount(20);
      await Promise.resolve();
      expect(el.ends, 'the end not reached').to.equal(0);

      await scrollAndStop(el, 10_000);
      expect(el.ends, 'reached by scrolling').to.equal(1);
      await scrollAndStop(el, 100);
      await scrollAndStop(el, 10_000);
      await show(el, {});
      expect(el.ends, 'reached again, for the same length').to.equal(1);

      // The next page: the list is longer, and its new end is reported when reached.
      await show(el, {count: 40});
      await Promise.resolve();
      expect(el.ends).to.equal(1);
      await scrollAndStop(el, 10_000);
      expect(el.ends).to.equal(2);

      // A new list that fits in the view reaches its end at once.
      await show(el, {count: 5, listNumber: 1});
      expect(el.ends).to.equal(3);
    });
  });

  describe('the active option', () => {
    it('ArrowDown and ArrowUp start at the first or the last option, and stop at the ends', async () => {
      const el = await mount(5);
      expect(el.list.active).to.equal(-1);
      expect(press(el, 'ArrowUp')).to.deep.equal({
        handled: true,
        prevented: true,
      });
      expect(el.list.active, 'ArrowUp from none').to.equal(4);
      press(el, 'ArrowDown');
      expect(el.list.active, 'clamped at the last').to.equal(4);

      await show(el, {listNumber: 1});
      press(el, 'ArrowDown');
      expect(el.list.active, 'ArrowDown from none').to.equal(0);
      press(el, 'ArrowUp');
      expect(el.list.active, 'clamped at the first').to.equal(0);
      press(el, 'ArrowDown');
      press(el, 'ArrowDown');
      expect(el.list.active).to.equal(2);
    });

    it('Home and End are the field’s own until an option is active', async () => {
      const el = await mount(5);
      for (const key of ['Home', 'End', 'Enter', 'a']) {
        expect(press(el, key), key).to.deep.equal({
          handled: false,
          prevented: false,
        });
      }
      expect(el.list.active).to.equal(-1);

      press(el, 'ArrowDown');
      press(el, 'ArrowDown');
      expect(press(el, 'End')).to.deep.equal({handled: true, prevented: true});
      expect(el.list.active).to.equal(4);
      expect(press(el, 'Home')).to.deep.equal({handled: true, prevented: true});
      expect(el.list.active).to.equal(0);
    });

    it('takes the arrow keys in an empty list, with no option to make active', async () => {
      const el = await mount(0);
      expect(press(el, 'ArrowDown')).to.deep.equal({
        handled: true,
        prevented: true,
      });
      expect(el.list.active).to.equal(-1);
    });

    it('follows the pointer, rendering only for a change', async () => {
      const el = await mount(5);
      el.list.activate(3);
      await settled(el);
      const renders = el.renders;
      expect(el.list.active).to.equal(3);
      el.list.activate(3);
      await settled(el);
      expect(el.renders, 'no render for the same option').to.equal(renders);
    });

    it('brings the option moved to wholly into view, by its measured height', async () => {
      // The rows drawn first are 20 px high, the others 29.6: End scrolls by the estimate (20 px),
      // then, once the rows there are drawn and measured, by their real (fractional) heights.
      const el = await mount(200, (i) => (i < 50 ? 20 : 29.6));
      const list = listOf(el);
      const option = (i: number) =>
        el.shadowRoot!.getElementById(`option-${i}`);
      press(el, 'ArrowDown');
      press(el, 'End');
      await settled(el);
      expect(whollyInView(el, option(199)), 'the last row, at once').to.be.true;
      await stopped(el);
      expect(whollyInView(el, option(199)), 'the last row').to.be.true;
      expect(list.scrollTop + list.clientHeight).to.be.closeTo(
        list.scrollHeight,
        1
      );

      press(el, 'Home');
      await settled(el);
      await stopped(el);
      expect(whollyInView(el, option(0)), 'the first row').to.be.true;
      expect(list.scrollTop).to.equal(0);

      // An option just below the view: just enough scrolling for it to be wholly in view.
      for (let i = 0; i < 12; i++) press(el, 'ArrowDown');
      await settled(el);
      await stopped(el);
      expect(el.list.active).to.equal(12);
      expect(list.scrollTop).to.equal(13 * 20 - VIEW);
      expect(option(12)!.getBoundingClientRect().bottom).to.be.closeTo(
        list.getBoundingClientRect().bottom,
        1
      );
    });

    it('is cleared, and the list back at its top, for a new list or an emptied one', async () => {
      const el = await mount(100);
      press(el, 'ArrowDown');
      press(el, 'ArrowDown');
      await settled(el);
      await scrollAndStop(el, 1000);
      expect(el.list.active).to.equal(1);

      await show(el, {count: 50, listNumber: 1});
      expect(el.list.active, 'a new list').to.equal(-1);
      expect(listOf(el).scrollTop).to.equal(0);
      expect(drawn(el)[0]).to.equal(0);

      press(el, 'ArrowDown');
      await show(el, {count: 0});
      expect(el.list.active, 'a list emptied').to.equal(-1);
    });
  });
});
