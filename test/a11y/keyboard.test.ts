// The whole flow with the keyboard alone: Tab, arrow keys, Enter and Esc.
import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {sendKeys} from '@web/test-runner-commands';
import {typeText} from '../helpers/browser.js';
import {logInInPopup} from '../helpers/flow.js';
import {findByRole} from '../helpers/queries.js';
import {mountWidget} from '../helpers/widget.js';

function focused(el: HTMLElement): HTMLElement | null {
  return el.shadowRoot!.activeElement as HTMLElement | null;
}

/** Presses Tab until the focused control's text or label matches, at most `limit` times. */
async function tabTo(
  el: HTMLElement,
  name: RegExp,
  limit = 25
): Promise<HTMLElement> {
  for (let i = 0; i < limit; i++) {
    await sendKeys({press: 'Tab'});
    const active = focused(el);
    if (
      active &&
      name.test(active.getAttribute('aria-label') ?? active.textContent ?? '')
    )
      return active;
  }
  throw new Error(
    `Tab never reached ${name}; focus is on ${focused(el)?.outerHTML.slice(0, 120)}`
  );
}

describe('keyboard only', () => {
  it('completes the whole flow and returns focus to the launcher', async () => {
    const {el, of} = await mountWidget();
    const search = await findByRole<HTMLInputElement>(el, 'combobox');
    await waitUntil(
      () => focused(el) === search,
      'the search field has focus on open'
    );
    await typeText('mercy general');
    await waitUntil(
      () =>
        /\d+ results?/.test(
          el.shadowRoot!.querySelector('.results-heading')?.textContent ?? ''
        ) &&
        el
          .shadowRoot!.querySelector('[role="option"]')
          ?.textContent?.includes('Mercy General Hospital'),
      'results for the query'
    );
    await sendKeys({press: 'ArrowDown'});
    await sendKeys({press: 'Enter'});

    const heading = await findByRole(
      el,
      'heading',
      /wants to connect to Mercy General Hospital/
    );
    await waitUntil(
      () => focused(el) === heading,
      'focus moves to the consent heading'
    );
    await tabTo(el, /^\s*Allow\s*$/);
    await sendKeys({press: 'Enter'});
    await logInInPopup();

    await findByRole(el, 'heading', 'Mercy General Hospital is connected');
    await tabTo(el, /^\s*Done\s*$/);
    await sendKeys({press: 'Enter'});
    await waitUntil(() => !el.open, 'closed');
    expect(of('connect')).to.have.length(1);
    expect(document.activeElement?.id).to.equal('launcher');
  });

  it('keeps focus inside the modal widget', async () => {
    const {el} = await mountWidget();
    await findByRole(el, 'option', /Kaiser/);
    for (let i = 0; i < 40; i++) {
      await sendKeys({press: 'Tab'});
      const active = document.activeElement;
      if (active && active !== document.body)
        expect(active, `after ${i + 1} Tabs`).to.equal(el);
    }
  });

  it('reaches every filter and footer button, and Esc closes a question before the widget', async () => {
    const {el} = await mountWidget();
    await findByRole(el, 'option', /Kaiser/);
    await tabTo(el, /^\s*Labs\s*$/);
    await sendKeys({press: 'Enter'});
    await waitUntil(
      () =>
        el
          .shadowRoot!.querySelector('[aria-pressed="true"]')
          ?.textContent?.trim() === 'Labs'
    );
    await tabTo(el, /Your connected sources/, 40);
    await sendKeys({press: 'Enter'});
    await findByRole(el, 'heading', 'Your connected sources');
    await tabTo(el, /Disconnect Fitbit/);
    await sendKeys({press: 'Enter'});
    await findByRole(el, 'alertdialog');
    await sendKeys({press: 'Escape'});
    await waitUntil(
      () => !el.shadowRoot!.querySelector('[role="alertdialog"]'),
      'the question closes'
    );
    expect(el.open, 'Esc answered the question, not the widget').to.be.true;
    expect(focused(el)?.getAttribute('aria-label')).to.equal(
      'Disconnect Fitbit'
    );
    await sendKeys({press: 'Escape'});
    await waitUntil(() => !el.open, 'then Esc closes the widget');
  });
});
