// Each row's lines start at one edge, next to the logo: the right in Arabic, the left in English,
// whatever the script of each line's text. A Latin source name in an Arabic row once sat at the
// far left of its row while its category and place sat at the right: `dir="auto"` on the name's
// block made the whole line left to right, alignment and all. Now each line keeps the row's
// direction and only the text inside it is isolated (`<bdi>`). The screenshots in right to left
// (test/visual/) show the same rows; this measures them in every engine.
import {expect, fixture, html} from '@open-wc/testing';
import {STATES, showState} from '../../demo/gallery/states.js';
import {mockService} from '../helpers/widget.js';

/** Where the text of an element is drawn, left and right: its box spans the whole line. */
function textEdges(element: Element): {left: number; right: number} {
  const range = document.createRange();
  range.selectNodeContents(element);
  const rects = [...range.getClientRects()].filter((r) => r.width > 0);
  return {
    left: Math.min(...rects.map((r) => r.left)),
    right: Math.max(...rects.map((r) => r.right)),
  };
}

const DIRECTIONS = [
  {locale: 'ar', start: 'right'},
  {locale: 'en', start: 'left'},
] as const;

/**
 * Rows of each view whose lines of text hold the service's words (Latin names, scopes) beside the
 * widget's own (a category, a date): the lines' text, not their boxes, which span the row.
 */
const ROWS = [
  {
    state: 'search-results',
    row: '[role="option"]',
    lines: '.option-name, .option-meta',
  },
  {
    state: 'connections',
    row: '.connection',
    lines: '.option-name, .option-meta',
  },
  {
    state: 'consent',
    row: '.scopes li',
    lines: '.scope-label, .scope-description',
  },
];

describe('each line of a row starts at the same edge', () => {
  for (const {locale, start} of DIRECTIONS) {
    for (const {state: id, row, lines} of ROWS) {
      it(`${id} in ${locale}: every line starts at the ${start}`, async () => {
        const ctx = await mockService();
        const container = await fixture<HTMLDivElement>(
          html`<div style="width: 420px"></div>`
        );
        const state = STATES.find((s) => s.id === id)!;
        const el = await showState(state, container, ctx, {locale});
        await el.updateComplete;
        const rows = el.shadowRoot!.querySelectorAll(row);
        expect(rows.length, `rows of ${id}`).to.be.above(0);
        for (const each of rows) {
          const edges = [...each.querySelectorAll(lines)].map(
            (line) => textEdges(line)[start]
          );
          expect(edges.length, 'lines in a row').to.be.above(1);
          for (const edge of edges) {
            expect(
              edge,
              each.textContent!.replace(/\s+/g, ' ').trim()
            ).to.be.closeTo(edges[0], 1);
          }
        }
      });
    }
  }
});
