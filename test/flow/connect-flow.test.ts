import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {
  closeStrayWindows,
  drivePopup,
  openedWindows,
} from '../helpers/popup.js';
import {chooseSource, logInInPopup} from '../helpers/flow.js';
import {
  findByRole,
  findText,
  getByRole,
  queryByRole,
} from '../helpers/queries.js';
import {mountWidget} from '../helpers/widget.js';
import {MOCK_LOCKED_USERNAME} from '../../sandbox/connect-service.js';

const MERCY = /^Mercy General Hospital/;

describe('consent view', () => {
  it('shows the app, the source, each scope and the links, and passes axe', async () => {
    const {el} = await mountWidget();
    await chooseSource(el, 'mercy general', MERCY);
    const heading = await findByRole(
      el,
      'heading',
      'Acme Health Coach wants to connect to Mercy General Hospital'
    );
    expect(
      el.shadowRoot!.activeElement === heading,
      'focus moves to the new view'
    ).to.be.true;
    for (const label of [
      'Profile & demographics',
      'Medications',
      'Test results',
    ]) {
      await findText(el, label);
    }
    const terms = getByRole<HTMLAnchorElement>(el, 'link', 'Terms of service');
    expect(terms.href).to.equal('https://acme-health.example/terms');
    expect(terms.target).to.equal('_blank');
    expect(terms.rel).to.equal('noopener noreferrer');
    expect(
      getByRole<HTMLAnchorElement>(el, 'link', 'Privacy policy').href
    ).to.match(/^https:/);
    await expect(el).to.be.accessible();
  });

  it('lets the person choose the optional scopes, and sends only what they allowed', async () => {
    const {el, mock} = await mountWidget({display: 'inline'});
    await chooseSource(el, 'mercy general', MERCY);
    const profile = getByRole<HTMLInputElement>(
      el,
      'checkbox',
      /^Profile & demographics/
    );
    const vitals = getByRole<HTMLInputElement>(el, 'checkbox', /^Vitals/);
    expect(
      [profile.checked, vitals.checked],
      'as the service says'
    ).to.deep.equal([true, false]);
    // The required ones are no boxes to untick.
    expect(queryByRole(el, 'checkbox', /^Medications/)).to.equal(null);
    profile.click();
    vitals.click();
    await expect(el).to.be.accessible();
    const popups = openedWindows();
    try {
      getByRole(el, 'button', 'Allow').click();
      await waitUntil(
        () => mock.service.requestsTo('POST', '/connections').length === 1,
        'the connection'
      );
    } finally {
      popups.restore();
      for (const popup of popups.windows) popup.close();
    }
    const body = mock.service.requestsTo('POST', '/connections')[0]!.body as {
      consent: {scopes: string[]};
    };
    expect(body.consent.scopes).to.include('vitals');
    expect(body.consent.scopes).not.to.include('profile');
    expect(body.consent.scopes).to.include('medications');
  });

  it('goes back to search on Decline, keeping the query', async () => {
    const {el} = await mountWidget();
    await chooseSource(el, 'mercy general', MERCY);
    getByRole(el, 'button', 'Decline').click();
    const field = await findByRole<HTMLInputElement>(el, 'combobox');
    expect(field.value).to.equal('mercy general');
    await findByRole(el, 'option', MERCY);
  });
});

describe('connecting through the popup', () => {
  // Each test's login window is the only one: a window an earlier test or file left open would
  // be taken for it (WebKit, CI).
  beforeEach(async () => {
    const left = await closeStrayWindows('/sandbox/login.html');
    if (left) console.warn(`closed login windows left open: ${left}`);
  });

  it('waits for the login, then shows success with sync progress', async () => {
    const {el, of} = await mountWidget();
    await chooseSource(el, 'mercy general', MERCY);
    getByRole(el, 'button', 'Allow').click();
    await findByRole(el, 'heading', 'Sign in to Mercy General Hospital');
    await expect(el).to.be.accessible();
    await logInInPopup();
    await findByRole(el, 'heading', 'Mercy General Hospital is connected');
    await findByRole(el, 'progressbar', 'Syncing Mercy General Hospital');
    await expect(el).to.be.accessible();
    expect(of('connect')).to.have.length(1);
  });

  it('shows a failed login with a retry, and tells the host', async () => {
    const {el, of} = await mountWidget();
    await chooseSource(el, 'mercy general', MERCY);
    getByRole(el, 'button', 'Allow').click();
    await logInInPopup(MOCK_LOCKED_USERNAME);
    await findByRole(
      el,
      'heading',
      'We could not connect Mercy General Hospital'
    );
    await expect(el).to.be.accessible();
    expect(of('error')[0].error.code).to.equal('login_failed');
    expect(of('connect')).to.have.length(0);
    getByRole(el, 'button', 'Try again').click();
    await findByRole(el, 'button', 'Allow');
  });

  it('reports a source that is unavailable', async () => {
    const {el, of, mock} = await mountWidget();
    await chooseSource(el, 'mercy general', MERCY);
    mock.service.scenario.failOn = {
      method: 'POST',
      path: '/connections',
      status: 503,
      code: 'source_unavailable',
    };
    getByRole(el, 'button', 'Allow').click();
    const alert = await findByRole(el, 'alert');
    expect(alert.textContent).to.match(/not available right now/);
    expect(of('error')[0].error.code).to.equal('source_unavailable');
  });

  it('offers a link in a new tab when the popup is blocked, and keeps polling', async () => {
    const {el, of, mock} = await mountWidget();
    mock.service.scenario.popupBlocked = true;
    try {
      await chooseSource(el, 'mercy general', MERCY);
      getByRole(el, 'button', 'Allow').click();
      const link = await findByRole<HTMLAnchorElement>(
        el,
        'link',
        'Sign in to Mercy General Hospital in a new tab'
      );
      expect(link.target).to.equal('_blank');
      expect(link.rel).to.include('noopener');
      await expect(el).to.be.accessible();
      link.click();
      await logInInPopup();
      await findByRole(
        el,
        'heading',
        'Mercy General Hospital is connected',
        8000
      );
      expect(of('connect')).to.have.length(1);
    } finally {
      mock.service.scenario.popupBlocked = false;
    }
  });

  it('notices a closed popup and can open it again', async () => {
    const {el, of} = await mountWidget();
    await chooseSource(el, 'mercy general', MERCY);
    getByRole(el, 'button', 'Allow').click();
    await findByRole(el, 'heading', 'Sign in to Mercy General Hospital');
    const closed = await drivePopup({
      urlIncludes: '/sandbox/login.html',
      steps: [{close: true}],
    });
    expect(closed.ok).to.be.true;
    await findByRole(el, 'heading', 'The login window was closed');
    await expect(el).to.be.accessible();
    getByRole(el, 'button', 'Reopen login window').click();
    await findByRole(el, 'heading', 'Sign in to Mercy General Hospital');
    await logInInPopup();
    await findByRole(el, 'heading', 'Mercy General Hospital is connected');
    expect(of('connect')).to.have.length(1);
  });

  it('asks before leaving in the middle of connecting', async () => {
    const {el, of} = await mountWidget();
    await chooseSource(el, 'mercy general', MERCY);
    const opened = openedWindows();
    try {
      getByRole(el, 'button', 'Allow').click();
    } finally {
      opened.restore();
    }
    await findByRole(el, 'heading', 'Sign in to Mercy General Hospital');

    getByRole(el, 'button', 'Close').click();
    const question = await findByRole(el, 'alertdialog', 'Stop connecting?');
    await expect(el).to.be.accessible();
    const keep = getByRole(question, 'button', 'Keep connecting');
    expect(
      el.shadowRoot!.activeElement === keep,
      'focus starts on the safe answer'
    ).to.be.true;
    keep.click();
    await waitUntil(() => !queryByRole(el, 'alertdialog'));
    expect(el.open).to.be.true;
    await findByRole(el, 'heading', 'Sign in to Mercy General Hospital');

    getByRole(el, 'button', 'Close').click();
    getByRole(await findByRole(el, 'alertdialog'), 'button', 'Leave').click();
    await waitUntil(() => !el.open);
    expect(of('close')[0].reason).to.equal('user');
    expect(opened.windows, 'the login popup').to.have.length(1);
    await waitUntil(
      () => opened.windows[0]!.closed,
      'the popup is closed with the widget'
    );
  });

  it('makes one connection and one connect event for a double click on Allow', async () => {
    const {el, of, mock} = await mountWidget();
    await chooseSource(el, 'mercy general', MERCY);
    const allow = getByRole(el, 'button', 'Allow');
    allow.click();
    allow.click();
    await logInInPopup();
    await findByRole(el, 'heading', 'Mercy General Hospital is connected');
    expect(mock.service.requestsTo('POST', '/connections')).to.have.length(1);
    expect(of('connect')).to.have.length(1);
  });
});
