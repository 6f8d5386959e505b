import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {chooseSource, logInInPopup} from '../helpers/flow.js';
import {
  findByRole,
  findText,
  getByRole,
  queryByRole,
} from '../helpers/queries.js';
import {mountWidget} from '../helpers/widget.js';

describe('connected sources view', () => {
  it('lists connections with their status, and passes axe', async () => {
    const {el} = await mountWidget();
    (await findByRole(el, 'button', 'Your connected sources (1)')).click();
    await findByRole(el, 'heading', 'Your connected sources');
    await findText(el, 'Fitbit');
    await findText(el, 'Up to date');
    await expect(el).to.be.accessible();
    getByRole(el, 'button', 'Connect a source').click();
    await findByRole(el, 'combobox');
  });

  it('says what each source shares, by the consent’s names, and nothing where the service does not say', async () => {
    const {el, mock} = await mountWidget({open: false});
    const [fitbit] = mock.service.state.connections.values();
    // What the person allowed: the required scope and one optional one.
    fitbit!.scopes = ['medications', 'vitals'];
    el.show();
    (await findByRole(el, 'button', 'Your connected sources (1)')).click();
    await findText(el, 'Shares: Medications and Vitals & activity');

    // A connection the service says nothing of shares nothing the person is told of.
    el.hide();
    delete fitbit!.scopes;
    el.show();
    (await findByRole(el, 'button', 'Your connected sources (1)')).click();
    await findText(el, 'Up to date');
    expect(el.shadowRoot!.textContent).not.to.contain('Shares:');
  });

  it('shows a new connection syncing, with progress refreshed until synced', async function () {
    // The login, then the mock's 5 s of syncing: on a busy machine, a while.
    this.timeout(this.timeout() + 15000);
    const {el} = await mountWidget();
    await chooseSource(el, 'mercy general', /^Mercy General Hospital/);
    getByRole(el, 'button', 'Allow').click();
    await logInInPopup();
    await findByRole(el, 'heading', 'Mercy General Hospital is connected');
    getByRole(el, 'button', 'Connect another source').click();
    (await findByRole(el, 'button', 'Your connected sources (2)')).click();
    const bar = await findByRole<HTMLProgressElement>(
      el,
      'progressbar',
      'Syncing Mercy General Hospital'
    );
    const first = bar.value;
    await waitUntil(
      () => !queryByRole(el, 'progressbar'),
      'synced within the mock’s 5 s',
      {timeout: 20000}
    );
    expect(first).to.be.below(100);
    await findText(el, 'Up to date');
  });

  it('disconnects after confirmation and tells the host', async () => {
    const {el, of, mock} = await mountWidget();
    (await findByRole(el, 'button', 'Your connected sources (1)')).click();
    const disconnect = await findByRole(el, 'button', 'Disconnect Fitbit');
    disconnect.focus();
    disconnect.click();
    const question = await findByRole(el, 'alertdialog', 'Disconnect Fitbit?');
    await expect(el).to.be.accessible();
    getByRole(question, 'button', 'Cancel').click();
    await waitUntil(() => !queryByRole(el, 'alertdialog'));
    expect(
      el.shadowRoot!.activeElement === disconnect,
      'focus returns to the button that asked'
    ).to.be.true;
    expect(mock.service.requestsTo('DELETE')).to.have.length(0);

    getByRole(el, 'button', 'Disconnect Fitbit').click();
    getByRole(
      await findByRole(el, 'alertdialog'),
      'button',
      'Disconnect'
    ).click();
    await findText(el, 'You have not connected any sources yet.');
    expect(mock.service.requestsTo('DELETE')).to.have.length(1);
    const [detail] = of('disconnect');
    const fitbit = mock.service.state.sources.find((s) => s.name === 'Fitbit')!;
    expect(detail.sessionResults.disconnectedSources).to.deep.equal([
      {id: fitbit.id, name: 'Fitbit'},
    ]);
    expect(detail.currentConnections).to.have.length(0);
  });

  it('keeps the connection and says why when disconnecting fails', async () => {
    const {el, of, mock} = await mountWidget();
    mock.service.scenario.failOn = {
      method: 'DELETE',
      path: '/connections/:id',
      status: 500,
    };
    (await findByRole(el, 'button', 'Your connected sources (1)')).click();
    (await findByRole(el, 'button', 'Disconnect Fitbit')).click();
    getByRole(
      await findByRole(el, 'alertdialog'),
      'button',
      'Disconnect'
    ).click();
    await findByRole(el, 'alert');
    expect(getByRole(el, 'button', 'Disconnect Fitbit')).to.exist;
    expect(of('disconnect')).to.have.length(0);
    expect(of('error')[0].error.code).to.equal('server_error');
  });
});
