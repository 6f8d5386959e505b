// Layout and theming rules of WCAG 2.2 AA that axe does not check: reflow at
// 320 CSS pixels (and so at 200% zoom of 640), target sizes, text on any
// brand colour, and the full-screen sheet on small screens (the system's dark
// theme and reduced motion: system-preferences.test.ts).
import {expect, fixture, html} from '@open-wc/testing';
import {setViewport} from '../helpers/browser.js';
import {contrast} from '../helpers/colour.js';
import {STATES, showState} from '../../demo/gallery/states.js';
import {findByRole} from '../helpers/queries.js';
import {mockService, mountWidget} from '../helpers/widget.js';
import {hostilePage} from '../helpers/hostile-page.js';

describe('layout', () => {
  afterEach(() => setViewport({width: 800, height: 600}));

  for (const state of STATES) {
    it(`${state.title}: reflows at 320px with no sideways scrolling, targets at least 24px`, () =>
      reflowsWithTargets(state));
  }

  describe('on a host page whose styles reach into what they inherit', () => {
    let restore: () => void;
    beforeEach(() => (restore = hostilePage()));
    afterEach(() => restore());

    for (const state of STATES) {
      it(`${state.title}: reflows at 320px, targets at least 24px, and text as on any page`, async () => {
        const el = await reflowsWithTargets(state);
        for (const text of el.shadowRoot!.querySelectorAll<HTMLElement>(
          'h1, h2, p, label, button, [role="option"]'
        )) {
          const style = getComputedStyle(text);
          const what = text.outerHTML.slice(0, 60);
          expect(style.textTransform, what).to.equal('none');
          expect(style.letterSpacing, what).to.equal('normal');
          expect(style.wordSpacing, what).to.equal('0px');
          expect(style.whiteSpace, what).to.not.equal('nowrap');
          expect(style.fontStyle, what).to.equal('normal');
          expect(style.textIndent, what).to.equal('0px');
          // Body text at the person's default size (16px here) or above, never the host's 10px.
          expect(parseFloat(style.fontSize), what).to.be.at.least(12);
        }
        const panel = el.shadowRoot!.querySelector<HTMLElement>('.panel')!;
        expect(getComputedStyle(panel).fontSize).to.equal('16px');
      });
    }
  });

  it('is a full-screen sheet on a small screen, and a centred modal on a large one', async () => {
    // Mounted before the viewport changes, and resized while it is open: WebKitGTK 2.50 gives a
    // shadow root created after a viewport change, when no other one using the same adopted
    // stylesheet was alive through it, the previous viewport's media queries and viewport units
    // (the earlier tests' 800x600 here). A page loaded on a phone does not meet that.
    const {el} = await mountWidget();
    await findByRole(el, 'option', /Kaiser/);
    // A phone's viewport; WebKit's MiniBrowser window cannot be narrower than about 450 CSS
    // pixels, so there it is that (still below the 480px breakpoint): the sheet fills whatever
    // viewport there is.
    const small = await setViewport({width: 375, height: 667});
    expect(small.width, 'a small-screen viewport').to.be.at.most(480);
    await new Promise((r) => requestAnimationFrame(r));
    const dialog = el
      .shadowRoot!.querySelector('dialog')!
      .getBoundingClientRect();
    expect([Math.round(dialog.width), Math.round(dialog.height)]).to.deep.equal(
      [small.width, small.height]
    );
    const wide = await setViewport({width: 1280, height: 800});
    await new Promise((r) => requestAnimationFrame(r));
    const large = el
      .shadowRoot!.querySelector('dialog')!
      .getBoundingClientRect();
    expect(large.width).to.be.below(600);
    expect(Math.abs(large.left + large.width / 2 - wide.width / 2)).to.be.below(
      2
    );
  });
});

describe('theming', () => {
  for (const brand of [
    '#0b57d0',
    '#ffd400',
    '#e0e0e0',
    '#7a0019',
    '#00a86b',
    'hotpink',
    '#000000',
  ]) {
    it(`keeps text on the brand colour ${brand} at AA contrast`, async () => {
      const {el} = await mountWidget();
      el.style.setProperty('--hc-brand', brand);
      const filter = await findByRole(el, 'button', 'All');
      const style = getComputedStyle(filter);
      expect(contrast(style.color, style.backgroundColor)).to.be.at.least(4.5);
    });
  }
});

/** The state at 320px: no sideways scrolling, and every target at least 24px. */
async function reflowsWithTargets(state: (typeof STATES)[number]) {
  const {service, worker, apiBase} = await mockService();
  const container = await fixture<HTMLDivElement>(
    html`<div style="width: 320px"></div>`
  );
  const el = await showState(
    state,
    container,
    {service, worker, apiBase},
    {locale: 'en'}
  );
  await el.updateComplete;
  const panel = el.shadowRoot!.querySelector<HTMLElement>('.panel')!;
  expect(panel.scrollWidth, 'panel overflows sideways').to.be.at.most(
    panel.clientWidth + 1
  );
  const body = el.shadowRoot!.querySelector<HTMLElement>('.body');
  if (body)
    expect(body.scrollWidth, 'body overflows sideways').to.be.at.most(
      body.clientWidth + 1
    );
  for (const target of el.shadowRoot!.querySelectorAll<HTMLElement>(
    'button, input, a.button, [role="option"]'
  )) {
    const box = target.getBoundingClientRect();
    if (!box.width) continue; // not rendered (inert or hidden)
    expect(
      Math.min(box.width, box.height),
      `${target.outerHTML.slice(0, 80)} is too small`
    ).to.be.at.least(24);
  }
  return el;
}
