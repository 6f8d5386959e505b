import {expect} from '@open-wc/testing';
import {waitUntil} from './helpers/wait.js';
import {sendKeys} from '@web/test-runner-commands';
import {drivePopup} from './helpers/popup.js';
import {
  findByRole,
  findText,
  getByRole,
  queryByRole,
} from './helpers/queries.js';
import {MOCK_SESSION_TOKEN, mountWidget, typeInto} from './helpers/widget.js';
import {MOCK_LOGIN} from '../sandbox/connect-service.js';
import {connectMercy} from './helpers/flow.js';

describe('<human-connect> end to end', () => {
  it('connects a hospital: search, consent, popup login, success, connect event', async () => {
    const {el, of, mock} = await mountWidget();
    const search = await findByRole<HTMLInputElement>(
      el,
      'combobox',
      /search for your hospital/i
    );
    await typeInto(search, 'mercy');
    const option = await findByRole(el, 'option', /Mercy General Hospital/);
    option.click();

    await findByRole(
      el,
      'heading',
      /wants to connect to Mercy General Hospital/
    );
    getByRole(el, 'button', 'Allow').click();

    const popup = await drivePopup({
      urlIncludes: '/sandbox/login.html',
      steps: [
        {fill: {label: 'Username', value: MOCK_LOGIN.username}},
        {fill: {label: 'Password', value: MOCK_LOGIN.password}},
        {click: {name: 'Sign in'}},
        {fill: {label: 'Verification code', value: MOCK_LOGIN.code}},
        {click: {name: 'Verify'}},
        {waitForClose: true},
      ],
    });
    expect(popup, JSON.stringify(popup)).to.include({ok: true});

    await findByRole(el, 'heading', 'Mercy General Hospital is connected');
    const [connect] = of('connect');
    expect(connect.sessionToken).to.equal(MOCK_SESSION_TOKEN);
    expect(connect.status).to.equal('SUCCESS');
    const mercy = mock.service.state.sources.find(
      (s) => s.name === 'Mercy General Hospital'
    )!;
    expect(connect.sessionResults.connectedSources).to.deep.equal([
      {id: mercy.id, name: 'Mercy General Hospital'},
    ]);
    expect(connect.currentConnections.map((c) => c.name)).to.include(
      'Mercy General Hospital'
    );

    // The request that made the connection carried the consent and a fresh state.
    const [create] = mock.service.requestsTo('POST', '/connections');
    const body = create.body as {consent: {scopes: string[]}; state: string};
    expect(body.state).to.match(/^[0-9a-f]{32}$/);
    expect(body.consent.scopes.length).to.be.greaterThan(0);

    getByRole(el, 'button', 'Done').click();
    await el.updateComplete;
    expect(el.open).to.be.false;
    const [close] = of('close');
    expect(close.reason).to.equal('done');
    expect(close.sessionResults.connectedSources).to.have.length(1);
  });

  it('closes on Esc and gives focus back to what had it', async () => {
    const {el, of} = await mountWidget();
    await findByRole(el, 'combobox');
    await sendKeys({press: 'Escape'});
    await el.updateComplete;
    expect(el.open).to.be.false;
    expect(of('close')[0].reason).to.equal('user');
    expect(document.activeElement?.id).to.equal('launcher');
  });

  it('clears the query on the first Esc and closes on the next', async () => {
    const {el} = await mountWidget();
    const field = await findByRole<HTMLInputElement>(el, 'combobox');
    await typeInto(field, 'quest');
    await sendKeys({press: 'Escape'});
    await el.updateComplete;
    expect(field.value).to.equal('');
    expect(el.open).to.be.true;
    await sendKeys({press: 'Escape'});
    await el.updateComplete;
    expect(el.open).to.be.false;
  });

  it('announces results in a live region', async () => {
    const {el} = await mountWidget();
    await typeInto(await findByRole(el, 'combobox'), 'mercy general');
    await waitUntil(
      () => /^\d+ results?$/.test(getByRole(el, 'status').textContent!.trim()),
      'result count announced'
    );
  });

  it('keeps its state when moved in the page, and starts over when put back later', async () => {
    const {el} = await mountWidget({display: 'inline'});
    const field = await findByRole<HTMLInputElement>(el, 'combobox');
    await typeInto(field, 'quest');
    const host = el.parentElement!;
    const other = document.createElement('div');
    host.append(other);
    other.append(el); // a move: removed and added in the same task
    await el.updateComplete;
    expect((await findByRole<HTMLInputElement>(el, 'combobox')).value).to.equal(
      'quest'
    );

    el.remove();
    await new Promise((r) => setTimeout(r, 20));
    other.append(el);
    await findByRole(el, 'option', /Kaiser/);
  });

  it('opens one widget when show() is called twice', async () => {
    const {el, mock} = await mountWidget({open: false});
    // A token of its own, so that requests of widgets from earlier tests cannot be counted.
    const token = mock.service.issueSessionToken();
    el.token = token;
    el.show();
    el.show();
    await findByRole(el, 'combobox');
    const sessions = mock.service
      .requestsTo('GET', '/session')
      .filter((r) => r.headers.authorization === `Bearer ${token}`);
    expect(sessions).to.have.length(1);
  });

  it('closes with the close button and with hide()', async () => {
    const {el, of} = await mountWidget();
    (await findByRole(el, 'button', 'Close')).click();
    await el.updateComplete;
    expect(el.open).to.be.false;
    expect(el.hasAttribute('open')).to.be.false;
    expect(of('close')).to.have.length(1);
    expect(document.activeElement?.id).to.equal('launcher');

    el.show();
    await findByRole(el, 'combobox');
    el.hide();
    await el.updateComplete;
    expect(of('close')).to.have.length(2);
    expect(queryByRole(el, 'dialog')).to.equal(null);
  });

  it('shown and hidden in one task: one close, with nothing of the last opening in it, and no request', async () => {
    const {el, of, mock} = await mountWidget();
    await connectMercy(el);
    el.hide();
    await el.updateComplete;
    const token = mock.service.issueSessionToken();
    el.token = token;
    el.show();
    el.hide();
    await el.updateComplete;
    expect(el.open).to.be.false;
    const closes = of('close');
    expect(closes).to.have.length(2);
    expect(closes[1].sessionToken).to.equal(token);
    expect(closes[1].sessionResults.connectedSources).to.deep.equal([]);
    expect(
      mock.service
        .requestsTo()
        .filter((r) => r.headers.authorization === `Bearer ${token}`)
    ).to.have.length(0);
  });

  it('opens from the open attribute and shows the app name', async () => {
    const {el} = await mountWidget({open: false});
    el.setAttribute('open', '');
    await findByRole(el, 'heading', 'Acme Health Coach');
    expect(await findByRole(el, 'dialog', 'Acme Health Coach')).to.exist;
  });

  it('renders inline inside the host container', async () => {
    const {el} = await mountWidget({display: 'inline'});
    await findByRole(el, 'region', 'Acme Health Coach');
    expect(queryByRole(el, 'dialog')).to.equal(null);
    await findText(el, 'Popular providers');
  });
});
