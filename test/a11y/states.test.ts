// Every view and state of the widget (the same list the gallery shows), each
// checked with axe in the light theme, the dark theme, and right to left.
import {expect, fixture, html} from '@open-wc/testing';
import {STATES, showState} from '../../demo/gallery/states.js';
import {mockService} from '../helpers/widget.js';

const VARIANTS: {name: string; attributes: Record<string, string>}[] = [
  {name: 'light', attributes: {theme: 'light'}},
  {name: 'dark', attributes: {theme: 'dark'}},
  {name: 'right to left (Arabic)', attributes: {locale: 'ar'}},
];

describe('every state passes axe', () => {
  for (const variant of VARIANTS) {
    describe(variant.name, () => {
      for (const state of STATES) {
        it(state.title, async () => {
          const {service, worker, apiBase} = await mockService();
          const container = await fixture<HTMLDivElement>(html`<div></div>`);
          const el = await showState(
            state,
            container,
            {service, worker, apiBase},
            variant.attributes
          );
          await expect(el).to.be.accessible();
        });
      }
    });
  }
});
