// Windows High Contrast (forced colours) gives every background and border the same system colour,
// so a state drawn only with them vanishes. Chromium applies forced colours for real under
// emulation (system colours replace the author's), so these read the computed styles there.
import {expect} from '@open-wc/testing';
import {executeServerCommand, sendKeys} from '@web/test-runner-commands';
import {searchFor} from '../helpers/flow.js';
import {getByRole, queryAllByRole} from '../helpers/queries.js';
import {mountWidget} from '../helpers/widget.js';

async function forcedColors(active: boolean): Promise<void> {
  const done = await executeServerCommand<boolean, {active: boolean}>(
    'forced-colors',
    {active}
  );
  if (!done)
    throw new Error(
      'the forced-colors command is not registered (test/plugins/forced-colors-command.js)'
    );
}

/** What a system colour computes to on this page: under forced colours, the palette's. */
function systemColour(name: string): string {
  const probe = document.createElement('span');
  probe.style.color = name;
  document.body.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
}

const style = (el: Element) => getComputedStyle(el);

describe('forced colours', () => {
  before(() => forcedColors(true));
  after(() => forcedColors(false));

  it('shows the pressed category filter apart from the others', async () => {
    const {el} = await mountWidget();
    await searchFor(el, 'mercy');
    const filters = getByRole(el, 'group', 'Type of provider');
    const chips = queryAllByRole(filters, 'button');
    const pressed = chips.filter(
      (c) => c.getAttribute('aria-pressed') === 'true'
    );
    const unpressed = chips.filter(
      (c) => c.getAttribute('aria-pressed') === 'false'
    );
    expect(pressed).to.have.length(1);
    expect(unpressed.length).to.be.greaterThan(0);
    expect(style(pressed[0]).backgroundColor).to.equal(
      systemColour('Highlight')
    );
    expect(style(pressed[0]).color).to.equal(systemColour('HighlightText'));
    for (const chip of unpressed) {
      expect(style(chip).backgroundColor).not.to.equal(
        style(pressed[0]).backgroundColor
      );
      expect(style(chip).color).not.to.equal(style(pressed[0]).color);
    }
  });

  it('shows the active option apart from the others, its text readable', async () => {
    const {el} = await mountWidget();
    const field = await searchFor(el, 'mercy');
    field.focus();
    await sendKeys({press: 'ArrowDown'});
    const options = queryAllByRole(el, 'option');
    const selected = options.filter(
      (o) => o.getAttribute('aria-selected') === 'true'
    );
    expect(selected).to.have.length(1);
    const active = selected[0];
    expect(style(active).backgroundColor).to.equal(systemColour('Highlight'));
    for (const text of active.querySelectorAll('.option-name, .option-meta'))
      expect(style(text).color).to.equal(systemColour('HighlightText'));
    for (const other of options.filter((o) => o !== active))
      expect(style(other).backgroundColor).not.to.equal(
        style(active).backgroundColor
      );
  });

  it('keeps a frame around each badge', async () => {
    const {el} = await mountWidget();
    await searchFor(el, 'mercy');
    // 'mercy' finds sources that are slow, down and already connected.
    const badges = el.shadowRoot!.querySelectorAll('.badge');
    expect(badges.length).to.be.greaterThan(1);
    for (const badge of badges) {
      expect(style(badge).borderTopStyle).to.equal('solid');
      expect(parseFloat(style(badge).borderTopWidth)).to.be.at.least(1);
    }
  });

  // Chromium's own forced-colours sheet draws :focus-visible outlines in Highlight too; this
  // guards the ring against becoming something forced colours drop (a box-shadow, say).
  it('draws the focus ring in the system focus colour', async () => {
    const {el} = await mountWidget();
    const field = await searchFor(el, 'mercy');
    field.focus();
    expect(field.matches(':focus-visible')).to.be.true;
    expect(style(field).outlineStyle).to.equal('solid');
    expect(parseFloat(style(field).outlineWidth)).to.be.at.least(2);
    expect(style(field).outlineColor).to.equal(systemColour('Highlight'));
  });
});
