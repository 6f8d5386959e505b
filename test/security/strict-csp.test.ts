/**
 * The whole flow on a page served with a strict Content-Security-Policy and
 * Trusted Types required (test/csp/policy.js, the policy README.md gives
 * hosts): not one `securitypolicyviolation`.
 */
import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {sendKeys} from '@web/test-runner-commands';
import type {HumanConnectElement} from '../../src/human-connect.js';
import {STRICT_LOADER_PAGE, STRICT_PAGE} from '../csp/policy.js';
import {logInInPopup, MERCY} from '../helpers/flow.js';
import {findByRole} from '../helpers/queries.js';
import {mockService} from '../helpers/widget.js';

type StrictWindow = Window & typeof globalThis & {cspViolations: string[]};

async function strictPage(path = STRICT_PAGE): Promise<{
  frame: HTMLIFrameElement;
  win: StrictWindow;
}> {
  const frame = document.createElement('iframe');
  frame.title = 'strict page';
  frame.style.cssText = 'width: 800px; height: 700px; border: 0';
  const loaded = new Promise((resolve) =>
    frame.addEventListener('load', resolve, {once: true})
  );
  frame.src = path;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as StrictWindow;
  await waitUntil(
    () => win.customElements.get('human-connect') && win.cspViolations,
    'the strict page did not start'
  );
  return {frame, win};
}

describe('under a strict Content-Security-Policy', () => {
  let frame: HTMLIFrameElement | undefined;
  afterEach(() => frame?.remove());

  it('is really enforced on the test page', async () => {
    await mockService();
    const page = await strictPage();
    frame = page.frame;
    const {win} = page;
    // An inline style attribute is refused and reported: the policy is live
    // and the listener hears it, so the test below can fail.
    win.document.body.setAttribute('style', 'outline: 1px solid red');
    await waitUntil(
      () => win.cspViolations.length > 0,
      'no violation was reported'
    );
    expect(win.cspViolations[0]).to.match(/^style-src/);
    if ('trustedTypes' in win) {
      // Trusted Types are required: markup from a plain string is refused.
      let refused = '';
      try {
        win.document.body.innerHTML = '<b>markup</b>';
      } catch (error) {
        refused = (error as Error).name;
      }
      expect(refused).to.equal('TypeError');
    }
  });

  for (const [what, path] of [
    ['the ES modules', STRICT_PAGE],
    // The loader inserts the UI file's <script> (through its Trusted Types policy), and shows its
    // own dialog while it loads: the UI comes here at idle, for the page's <human-connect>.
    ['the script-tag loader and its UI file', STRICT_LOADER_PAGE],
  ])
    it(`runs the whole flow without one violation: ${what}`, async () => {
      const mock = await mockService();
      const page = await strictPage(path);
      frame = page.frame;
      const {win} = page;
      const el = win.document.querySelector(
        'human-connect'
      ) as HumanConnectElement;
      const connected: unknown[] = [];
      el.addEventListener('connect', (event) => connected.push(event.detail));
      el.setAttribute('api-base', mock.apiBase);
      el.token = mock.service.issueSessionToken();
      el.locale = 'fr'; // a locale loaded on demand, too
      el.show();

      const field = await findByRole<HTMLInputElement>(el, 'combobox');
      await findByRole(el, 'option', /Kaiser/);
      field.focus();
      await sendKeys({type: 'mercy general'});
      (await findByRole(el, 'option', new RegExp(`^${MERCY}`))).click();
      (await findByRole(el, 'button', 'Autoriser')).click();
      await logInInPopup();
      await findByRole(el, 'heading', new RegExp(MERCY));
      await waitUntil(() => connected.length === 1, 'no connect event');
      // The lazy view of connected sources, and the dialog asking before a disconnect.
      (await findByRole(el, 'button', 'Connecter une autre source')).click();
      (await findByRole(el, 'button', /Vos sources connectées/)).click();
      await findByRole(el, 'button', `Déconnecter ${MERCY}`);

      expect(win.cspViolations).to.deep.equal([]);
    });
});
