/**
 * The consent receipt (issue 15, part 4), as the host page and the person meet it: `connect`
 * carries what the person agreed to for the new connection (the consent `POST /connections`
 * sent, and the SHA-256 of the words they read, in their language), and the success view offers
 * "Save a copy of what you agreed to", a file made in the browser. The redirect login's receipt is
 * in test/flow/redirect-login.test.ts; the rules alone, in test/controllers.
 */
import {expect} from '@open-wc/testing';
import type {ConsentReceipt} from '../../src/events.js';
import {isLocaleActive} from '../../src/i18n/localization.js';
import {setViewport} from '../helpers/browser.js';
import {chooseSource, logInInPopup, MERCY} from '../helpers/flow.js';
import {closeStrayWindows} from '../helpers/popup.js';
import {findByRole, getByRole} from '../helpers/queries.js';
import {waitUntil} from '../helpers/wait.js';
import {
  MOCK_SESSION_TOKEN,
  mountWidget,
  type Mounted,
} from '../helpers/widget.js';

const APP = 'Acme Health Coach';

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(text)
  );
  return [...new Uint8Array(digest)]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');
}

/** After Allow: the popup's login, then the one `connect`'s receipt, checked against what was sent. */
async function signInForReceipt(m: Mounted): Promise<ConsentReceipt> {
  await logInInPopup();
  await waitUntil(() => m.of('connect').length === 1, 'connect');
  const receipt = m.of('connect')[0]!.receipt!;
  expect(receipt, 'a receipt').to.exist;
  const [create] = m.mock.service.requestsTo('POST', '/connections');
  const sent = (
    create!.body as {
      consent: {version: string; scopes: string[]; acceptedAt: string};
    }
  ).consent;
  const made = [...m.mock.service.state.connections.values()].find(
    (c) => c.sourceName === MERCY
  );
  expect(receipt).to.deep.equal({
    connectionId: made!.id,
    sourceId: made!.sourceId,
    appName: APP,
    version: sent.version,
    scopes: sent.scopes,
    acceptedAt: sent.acceptedAt,
    locale: receipt.locale,
    textSha256: await sha256(receipt.text),
    text: receipt.text,
  });
  return receipt;
}

/** The file behind "Save a copy": the words the person read, then the receipt's facts. */
async function savedCopy(
  link: HTMLAnchorElement,
  receipt: ConsentReceipt
): Promise<void> {
  expect(link.protocol, 'made in the browser').to.equal('blob:');
  expect(link.download).to.equal('consent-receipt.txt');
  const file = await (await fetch(link.href)).text();
  expect(file, 'no token in the file').not.to.include(MOCK_SESSION_TOKEN);
  const {text, ...facts} = receipt;
  expect(file.startsWith(`${text}\n\n`), 'the words first').to.be.true;
  expect(JSON.parse(file.slice(text.length))).to.deep.equal(facts);
}

beforeEach(() => closeStrayWindows('/sandbox/login.html'));

const DISPLAYS = [
  {name: 'modal', display: 'modal', width: 800},
  {name: 'inline', display: 'inline', width: 800},
  {name: 'narrow', display: 'modal', width: 375},
] as const;

for (const {name, display, width} of DISPLAYS) {
  describe(`the consent receipt (${name})`, () => {
    afterEach(() => setViewport({width: 800, height: 600}));

    it('connect carries what the person agreed to, in their words, and they can save a copy', async () => {
      await setViewport({width, height: 700});
      const m = await mountWidget({display});
      const el = m.el;
      await chooseSource(el, 'mercy general', new RegExp(`^${MERCY}`));
      // The person's choice: no profile, and their vitals.
      getByRole(el, 'checkbox', /^Profile & demographics/).click();
      getByRole(el, 'checkbox', /^Vitals/).click();
      getByRole(el, 'button', 'Allow').click();
      const receipt = await signInForReceipt(m);

      expect(receipt.locale).to.equal('en');
      expect(receipt.scopes).to.include('vitals').and.not.include('profile');
      const lines = receipt.text.split('\n');
      expect(lines[0]).to.equal(`${APP} wants to connect to ${MERCY}`);
      expect(lines).to.include(`If you allow it, ${APP} will be able to see:`);
      for (const line of [
        /^- Medications /,
        /^\[ \] Profile & demographics /,
        /^\[x\] Vitals & activity /,
        /never sees your password/,
      ])
        expect(
          lines.some((l) => line.test(l)),
          String(line)
        ).to.be.true;
      // The words only: no button, no way elsewhere.
      expect(receipt.text).not.to.match(/Allow|Decline|Choose another/);

      await findByRole(el, 'heading', `${MERCY} is connected`);
      const save = getByRole<HTMLAnchorElement>(
        el,
        'link',
        'Save a copy of what you agreed to'
      );
      await savedCopy(save, receipt);
      await expect(el).to.be.accessible();
    });
  });
}

describe('the consent receipt, in another language', () => {
  it('holds the words as read in French, and says so', async () => {
    const m = await mountWidget();
    const el = m.el;
    await chooseSource(el, 'mercy general', new RegExp(`^${MERCY}`));
    // The host changes the language while the consent shows.
    el.locale = 'fr';
    await waitUntil(() => isLocaleActive('fr'), 'the French messages');
    (await findByRole(el, 'button', 'Autoriser')).click();
    const receipt = await signInForReceipt(m);
    expect(receipt.locale).to.equal('fr');
    expect(receipt.text.split('\n')[0]).to.equal(
      `${APP} souhaite se connecter à ${MERCY}`
    );
    await savedCopy(
      await findByRole<HTMLAnchorElement>(
        el,
        'link',
        'Enregistrer une copie de ce que vous avez accepté'
      ),
      receipt
    );
  });
});
