/**
 * Repairing a connection the source broke (issue 15, part 2), as a person and the host page meet
 * it: "N sources need attention" on the search, Reconnect in the connected sources, and an opening
 * asked to repair one (`connection-id`). A repair signs in again to the same connection
 * (`POST /connections/{id}/reauthorize`): nothing is deleted, nothing new is made.
 */
import {expect} from '@open-wc/testing';
import type {MockServiceHandle} from '../../sandbox/browser.js';
import {SEEDED_SOURCE_NAME} from '../../sandbox/connect-service.js';
import {logInInPopup} from '../helpers/flow.js';
import {closeStrayWindows} from '../helpers/popup.js';
import {
  findByRole,
  findText,
  getByRole,
  queryByRole,
} from '../helpers/queries.js';
import {waitUntil} from '../helpers/wait.js';
import {mountWidget} from '../helpers/widget.js';

const FITBIT = SEEDED_SOURCE_NAME;
const APP = 'Acme Health Coach';

/** The id of the mock user's seeded Fitbit connection. */
function fitbitConnection(mock: MockServiceHandle): string {
  for (const c of mock.service.state.connections.values())
    if (c.sourceName === FITBIT) return c.id;
  throw new Error(`no ${FITBIT} connection`);
}

/**
 * The widget opened on a session whose Fitbit connection the source broke (`reauth_required`),
 * unless told to leave it whole; `connectionId` names the connection to open on the repair of.
 */
async function openBroken(
  options: {
    display?: 'modal' | 'inline';
    whole?: boolean;
    connectionId?: (fitbit: string) => string;
  } = {}
) {
  const mounted = await mountWidget({open: false, display: options.display});
  const id = fitbitConnection(mounted.mock);
  if (!options.whole) mounted.mock.service.breakConnection(id);
  mounted.el.connectionId = options.connectionId?.(id);
  mounted.el.show();
  return {...mounted, id};
}

/** What reached the service that a repair must not do, and the repair's own call. */
function calls(mock: MockServiceHandle, id: string) {
  return {
    deletes: mock.service.requestsTo('DELETE').length,
    creates: mock.service.requestsTo('POST', '/connections').length,
    reauthorizes: mock.service.requestsTo(
      'POST',
      `/connections/${id}/reauthorize`
    ).length,
  };
}

/** The popup's login, then the success view; the same connection, told once as reconnected. */
async function signInAgain(m: Awaited<ReturnType<typeof openBroken>>) {
  await logInInPopup();
  await findByRole(m.el, 'heading', `${FITBIT} is connected`);
  await waitUntil(() => m.of('connect').length === 1, 'connect');
  const [detail] = m.of('connect');
  expect(detail!.reconnected).to.equal(true);
  expect(detail!.receipt, 'a repair agrees to nothing new').to.equal(undefined);
  expect(detail!.sessionResults.connectedSources).to.deep.equal([]);
  expect(
    detail!.currentConnections.map((c) => [c.name, c.connectionId])
  ).to.deep.equal([[FITBIT, m.id]]);
  expect(calls(m.mock, m.id)).to.deep.equal({
    deletes: 0,
    creates: 0,
    reauthorizes: 1,
  });
  expect(m.mock.service.state.connections.size).to.equal(1);
  expect(m.mock.service.state.connections.get(m.id)!.status).to.be.oneOf([
    'syncing',
    'synced',
  ]);
}

beforeEach(() => closeStrayWindows('/sandbox/login.html'));

for (const display of ['modal', 'inline'] as const) {
  describe(`reconnecting a broken connection (${display})`, () => {
    it('the search says a source needs attention; Reconnect signs in again to the same connection', async () => {
      const m = await openBroken({display});
      const el = m.el;
      // The broken source is still one of the person's: counted beside the line that says so.
      const attention = await findByRole(
        el,
        'button',
        '1 source needs attention'
      );
      expect(getByRole(el, 'button', 'Your connected sources (1)')).to.exist;
      attention.click();
      await findByRole(el, 'heading', 'Your connected sources');
      await findText(el, `${FITBIT} needs you to sign in again.`);
      await findText(el, 'Needs attention');
      await expect(el).to.be.accessible();
      getByRole(el, 'button', `Reconnect ${FITBIT}`).click();
      await signInAgain(m);

      // The row is the same connection, syncing again, with nothing left to repair.
      getByRole(el, 'button', 'Connect another source').click();
      await findByRole(el, 'combobox', /search for your hospital/i);
      expect(queryByRole(el, 'button', /need(s)? attention/)).to.equal(null);
      getByRole(el, 'button', 'Your connected sources (1)').click();
      await findText(el, /Syncing|Up to date/);
      expect(queryByRole(el, 'button', `Reconnect ${FITBIT}`)).to.equal(null);
      expect(getByRole(el, 'button', `Disconnect ${FITBIT}`)).to.exist;
      expect(m.of('connect')).to.have.length(1);
      expect(m.of('error')).to.have.length(0);
    });

    it('connection-id opens on the reconnect, without searching', async () => {
      const m = await openBroken({display, connectionId: (id) => id});
      const el = m.el;
      await findByRole(el, 'heading', `Reconnect ${FITBIT}`);
      await findText(el, `${FITBIT} needs you to sign in again.`);
      await findText(
        el,
        `Sign in to ${FITBIT} again to keep sharing your records with ${APP}.`
      );
      expect(m.mock.service.requestsTo('GET', '/sources')).to.have.length(0);
      expect(m.steps.map((s) => s.step)).to.deep.equal(['open', 'connections']);
      await expect(el).to.be.accessible();
      getByRole(el, 'button', 'Reconnect').click();
      await signInAgain(m);
    });
  });
}

describe('reconnecting: when it cannot be done', () => {
  it('a reauthorize that fails says so, and Try again goes back to the reconnect', async () => {
    const m = await openBroken({connectionId: (id) => id});
    const el = m.el;
    m.mock.service.scenario.failOn = {
      method: 'POST',
      path: '/connections/:id/reauthorize',
      status: 500,
      times: 1,
    };
    (await findByRole(el, 'button', 'Reconnect')).click();
    await findByRole(el, 'heading', `We could not connect ${FITBIT}`);
    expect(m.of('error').map((e) => e.error.code)).to.deep.equal([
      'server_error',
    ]);
    await expect(el).to.be.accessible();
    getByRole(el, 'button', 'Try again').click();
    await findByRole(el, 'heading', `Reconnect ${FITBIT}`);
    getByRole(el, 'button', 'Your connected sources').click();
    await findByRole(el, 'button', `Reconnect ${FITBIT}`);
    expect(calls(m.mock, m.id)).to.deep.equal({
      deletes: 0,
      creates: 0,
      reauthorizes: 1,
    });
    expect(m.of('connect')).to.have.length(0);
  });

  const cases = [
    {
      what: 'a connection the person does not have',
      code: 'not_found',
      says: 'This provider could not be found.',
      whole: false,
      connectionId: () => 'conn_no_such_connection',
    },
    {
      what: 'a connection with nothing to repair',
      code: 'conflict',
      says: 'This provider is already connected.',
      whole: true,
      connectionId: (id: string) => id,
    },
  ];
  for (const {what, code, says, whole, connectionId} of cases) {
    it(`${what}: says why, tells the host (${code}), then the search`, async () => {
      const m = await openBroken({whole, connectionId});
      const el = m.el;
      await findByRole(el, 'heading', 'We could not open this provider');
      expect(getByRole(el, 'alert').textContent!.trim()).to.equal(says);
      expect(m.of('error').map((e) => e.error.code)).to.deep.equal([code]);
      expect(m.mock.service.requestsTo('GET', '/sources')).to.have.length(0);
      await expect(el).to.be.accessible();
      getByRole(el, 'button', 'Choose another provider').click();
      await findByRole(el, 'combobox', /search for your hospital/i);
      expect(calls(m.mock, m.id).reauthorizes).to.equal(0);
    });
  }
});
