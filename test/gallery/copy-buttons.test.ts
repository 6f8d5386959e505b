// The gallery's "Copy CSS" and "Copy embed code": for the settings its controls hold, the text a
// developer gets, on the clipboard with "Copied" said, or selected in a read-only field when the
// browser will not let the page copy.
import {expect, fixture, html} from '@open-wc/testing';
import {
  copyButtons,
  type TextClipboard,
} from '../../demo/gallery/copy-buttons.js';
import type {Settings} from '../../demo/gallery/settings.js';
import {findByRole, getByRole} from '../helpers/queries.js';
import {waitUntil} from '../helpers/wait.js';

declare const __PACKAGE_VERSION__: string;

/** Arabic, dark, in a modal, in a brand colour, square-ish corners, a serif font, 480px wide. */
const CHOSEN: Settings = {
  locale: 'ar',
  theme: 'dark',
  display: 'modal',
  brand: '#c2185b',
  radius: '4',
  font: 'Georgia, serif',
  width: '480',
  only: '',
};
/** The gallery's defaults: English, light, inline, the system font. */
const DEFAULTS: Settings = {
  locale: 'en',
  theme: 'light',
  display: 'inline',
  brand: '#0b57d0',
  radius: '12',
  font: '',
  width: '420',
  only: '',
};

/** A clipboard that keeps what it was given. */
function recording(): TextClipboard & {text?: string} {
  const clipboard: TextClipboard & {text?: string} = {
    async writeText(text) {
      clipboard.text = text;
    },
  };
  return clipboard;
}

const refusing: TextClipboard = {
  writeText: () =>
    Promise.reject(
      new DOMException('Write permission denied.', 'NotAllowedError')
    ),
};

async function mount(settings: Settings, clipboard: TextClipboard | null) {
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  const clear = copyButtons(host, () => settings, clipboard);
  return {host, clear};
}

async function statusSays(host: HTMLElement, text: string | RegExp) {
  const status = getByRole(host, 'status');
  await waitUntil(
    () =>
      typeof text === 'string'
        ? status.textContent === text
        : text.test(status.textContent ?? ''),
    `the status says ${text}`
  );
}

/** What pressing `button` puts on the clipboard for `settings`, once it says "Copied". */
async function copied(settings: Settings, button: string): Promise<string> {
  const clipboard = recording();
  const {host} = await mount(settings, clipboard);
  getByRole(host, 'button', button).click();
  await statusSays(host, 'Copied');
  return clipboard.text!;
}

describe('gallery: copy the CSS and the embed code', () => {
  it('Copy CSS copies the custom properties of the theme shown, and says "Copied"', async () => {
    expect(await copied(CHOSEN, 'Copy CSS')).to.equal(
      `human-connect {
  --hc-brand: #c2185b;
  --hc-radius: 4px;
  --hc-font-family: Georgia, serif;
  --hc-width: 480px;
}
`
    );
  });

  it("Copy CSS, inline with the system font: the container's width, no font", async () => {
    expect(await copied(DEFAULTS, 'Copy CSS')).to.equal(
      `human-connect {
  --hc-brand: #0b57d0;
  --hc-radius: 12px;
  max-width: 420px;
}
`
    );
  });

  it('Copy embed code copies the pinned script tag and the element with the chosen attributes', async () => {
    const markup = new DOMParser().parseFromString(
      await copied(CHOSEN, 'Copy embed code'),
      'text/html'
    );
    expect(__PACKAGE_VERSION__).to.match(/^\d+\.\d+\.\d+/);
    expect(markup.querySelector('script')!.getAttribute('src')).to.equal(
      `https://cdn.jsdelivr.net/npm/human-connect@${__PACKAGE_VERSION__}/dist/human-connect.min.js`
    );
    const element = markup.querySelector('human-connect')!;
    expect(
      Object.fromEntries([...element.attributes].map((a) => [a.name, a.value]))
    ).to.deep.equal({
      'api-base': 'https://connect.example.com/v1',
      locale: 'ar',
      theme: 'dark',
      display: 'modal',
    });
  });

  for (const [why, clipboard] of [
    ['refuses', refusing],
    ['is missing (a page not served over HTTPS)', null],
  ] as const) {
    it(`when the clipboard ${why}, the text is selected in a read-only field`, async () => {
      const {host, clear} = await mount(CHOSEN, clipboard);
      getByRole(host, 'button', 'Copy embed code').click();
      const field = await findByRole<HTMLTextAreaElement>(
        host,
        'textbox',
        'Text to copy'
      );
      await statusSays(host, /did not let the page copy/);
      expect(field.readOnly).to.be.true;
      expect(field.value).to.contain('locale="ar"');
      expect(document.activeElement).to.equal(field);
      expect([field.selectionStart, field.selectionEnd]).to.deep.equal([
        0,
        field.value.length,
      ]);

      // The settings change: what was copied no longer holds.
      clear();
      expect(getByRole(host, 'status').textContent).to.equal('');
      expect(field.closest('label')!.hidden).to.be.true;
    });
  }
});
