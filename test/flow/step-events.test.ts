/**
 * The `step` events (issue 15, part 3), as the host page hears them: the exact steps of each way
 * through the widget, in order; each one heard before the person's next act; this opening's id
 * in each, and in every request as `X-Connect-Session`; `close` with `lastStep`; and never the
 * token nor what the person typed.
 */
import {expect} from '@open-wc/testing';
import {chooseSource, logInInPopup, MERCY} from '../helpers/flow.js';
import {REPAIR, TO_CONNECTED, TO_CONSENT} from '../helpers/funnel.js';
import {closeStrayWindows} from '../helpers/popup.js';
import {findByRole, getByRole} from '../helpers/queries.js';
import {waitUntil} from '../helpers/wait.js';
import {MOCK_SESSION_TOKEN, mountWidget} from '../helpers/widget.js';
import {
  MOCK_LOCKED_USERNAME,
  SEEDED_SOURCE_NAME,
} from '../../sandbox/connect-service.js';

const MERCY_OPTION = new RegExp(`^${MERCY}`);
const QUERY = 'mercy general';

describe('step events', () => {
  beforeEach(async () => {
    await closeStrayWindows('/sandbox/login.html');
  });

  it('the whole way, each step heard before the next act, with close and lastStep', async () => {
    const {el, steps, of, mock} = await mountWidget();
    const told = () => steps.map((s) => s.step);
    await chooseSource(el, QUERY, MERCY_OPTION);
    expect(told()).to.deep.equal(TO_CONSENT);
    getByRole(el, 'button', 'Allow').click();
    // (the popup is open at the login page: the person is now looking at it)
    await waitUntil(() => told().at(-1) === 'login-waiting', 'login-waiting');
    await logInInPopup();
    await findByRole(el, 'heading', `${MERCY} is connected`);
    expect(told().at(-1)).to.equal('connected');
    getByRole(el, 'button', 'Done').click();
    await waitUntil(() => of('close').length === 1, 'close');

    expect(told()).to.deep.equal([...TO_CONNECTED, 'close']);
    expect(of('close')[0]!.lastStep).to.equal('connected');
    const id = steps[0]!.sessionId;
    expect(steps.every((s) => s.sessionId === id)).to.be.true;
    expect(steps.map((s) => s.previousStep)).to.deep.equal([
      null,
      ...told().slice(0, -1),
    ]);
    const selected = steps[2]!;
    expect(selected.sourceId).to.equal(
      of('connect')[0]!.sessionResults.connectedSources[0]!.id
    );
    expect(selected.resultCount).to.be.greaterThan(0);
    // Every request of this opening carried its id.
    const requests = mock.service.requestsTo();
    expect(requests.length).to.be.greaterThan(3);
    for (const request of requests)
      expect(request.headers['x-connect-session']).to.equal(id);
    const all = JSON.stringify(steps);
    expect(all).not.to.contain(MOCK_SESSION_TOKEN);
    expect(all).not.to.contain('mercy general');
  });

  it('a decline, then closing: back to search, and close after it', async () => {
    const {el, steps, of} = await mountWidget({display: 'inline'});
    await chooseSource(el, QUERY, MERCY_OPTION);
    getByRole(el, 'button', 'Decline').click();
    await findByRole(el, 'option', MERCY_OPTION);
    getByRole(el, 'button', 'Close').click();
    await waitUntil(() => of('close').length === 1, 'close');
    expect(steps.map((s) => s.step)).to.deep.equal([
      ...TO_CONSENT,
      'decline',
      'search',
      'close',
    ]);
    expect(of('close')[0]!.lastStep).to.equal('search');
  });

  it('a blocked popup', async () => {
    const {el, steps, mock} = await mountWidget();
    mock.service.scenario.popupBlocked = true;
    try {
      await chooseSource(el, QUERY, MERCY_OPTION);
      getByRole(el, 'button', 'Allow').click();
      await findByRole(el, 'link', `Sign in to ${MERCY} in a new tab`);
      expect(steps.map((s) => s.step)).to.deep.equal([
        ...TO_CONSENT,
        'allow',
        'popup-blocked',
      ]);
    } finally {
      mock.service.scenario.popupBlocked = false;
    }
  });

  it('a failed login, with its code', async () => {
    const {el, steps} = await mountWidget();
    await chooseSource(el, QUERY, MERCY_OPTION);
    getByRole(el, 'button', 'Allow').click();
    await logInInPopup(MOCK_LOCKED_USERNAME);
    await findByRole(el, 'heading', `We could not connect ${MERCY}`);
    expect(steps.map((s) => s.step)).to.deep.equal([
      ...TO_CONSENT,
      'allow',
      'login-waiting',
      'login-failed',
    ]);
    expect(steps.at(-1)!.errorCode).to.equal('login_failed');
    expect(steps.at(-1)!.sourceId).to.equal(steps[2]!.sourceId);
  });

  it('a repair (Reconnect): the connected sources, then a login as any', async () => {
    const {el, steps, mock} = await mountWidget({open: false});
    const fitbit = [...mock.service.state.connections.values()].find(
      (c) => c.sourceName === SEEDED_SOURCE_NAME
    )!;
    mock.service.breakConnection(fitbit.id);
    el.show();
    (await findByRole(el, 'button', '1 source needs attention')).click();
    (await findByRole(el, 'button', `Reconnect ${SEEDED_SOURCE_NAME}`)).click();
    await logInInPopup();
    await findByRole(el, 'heading', `${SEEDED_SOURCE_NAME} is connected`);
    expect(steps.map((s) => s.step)).to.deep.equal(REPAIR);
    expect(steps.at(-1)!.sourceId).to.equal(fitbit.sourceId);
  });
});
