/**
 * Opening straight to a source, locked or not, and the host's shortlist (issue 15, part 1), as a
 * person and the host page meet them: `source-id`, `lock-source`, `featured-sources`.
 */
import {expect} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import type {MockServiceHandle} from '../../sandbox/browser.js';
import {SEEDED_SOURCE_NAME} from '../../sandbox/connect-service.js';
import {searchFor} from '../helpers/flow.js';
import {findByRole, getByRole, queryByRole} from '../helpers/queries.js';
import {waitUntil} from '../helpers/wait.js';
import {mountWidget} from '../helpers/widget.js';

const MERCY = 'Mercy General Hospital';

/** A source's id in the sandbox's catalogue, by its name. */
function idOf(mock: MockServiceHandle, name: string): string {
  for (const source of mock.service.state.sourcesById.values())
    if (source.name === name) return source.id;
  throw new Error(`no source named ${name}`);
}

/** The widget opened to the source named `name`, with its mock service. */
async function openTo(
  name: string,
  options: {lockSource?: boolean; display?: 'modal' | 'inline'} = {}
) {
  const mounted = await mountWidget({open: false, display: options.display});
  const id = name ? idOf(mounted.mock, name) : 'src_no_such_source';
  Object.assign(mounted.el, {sourceId: id, lockSource: !!options.lockSource});
  mounted.el.show();
  return {...mounted, id};
}

/** The search's reads of this opening (not `GET /sources/{id}`). */
const searches = (mock: MockServiceHandle) =>
  mock.service.requestsTo('GET', '/sources');

for (const display of ['modal', 'inline'] as const) {
  describe(`opening to a source (${display})`, () => {
    it('opens on its consent without searching, and "Choose another provider" goes to the search', async () => {
      const {el, mock, id, steps} = await openTo(MERCY, {display});
      await findByRole(
        el,
        'heading',
        `Acme Health Coach wants to connect to ${MERCY}`
      );
      expect(searches(mock)).to.have.length(0);
      expect(mock.service.requestsTo('GET', `/sources/${id}`)).to.have.length(
        1
      );
      expect(steps.map((s) => s.step)).to.deep.equal(['open', 'consent']);
      await expect(el).to.be.accessible();
      getByRole(el, 'button', 'Choose another provider').click();
      await findByRole(el, 'combobox', /search for your hospital/i);
      await waitUntil(() => searches(mock).length === 1, 'the popular list');
    });

    it('locked: no other provider, and Decline closes', async () => {
      const {el, of} = await openTo(MERCY, {lockSource: true, display});
      await findByRole(el, 'button', 'Allow');
      expect(queryByRole(el, 'button', 'Choose another provider')).to.equal(
        null
      );
      getByRole(el, 'button', 'Decline').click();
      await waitUntil(() => of('close').length === 1, 'close');
      expect(of('close')[0]!.reason).to.equal('user');
      expect(of('close')[0]!.lastStep).to.equal('decline');
    });
  });
}

describe('opening to a source that cannot be connected', () => {
  const cases = [
    {name: '', code: 'not_found', says: 'This provider could not be found.'},
    {
      name: 'Mercy Hospital Springfield',
      code: 'source_unavailable',
      says: 'This provider is not available right now. Please try again later.',
    },
    {
      name: SEEDED_SOURCE_NAME,
      code: 'conflict',
      says: 'This provider is already connected.',
    },
  ];
  for (const {name, code, says} of cases) {
    it(`${code}: says why, tells the host, then the search`, async () => {
      const {el, of, mock} = await openTo(name);
      await findByRole(el, 'heading', 'We could not open this provider');
      expect(getByRole(el, 'alert').textContent!.trim()).to.equal(says);
      expect(of('error')[0]!.error.code).to.equal(code);
      await expect(el).to.be.accessible();
      getByRole(el, 'button', 'Choose another provider').click();
      await searchFor(el, 'mercy general');
      expect(searches(mock).length).to.be.greaterThan(0);
    });
  }

  it('locked: only Close, and close says error', async () => {
    const {el, of} = await openTo('', {lockSource: true});
    await findByRole(el, 'heading', 'We could not open this provider');
    expect(queryByRole(el, 'button', 'Choose another provider')).to.equal(null);
    getByRole(el, 'button', 'Close').click();
    await waitUntil(() => of('close').length === 1, 'close');
    expect(of('close')[0]!.reason).to.equal('error');
  });
});

describe('the host shortlist (featured-sources)', () => {
  it('is the list while the query is empty, in its order, unknown ids left out', async () => {
    const {el, mock} = await mountWidget({open: false, display: 'inline'});
    const names = [MERCY, 'Mercy Hospital Springfield', SEEDED_SOURCE_NAME];
    el.featuredSources = [
      idOf(mock, names[1]!),
      'src_no_such_source',
      idOf(mock, names[0]!),
    ].join(',');
    el.show();
    /** The options' names, once the list has `count`. */
    const listed = async (count: number) => {
      const options = () => el.shadowRoot!.querySelectorAll('[role="option"]');
      await waitUntil(() => options().length === count, `${count} options`);
      return [...options()].map((o) =>
        o.querySelector('.option-name')!.textContent!.trim()
      );
    };
    const shown = await listed(2);
    expect(shown).to.deep.equal(['Mercy Hospital Springfield', MERCY]);
    expect(searches(mock), 'no popular list').to.have.length(0);
    const field = await searchFor(el, 'fitbit');
    await findByRole(el, 'option', new RegExp(`^${SEEDED_SOURCE_NAME}`));
    field.focus();
    await sendKeys({press: 'Escape'});
    expect(await listed(2)).to.deep.equal(shown);
  });
});
