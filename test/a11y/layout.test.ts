// Layout and theming rules of WCAG 2.2 AA that axe does not check: reflow at
// 320 CSS pixels (and so at 200% zoom of 640), target sizes, text on any
// brand colour, reduced motion, and the full-screen sheet on small screens.
import {expect, fixture, html} from '@open-wc/testing';
import {canEmulateMedia, emulateMedia, setViewport} from '../helpers/browser.js';
import {STATES, showState} from '../../demo/gallery/states.js';
import {findByRole} from '../helpers/queries.js';
import {mockService, mountWidget} from '../helpers/widget.js';

/** Any CSS colour as [r, g, b], through a canvas (which understands every syntax the browser does). */
function rgb(color: string): [number, number, number] {
  const ctx = document.createElement('canvas').getContext('2d', {willReadFrequently: true})!;
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}

function contrast(a: string, b: string): number {
  const lum = (c: [number, number, number]) => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [l1, l2] = [lum(rgb(a)), lum(rgb(b))].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

describe('layout', () => {
  afterEach(() => setViewport({width: 800, height: 600}));

  for (const state of STATES) {
    it(`${state.title}: reflows at 320px with no sideways scrolling, targets at least 24px`, async () => {
      const {service, worker, apiBase} = await mockService();
      const container = await fixture<HTMLDivElement>(html`<div style="width: 320px"></div>`);
      const el = await showState(state, container, {service, worker, apiBase}, {locale: 'en'});
      await el.updateComplete;
      const panel = el.shadowRoot!.querySelector<HTMLElement>('.panel')!;
      expect(panel.scrollWidth, 'panel overflows sideways').to.be.at.most(panel.clientWidth + 1);
      const body = el.shadowRoot!.querySelector<HTMLElement>('.body');
      if (body) expect(body.scrollWidth, 'body overflows sideways').to.be.at.most(body.clientWidth + 1);
      for (const target of el.shadowRoot!.querySelectorAll<HTMLElement>('button, input, a.button, [role="option"]')) {
        const box = target.getBoundingClientRect();
        if (!box.width) continue; // not rendered (inert or hidden)
        expect(Math.min(box.width, box.height), `${target.outerHTML.slice(0, 80)} is too small`).to.be.at.least(24);
      }
    });
  }

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
    const dialog = el.shadowRoot!.querySelector('dialog')!.getBoundingClientRect();
    expect([Math.round(dialog.width), Math.round(dialog.height)]).to.deep.equal([small.width, small.height]);
    const wide = await setViewport({width: 1280, height: 800});
    await new Promise((r) => requestAnimationFrame(r));
    const large = el.shadowRoot!.querySelector('dialog')!.getBoundingClientRect();
    expect(large.width).to.be.below(600);
    expect(Math.abs(large.left + large.width / 2 - wide.width / 2)).to.be.below(2);
  });
});

describe('theming', () => {
  for (const brand of ['#0b57d0', '#ffd400', '#e0e0e0', '#7a0019', '#00a86b', 'hotpink', '#000000']) {
    it(`keeps text on the brand colour ${brand} at AA contrast`, async () => {
      const {el} = await mountWidget();
      el.style.setProperty('--hc-brand', brand);
      const filter = await findByRole(el, 'button', 'All');
      const style = getComputedStyle(filter);
      expect(contrast(style.color, style.backgroundColor)).to.be.at.least(4.5);
    });
  }

  it('follows the system in theme="auto"', async function () {
    // WebKitGTK takes the colour scheme from GTK's settings at start, which WebDriver classic
    // cannot change: this one runs in Chromium and Firefox.
    if (!(await canEmulateMedia())) this.skip();
    const {el} = await mountWidget();
    el.theme = 'auto';
    await emulateMedia({colorScheme: 'dark'});
    try {
      await findByRole(el, 'option', /Kaiser/);
      const surface = getComputedStyle(el.shadowRoot!.querySelector('.panel')!).backgroundColor;
      expect(contrast(surface, '#000')).to.be.below(2);
      await emulateMedia({colorScheme: 'light'});
      const light = getComputedStyle(el.shadowRoot!.querySelector('.panel')!).backgroundColor;
      expect(contrast(light, '#fff')).to.be.below(1.1);
    } finally {
      await emulateMedia({colorScheme: 'light'});
    }
  });

  it('stops the spinner when the person prefers reduced motion', async function () {
    // WebKitGTK takes reduced motion from GTK's settings at start, which WebDriver classic
    // cannot change: this one runs in Chromium and Firefox.
    if (!(await canEmulateMedia())) this.skip();
    await emulateMedia({reducedMotion: 'reduce'});
    try {
      const {el} = await mountWidget();
      await findByRole(el, 'option', /Kaiser/);
      const spinner = document.createElement('p');
      spinner.className = 'loading';
      el.shadowRoot!.querySelector('.body')!.append(spinner);
      expect(getComputedStyle(spinner, '::before').animationName).to.equal('none');
    } finally {
      await emulateMedia({reducedMotion: 'no-preference'});
    }
  });
});
