import {expect, fixture, html, oneEvent} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import type {CloseDetail, ConnectResult, StepDetail} from '../../src/events.js';
import {connectMercy} from '../helpers/flow.js';
import {findByRole, getByRole} from '../helpers/queries.js';
import {mockService, MOCK_SESSION_TOKEN} from '../helpers/mock-service.js';
import {addScript, loadScriptTagUi, LOADER} from '../helpers/script-tag.js';

function managedWidget(): HTMLElement {
  return document.querySelector('body > human-connect')!;
}

/** A declarative launcher button, as a host page writes it. */
function launcher(apiBase: string): Promise<HTMLButtonElement> {
  return fixture<HTMLButtonElement>(
    html`<button
      data-hapi-token=${MOCK_SESSION_TOKEN}
      data-hapi-api-base=${apiBase}
    >
      Connect
    </button>`
  );
}

describe('script tag: window.HumanConnect and launchers', () => {
  before(loadScriptTagUi);
  afterEach(() => window.HumanConnect?.close());

  it('opens from a data-hapi-token launcher and reports through on() and the promise', async () => {
    const mock = await mockService();
    const api = window.HumanConnect!;
    const connects: ConnectResult[] = [];
    const onConnect = (d: ConnectResult) => connects.push(d);
    api.on('connect', onConnect);
    try {
      const button = await launcher(mock.apiBase);
      button.focus();
      button.click();
      const el = managedWidget();
      await connectMercy(el);
      expect(connects).to.have.length(1);
      expect(connects[0].sessionToken).to.equal(MOCK_SESSION_TOKEN);
      getByRole(el, 'button', 'Done').click();
      await waitUntil(() => !(el as HTMLElement & {open: boolean}).open);
      expect(document.activeElement).to.equal(button);
    } finally {
      api.off('connect', onConnect);
    }
  });

  it('open() resolves with the close detail, calls its callbacks, and close() closes', async () => {
    const mock = await mockService();
    const seen: string[] = [];
    const closed = window.HumanConnect!.open({
      token: MOCK_SESSION_TOKEN,
      apiBase: mock.apiBase,
      onClose: () => seen.push('close'),
      onError: () => seen.push('error'),
    });
    const again = window.HumanConnect!.open({token: 'other'});
    expect(again, 'a second open() while open opens nothing new').to.equal(
      closed
    );
    await findByRole(managedWidget(), 'option', /Kaiser/);
    window.HumanConnect!.close();
    const detail: CloseDetail = await closed;
    expect(detail.reason).to.equal('user');
    expect(seen).to.deep.equal(['close']);
    expect(mock.service.requestsTo('GET', '/session')).to.have.length(1);
  });

  it('open() to a source, locked, with onStep and on("step") hearing each step', async () => {
    const mock = await mockService();
    const mercy = [...mock.service.state.sourcesById.values()].find(
      (source) => source.name === 'Mercy General Hospital'
    )!;
    const fromOption: string[] = [];
    const fromOn: string[] = [];
    const onStep = (detail: StepDetail) => fromOn.push(detail.step);
    window.HumanConnect!.on('step', onStep);
    try {
      const closed = window.HumanConnect!.open({
        token: MOCK_SESSION_TOKEN,
        apiBase: mock.apiBase,
        sourceId: mercy.id,
        lockSource: true,
        featuredSources: [mercy.id],
        onStep: (detail) => fromOption.push(detail.step),
      });
      const el = managedWidget();
      await findByRole(
        el,
        'heading',
        'Acme Health Coach wants to connect to Mercy General Hospital'
      );
      getByRole(el, 'button', 'Decline').click();
      expect((await closed).lastStep).to.equal('decline');
      expect(fromOption).to.deep.equal(['open', 'consent', 'decline', 'close']);
      expect(fromOn).to.deep.equal(fromOption);
      expect(mock.service.requestsTo('GET', '/sources')).to.have.length(0);
    } finally {
      window.HumanConnect!.off('step', onStep);
    }
  });

  it('open() on the repair of a connection (connectionId)', async () => {
    const mock = await mockService();
    const fitbit = [...mock.service.state.connections.values()].find(
      (c) => c.sourceName === 'Fitbit'
    )!;
    mock.service.breakConnection(fitbit.id);
    const closed = window.HumanConnect!.open({
      token: MOCK_SESSION_TOKEN,
      apiBase: mock.apiBase,
      connectionId: fitbit.id,
    });
    const el = managedWidget();
    await findByRole(el, 'heading', 'Reconnect Fitbit');
    getByRole(el, 'button', 'Your connected sources').click();
    await findByRole(el, 'button', 'Reconnect Fitbit');
    window.HumanConnect!.close();
    expect((await closed).lastStep).to.equal('connections');
    expect(mock.service.requestsTo('GET', '/sources')).to.have.length(0);
  });

  it('uses launchers added later and tokens changed later', async () => {
    const mock = await mockService();
    const fresh = mock.service.issueSessionToken();
    const link = document.createElement('a');
    link.href = '#connect';
    link.textContent = 'Connect';
    link.dataset.hapiToken = 'stale-token';
    link.dataset.hapiApiBase = mock.apiBase;
    document.body.append(link);
    try {
      link.dataset.hapiToken = fresh;
      link.click();
      await findByRole(managedWidget(), 'option', /Kaiser/);
      expect(location.hash, 'the launcher link was not followed').to.equal('');
      expect(
        mock.service.requestsTo('GET', '/session')[0].headers.authorization
      ).to.equal(`Bearer ${fresh}`);
    } finally {
      link.remove();
    }
  });

  it('takes no option from a polluted Object.prototype, from a launcher or from open()', async () => {
    const evil = 'https://evil.example/v1';
    const polluted = Object.prototype as Record<string, unknown>;
    polluted.hapiApiBase = polluted.apiBase = evil;
    try {
      const button = await fixture<HTMLButtonElement>(
        html`<button data-hapi-token=${MOCK_SESSION_TOKEN}>Connect</button>`
      );
      button.click();
      const el = managedWidget() as HTMLElement & {apiBase?: string};
      expect(el.apiBase).to.not.equal(evil);
      // Opened and closed in one task: it closes all the same, and open() then opens anew.
      let closed = oneEvent(el, 'close');
      window.HumanConnect!.close();
      await closed;
      el.apiBase = 'https://set-before.example/v1';
      void window.HumanConnect!.open({token: MOCK_SESSION_TOKEN});
      expect(el.apiBase).to.not.equal(evil);
      expect(el.apiBase, 'open() set it anew').to.not.equal(
        'https://set-before.example/v1'
      );
      closed = oneEvent(el, 'close');
      window.HumanConnect!.close();
      await closed;
    } finally {
      delete polluted.hapiApiBase;
      delete polluted.apiBase;
    }
  });

  it('close() then open() in one task: the first opening closes, then the second opens', async () => {
    const mock = await mockService();
    const first = window.HumanConnect!.open({
      token: MOCK_SESSION_TOKEN,
      apiBase: mock.apiBase,
    });
    await findByRole(managedWidget(), 'option', /Kaiser/);
    window.HumanConnect!.close();
    const second = window.HumanConnect!.open({
      token: MOCK_SESSION_TOKEN,
      apiBase: mock.apiBase,
    });
    expect(second).to.not.equal(first);
    expect((await first).reason).to.equal('user');
    await findByRole(managedWidget(), 'option', /Kaiser/);
    window.HumanConnect!.close();
    expect((await second).reason).to.equal('user');
  });

  it('a widget the page took away while open (a new <body>): the next open() opens anew', async () => {
    const mock = await mockService();
    const first = window.HumanConnect!.open({
      token: MOCK_SESSION_TOKEN,
      apiBase: mock.apiBase,
    });
    const el = managedWidget();
    await findByRole(el, 'option', /Kaiser/);
    el.remove();
    await new Promise((resolve) => setTimeout(resolve));
    const second = window.HumanConnect!.open({
      token: MOCK_SESSION_TOKEN,
      apiBase: mock.apiBase,
    });
    expect((await first).reason).to.equal('user');
    await findByRole(managedWidget(), 'option', /Kaiser/);
    window.HumanConnect!.close();
    await second;
  });

  it('does nothing the second time the script loads: no new API, no doubled events', async () => {
    const mock = await mockService();
    const api = window.HumanConnect;
    await addScript(`${LOADER}?loaded-twice`);
    expect(window.HumanConnect).to.equal(api);

    let connects = 0;
    const count = () => connects++;
    api!.on('connect', count);
    try {
      const button = await launcher(mock.apiBase);
      button.click();
      await connectMercy(managedWidget());
      expect(mock.service.requestsTo('GET', '/session')).to.have.length(1);
      expect(connects).to.equal(1);
    } finally {
      api!.off('connect', count);
    }
  });
});

describe('several widgets on one page', () => {
  it('keep their events, state and popups apart', async () => {
    const mock = await mockService();
    const other = mock.service.issueSessionToken();
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <human-connect
          id="a"
          display="inline"
          .token=${MOCK_SESSION_TOKEN}
          api-base=${mock.apiBase}
        ></human-connect>
        <human-connect
          id="b"
          display="inline"
          .token=${other}
          api-base=${mock.apiBase}
        ></human-connect>
      </div>`
    );
    const [a, b] = Array.from(page.querySelectorAll('human-connect'));
    const events: string[] = [];
    for (const el of [a, b]) {
      for (const type of ['connect', 'close', 'error']) {
        el.addEventListener(type, (e) => {
          events.push(`${el.id}:${type}`);
          e.stopPropagation();
        });
      }
    }
    a.show();
    b.show();
    const bField = await findByRole<HTMLInputElement>(b, 'combobox');
    await connectMercy(a);
    expect(events).to.deep.equal(['a:connect']);
    // b is still where it was, with its own session and token.
    expect(bField.isConnected).to.be.true;
    expect(getByRole(b, 'heading', 'Find your provider')).to.exist;
    const bRequests = mock.service
      .requestsTo()
      .filter((r) => r.headers.authorization === `Bearer ${other}`);
    // (read together: in either order)
    expect(bRequests.map((r) => new URL(r.url).pathname).sort()).to.deep.equal([
      '/api/v1/session',
      '/api/v1/sources',
    ]);
  });
});
