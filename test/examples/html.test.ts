/**
 * examples/html/: a plain page with the script-tag bundle, a `data-hapi-token`
 * launcher and a `HumanConnect.open()` button, driven through app.js with the
 * page's own markup (read from its index.html), against the mock Connect
 * service and a fake host server (both msw).
 */
import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import type {CloseDetail, ConnectResult} from '../../src/events.js';
import type {HumanConnectElement} from '../../src/human-connect.js';
import {start, type StartedApp} from '../../examples/html/app.js';
import {findByRole, findText, getByRole} from '../helpers/queries.js';
import {MOCK_SESSION_TOKEN} from '../helpers/mock-service.js';
import {loadScriptTagUi} from '../helpers/script-tag.js';
import {
  connectMercy,
  MERCY,
  mockServices,
  resultsReceived,
} from './example-helpers.js';

/** The page's `<main id="app">`, from examples/html/index.html, put on the test page. */
async function mountPage(): Promise<HTMLElement> {
  const html = await (await fetch('/examples/html/index.html')).text();
  const main = new DOMParser()
    .parseFromString(html, 'text/html')
    .querySelector('#app')!;
  const root = document.importNode(main, true) as HTMLElement;
  document.body.append(root);
  return root;
}

function managedWidget(): HumanConnectElement {
  return document.querySelector('body > human-connect')!;
}

describe('examples/html: the script tag in a plain page', () => {
  before(loadScriptTagUi);
  let root: HTMLElement | undefined;
  let app: StartedApp | undefined;

  afterEach(() => {
    window.HumanConnect?.close();
    app?.stop();
    root?.remove();
  });

  it('connects a source from the data-hapi-token launcher and forwards the results', async () => {
    const {server} = await mockServices();
    root = await mountPage();
    app = start({root});
    await app.ready;

    const launcher = getByRole<HTMLButtonElement>(
      root,
      'button',
      'Connect your health data'
    );
    expect(launcher.disabled).to.be.false;
    const token = server.sessionTokens[0]!;
    expect(launcher.dataset.hapiToken).to.equal(token);

    launcher.focus();
    launcher.click();
    const widget = managedWidget();
    await connectMercy(widget);

    await findText(root, `Connected: ${MERCY}`);
    const [connect] = (await resultsReceived(server, 1)) as ConnectResult[];
    expect(connect.sessionToken).to.equal(token);
    expect(
      connect.sessionResults.connectedSources.map((s) => s.name)
    ).to.deep.equal([MERCY]);
    await findText(root, `connect: your server verified ${MERCY}`);

    getByRole(widget, 'button', 'Done').click();
    await waitUntil(() => !widget.open);
    const [, close] = (await resultsReceived(server, 2)) as [
      ConnectResult,
      CloseDetail,
    ];
    expect(close.reason).to.equal('done');
    expect(close.sessionToken).to.equal(token);
    expect(document.activeElement, 'focus is back on the launcher').to.equal(
      launcher
    );

    // After the session the launcher gets a fresh token for the next one.
    await waitUntil(
      () => launcher.dataset.hapiToken === server.sessionTokens[1]
    );
    expect(server.results, 'each event forwarded once').to.have.length(2);
  });

  it('connects a source through HumanConnect.open() and forwards each event once', async () => {
    const {server} = await mockServices();
    root = await mountPage();
    app = start({root});
    await app.ready;

    const button = getByRole<HTMLButtonElement>(
      root,
      'button',
      'Connect with HumanConnect.open()'
    );
    button.focus();
    button.click();
    await waitUntil(() => managedWidget()?.open, 'the widget opened');
    // The launcher's token, then the one fetched for this opening.
    const token = server.sessionTokens[1]!;
    expect(managedWidget().token).to.equal(token);

    const widget = managedWidget();
    await connectMercy(widget);
    await findText(root, `Connected: ${MERCY}`);

    getByRole(widget, 'button', 'Done').click();
    const results = (await resultsReceived(server, 2)) as [
      ConnectResult,
      CloseDetail,
    ];
    expect(results.map((r) => r.sessionToken)).to.deep.equal([token, token]);
    expect(
      results[0].sessionResults.connectedSources.map((s) => s.name)
    ).to.deep.equal([MERCY]);
    expect(results[1].reason).to.equal('done');
    expect(document.activeElement, 'focus is back on the button').to.equal(
      button
    );

    // Nothing more arrives: on() left this session to open()'s callbacks.
    await new Promise((r) => setTimeout(r, 100));
    expect(server.results).to.have.length(2);
  });

  it('says so when the server refuses the results (a token it did not issue)', async () => {
    const {mock, server} = await mockServices();
    root = await mountPage();
    // A token the Connect service accepts but this server never issued.
    app = start({
      root,
      fetchSession: async () => ({
        sessionToken: MOCK_SESSION_TOKEN,
        apiBase: mock.apiBase,
      }),
    });
    await app.ready;
    getByRole(root, 'button', 'Connect your health data').click();
    await findByRole(managedWidget(), 'combobox', /search for your hospital/i);
    window.HumanConnect!.close();
    await findText(
      root,
      'close: your server refused it (/api/human-connect/results answered 403)'
    );
    expect((server.results[0] as CloseDetail).sessionToken).to.equal(
      MOCK_SESSION_TOKEN
    );
  });
});
