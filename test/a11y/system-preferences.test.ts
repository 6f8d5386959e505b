// The widget follows the person's system: its dark theme (with theme="auto") and its wish for
// reduced motion. Chromium and Firefox emulate both settings, each way, in one run; WebKit takes
// them from GTK when it starts, so `npm test` runs this file in WebKit twice, in a light system
// with motion and in a dark one with reduced motion (scripts/test-browsers.js), and each run
// checks the settings it has.
import {expect} from '@open-wc/testing';
import {useMedia} from '../helpers/browser.js';
import {contrast} from '../helpers/colour.js';
import {findByRole} from '../helpers/queries.js';
import {mountWidget} from '../helpers/widget.js';

/** The background of the widget's panel. */
const panelSurface = (el: Element) =>
  getComputedStyle(el.shadowRoot!.querySelector('.panel')!).backgroundColor;

describe('the system preferences', () => {
  // Back to the defaults where the driver can set them (a no-op check in WebKit).
  afterEach(() =>
    useMedia({colorScheme: 'light', reducedMotion: 'no-preference'})
  );

  it('theme="auto" follows the system into dark and back', async () => {
    const {el} = await mountWidget();
    el.theme = 'auto';
    await findByRole(el, 'option', /Kaiser/);
    let checked = 0;
    for (const colorScheme of ['dark', 'light'] as const) {
      if (!(await useMedia({colorScheme}))) continue;
      checked++;
      if (colorScheme === 'dark')
        expect(contrast(panelSurface(el), '#000'), 'a dark panel').to.be.below(
          2
        );
      else
        expect(contrast(panelSurface(el), '#fff'), 'a light panel').to.be.below(
          1.1
        );
    }
    expect(checked, 'a colour scheme this run can show').to.be.above(0);
  });

  it('keeps theme="light" light in a dark system', async () => {
    const {el} = await mountWidget();
    await findByRole(el, 'option', /Kaiser/);
    if (!(await useMedia({colorScheme: 'dark'}))) return; // (a light system shows nothing new)
    expect(contrast(panelSurface(el), '#fff'), 'a light panel').to.be.below(
      1.1
    );
  });

  it('stops the spinner when the person prefers reduced motion, and spins it otherwise', async () => {
    const {el} = await mountWidget();
    await findByRole(el, 'option', /Kaiser/);
    const spinner = document.createElement('p');
    spinner.className = 'loading';
    el.shadowRoot!.querySelector('.body')!.append(spinner);
    let checked = 0;
    for (const reducedMotion of ['reduce', 'no-preference'] as const) {
      if (!(await useMedia({reducedMotion}))) continue;
      checked++;
      expect(
        getComputedStyle(spinner, '::before').animationName,
        reducedMotion
      ).to.equal(reducedMotion === 'reduce' ? 'none' : 'spin');
    }
    expect(checked, 'a motion setting this run can show').to.be.above(0);
  });
});
