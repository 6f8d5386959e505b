// Every view and state of the widget (the same list the gallery shows), each
// checked with axe in the light theme, then in the dark one (the same widget,
// its `theme` switched where it stands), and right to left in Arabic from the start.
import {expect, fixture, html} from '@open-wc/testing';
import {
  STATES,
  showState,
  type WidgetState,
} from '../../demo/gallery/states.js';
import {mockService} from '../helpers/widget.js';

async function show(state: WidgetState, attributes: Record<string, string>) {
  const {service, worker, apiBase} = await mockService();
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  return showState(state, container, {service, worker, apiBase}, attributes);
}

describe('every state passes axe', () => {
  describe('light, then dark', () => {
    for (const state of STATES) {
      it(state.title, async () => {
        const el = await show(state, {theme: 'light'});
        await expect(el, 'light').to.be.accessible();
        el.setAttribute('theme', 'dark');
        await el.updateComplete;
        await expect(el, 'dark').to.be.accessible();
      });
    }
  });

  describe('right to left (Arabic)', () => {
    for (const state of STATES) {
      it(state.title, async () => {
        const el = await show(state, {locale: 'ar'});
        await expect(el).to.be.accessible();
      });
    }
  });
});
