/**
 * Coming from Human API Connect (issue 15, part 6): the page humanapi-connect-client 2.x's README
 * shows, word for word, with only its script tag changed (test/fixtures/hapi-readme.html), works
 * against the sandbox: its `.hapi__token-container` button opens the widget, and its
 * `HumanConnect.on(…)` hooks get payloads in Human API's shape: `currentConnections[].id` is the
 * source's id, and `requestedProviders` is at the top.
 */
import {expect} from '@open-wc/testing';
import type {CloseDetail, ConnectResult} from '../../src/events.js';
import {connectMercy, MERCY} from '../helpers/flow.js';
import {mockService, MOCK_SESSION_TOKEN} from '../helpers/mock-service.js';
import {closeStrayWindows} from '../helpers/popup.js';
import {findByRole, getByRole} from '../helpers/queries.js';
import {waitUntil} from '../helpers/wait.js';

type Logged = [string, unknown];
type PageWindow = Window & typeof globalThis & {HumanConnect?: {on: unknown}};

let frame: HTMLIFrameElement | undefined;
afterEach(() => frame?.remove());

/** The README's page in a frame, rendered with a token, and what its hooks log. */
async function openReadmePage() {
  const mock = await mockService();
  const query = new URLSearchParams({
    token: MOCK_SESSION_TOKEN,
    apiBase: mock.apiBase,
  });
  frame = document.createElement('iframe');
  frame.title = 'a page written for Human API Connect';
  frame.style.cssText = 'width: 800px; height: 700px; border: 0';
  frame.src = `/hapi-readme-page?${query}`;
  document.body.append(frame);
  // Loaded whole: the script tag in its head defines HumanConnect before its body is parsed.
  await waitUntil(
    () =>
      frame!.contentDocument?.readyState === 'complete' &&
      (frame!.contentWindow as PageWindow).HumanConnect,
    'the page, its script tag and its hooks'
  );
  const win = frame.contentWindow as PageWindow;
  // What the hooks write to the console, as the README's hooks do.
  const logged: Logged[] = [];
  win.console.log = win.console.error = (name: string, response: unknown) =>
    void logged.push([name, response]);
  return {mock, win, logged};
}

describe("Human API Connect's README page", () => {
  beforeEach(() => closeStrayWindows('/sandbox/login.html'));

  it('opens from its button, and its hooks hear connect and close in Human API shape', async () => {
    const {mock, win, logged} = await openReadmePage();
    getByRole(win.document.body, 'button', 'Open Connect').click();
    const widget = await waitUntil(
      () => win.document.querySelector('body > human-connect'),
      'the widget'
    ).then(() => win.document.querySelector('body > human-connect')!);
    await connectMercy(widget);
    await waitUntil(
      () => logged.some(([name]) => name === 'connect'),
      'connect'
    );

    const mercy = [...mock.service.state.sourcesById.values()].find(
      (s) => s.name === MERCY
    )!;
    const connection = [...mock.service.state.connections.values()].find(
      (c) => c.sourceId === mercy.id
    )!;
    const connect = logged.find(
      ([name]) => name === 'connect'
    )![1] as ConnectResult;
    expect(connect.sessionResults.connectedSources).to.deep.equal([
      {id: mercy.id, name: MERCY},
    ]);
    const current = connect.currentConnections.find((c) => c.name === MERCY);
    expect(current).to.include({id: mercy.id, connectionId: connection.id});
    expect(connect.requestedProviders).to.deep.equal([]);

    (await findByRole(widget, 'button', 'Done')).click();
    await waitUntil(() => logged.some(([name]) => name === 'close'), 'close');
    const close = logged.find(([name]) => name === 'close')![1] as CloseDetail;
    expect(close.reason).to.equal('done');
    expect(logged.map(([name]) => name)).to.deep.equal(['connect', 'close']);
  });
});
