// A widget taken off the page stops everything it started: its requests,
// its polling, its popup. One moved within the page (removed and added back
// in the same task) keeps its state.
import {expect} from '@open-wc/testing';
import {settledCount, waitUntil} from '../helpers/wait.js';
import {
  closeStrayWindows,
  drivePopup,
  openedWindows,
} from '../helpers/popup.js';
import {chooseSource} from '../helpers/flow.js';
import {findByRole, getByRole} from '../helpers/queries.js';
import {mountWidget} from '../helpers/widget.js';
import type {MockServiceHandle} from '../../sandbox/browser.js';

describe('removing the widget', () => {
  // Each test's login window is the only one: a window an earlier test or file left open would
  // be taken for it (WebKit, CI).
  beforeEach(async () => {
    const left = await closeStrayWindows('/sandbox/login.html');
    if (left) console.warn(`closed login windows left open: ${left}`);
  });

  it('in the middle of a login closes the popup and stops polling', async function () {
    this.timeout(this.timeout() + 2000); // about 1 s of waiting for no poll, on top of the flow
    const {el, mock} = await mountWidget();
    await chooseSource(el, 'mercy general', /^Mercy General Hospital/);
    const opened = openedWindows();
    try {
      getByRole(el, 'button', 'Allow').click();
    } finally {
      opened.restore();
    }
    await findByRole(el, 'heading', 'Sign in to Mercy General Hospital');
    const popupOpen = await drivePopup({
      urlIncludes: '/sandbox/login.html',
      steps: [{waitForText: 'Sign in to'}],
    });
    expect(popupOpen.ok, 'the login popup is open').to.be.true;
    await waitUntil(
      () => mock.service.requestsTo('GET', '/connections/:id').length >= 1,
      'polling started',
      {timeout: 4000}
    );

    el.remove();
    expect(opened.windows, 'the login popup').to.have.length(1);
    await waitUntil(
      () => opened.windows[0]!.closed,
      'the popup was closed with the widget'
    );
    // A poll sent just before the removal may reach the service a little later; once none has
    // come for many times the poll delay (QUICK_TIMINGS polls every 20-40 ms), none may follow.
    const polls = await settledCount(
      () => mock.service.requestsTo('GET', '/connections/:id').length,
      300,
      'polling stopped'
    );
    await new Promise((r) => setTimeout(r, 600));
    expect(
      mock.service.requestsTo('GET', '/connections/:id').length,
      'no poll after removal'
    ).to.equal(polls);
  });

  const FIRST_READS = ['/api/v1/session', '/api/v1/sources'];

  /**
   * Opens the widget with a token of its own, under `scenario`; resolves once the service has
   * the first requests (the session and the popular list, read together), with the paths of the
   * requests made with that token.
   */
  async function openUntilSessionRequested(
    scenario: Partial<MockServiceHandle['service']['scenario']>
  ) {
    const {el, mock} = await mountWidget({open: false});
    Object.assign(mock.service.scenario, scenario);
    const token = mock.service.issueSessionToken();
    el.token = token;
    el.show();
    const mine = () =>
      mock.service
        .requestsTo()
        .filter((r) => r.headers.authorization === `Bearer ${token}`)
        .map((r) => new URL(r.url).pathname)
        .sort();
    await waitUntil(
      () => mine().length === 2,
      'the session and popular list requests reached the service',
      {timeout: 4000}
    );
    return {el, mine};
  }

  it('while the session loads aborts the request and makes no more', async () => {
    // Removed once the service has the first requests (it answers 400 ms later): Firefox drops
    // a fetch aborted before its service worker saw it, so removing any sooner may leave the
    // service with no request at all, and the test with nothing to check.
    const {el, mine} = await openUntilSessionRequested({latencyMs: 400});
    el.remove();
    await new Promise((r) => setTimeout(r, 800));
    expect(mine(), 'nothing after the first requests').to.deep.equal(
      FIRST_READS
    );
  });

  it('after the headers of the session, while its body is on the way, aborts it: nothing follows', async () => {
    // The headers at once, the body 1 s later: a removal between the two must still end it (a
    // fetch settles on the headers, and the body is read after).
    const {el, mine} = await openUntilSessionRequested({
      latencyMs: 0,
      bodyDelayMs: 1000,
    });
    // The service answers the headers as soon as it has logged the request; a moment for them
    // to reach the page, well short of the body.
    await new Promise((r) => setTimeout(r, 250));
    el.remove();
    // Long after the body would have come: no search, no sync refresh, with this token.
    await new Promise((r) => setTimeout(r, 1800));
    expect(mine(), 'nothing after the first requests').to.deep.equal(
      FIRST_READS
    );
    expect(el.shadowRoot!.querySelector('[role="combobox"]')).to.equal(null);
  });
});
