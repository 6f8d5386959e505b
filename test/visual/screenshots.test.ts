// Screenshots of the key states in light, dark and right to left, compared
// with the baselines in test/screenshots/. An intended change of the look:
// `npm run test:update-screenshots`, then review and commit the new images.
import {fixture, html} from '@open-wc/testing';
import {emulateMedia} from '@web/test-runner-commands';
import {visualDiff} from '@web/test-runner-visual-regression';
import {STATES, showState} from '../../demo/gallery/states.js';
import {mockService} from '../helpers/widget.js';
import {hostilePage} from '../helpers/hostile-page.js';

const KEY_STATES = [
  'search-results',
  'consent',
  'authorizing-waiting',
  'connect-error',
  'connections',
  'token-expired',
];
const VARIANTS: {name: string; attributes: Record<string, string>}[] = [
  {name: 'light', attributes: {theme: 'light', locale: 'en'}},
  {name: 'dark', attributes: {theme: 'dark', locale: 'en'}},
  {name: 'rtl', attributes: {theme: 'light', locale: 'ar'}},
];

/** Waits for every logo to have loaded or failed, so the picture is settled. */
async function imagesSettled(root: ShadowRoot): Promise<void> {
  await Promise.all(
    Array.from(root.querySelectorAll('img'), (img) =>
      img.complete
        ? undefined
        : new Promise(
            (r) =>
              img.addEventListener('load', r) ??
              img.addEventListener('error', r)
          )
    )
  );
}

/** The state in a 420px container, compared with its baseline. */
async function matchesBaseline(
  id: string,
  variant: (typeof VARIANTS)[number]
): Promise<void> {
  const state = STATES.find((s) => s.id === id)!;
  const {service, worker, apiBase} = await mockService();
  const container = await fixture<HTMLDivElement>(
    html`<div
      style="width: 420px; padding: 8px; background: ${variant.name === 'dark' ? '#0d1117' : '#fff'}"
    ></div>`
  );
  const el = await showState(
    state,
    container,
    {service, worker, apiBase},
    variant.attributes
  );
  await el.updateComplete;
  await imagesSettled(el.shadowRoot!);
  // No caret blinking in a focused field.
  (el.shadowRoot!.activeElement as HTMLElement | null)?.blur();
  await new Promise((r) =>
    requestAnimationFrame(() => requestAnimationFrame(r))
  );
  await visualDiff(container, `${id}-${variant.name}`);
}

describe('screenshots', () => {
  // Spinners stand still, so the picture does not depend on the moment it is taken.
  before(() => emulateMedia({reducedMotion: 'reduce'}));
  after(() => emulateMedia({reducedMotion: 'no-preference'}));

  for (const variant of VARIANTS) {
    for (const id of KEY_STATES) {
      it(`${id} (${variant.name})`, () => matchesBaseline(id, variant));
    }
  }

  // The same pictures, not new ones: what the host page's styles would pass on stops at the
  // widget (test/a11y/layout.test.ts checks the same in every engine).
  describe('on a host page whose styles reach into what they inherit', () => {
    let restore: () => void;
    beforeEach(() => (restore = hostilePage()));
    afterEach(() => restore());

    for (const variant of VARIANTS.filter((v) => v.name !== 'dark')) {
      for (const id of ['search-results', 'consent', 'connections']) {
        it(`${id} (${variant.name})`, () => matchesBaseline(id, variant));
      }
    }
  });
});
