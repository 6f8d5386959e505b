/**
 * examples/react/: the React 19 app with `<HumanConnect>` from human-connect/react,
 * mounted on the test page against the mock Connect service and a fake host server.
 */
import {expect, waitUntil} from '@open-wc/testing';
import {createElement} from 'react';
import {createRoot, type Root} from 'react-dom/client';
import {flushSync} from 'react-dom';
import {App} from '../../examples/react/App.js';
import type {CloseDetail, ConnectResult} from '../../src/events.js';
import type {HumanConnectElement} from '../../src/human-connect.js';
import {findText, getByRole} from '../helpers/queries.js';
import {connectMercy, MERCY, mockServices, resultsReceived} from './example-helpers.js';

describe('examples/react: <HumanConnect> in a React app', () => {
  let container: HTMLElement | undefined;
  let reactRoot: Root | undefined;

  afterEach(() => {
    reactRoot?.unmount();
    container?.remove();
  });

  it('opens on its button, shows what onConnect reported, and forwards connect and close', async () => {
    const {server} = await mockServices();
    container = document.createElement('div');
    document.body.append(container);
    reactRoot = createRoot(container);
    flushSync(() => reactRoot!.render(createElement(App)));

    const widget = container.querySelector<HumanConnectElement>('human-connect')!;
    expect(widget, 'the element is rendered, closed').to.exist;
    expect(widget.open).to.be.false;

    const button = getByRole<HTMLButtonElement>(container, 'button', 'Connect your health data');
    button.focus();
    button.click();
    await waitUntil(() => widget.open, 'the widget opened');
    const token = server.sessionTokens[0]!;
    expect(widget.token, 'the token from the server, passed as a property').to.equal(token);
    expect(widget.apiBase).to.match(/\/api\/v1$/);
    expect(widget.tokenProvider, 'a function prop reaches the element').to.be.a('function');

    await connectMercy(widget);
    await findText(container, `Connected: ${MERCY}`);
    const [connect] = (await resultsReceived(server, 1)) as ConnectResult[];
    expect(connect.sessionToken).to.equal(token);
    expect(connect.sessionResults.connectedSources.map((s) => s.name)).to.deep.equal([MERCY]);

    getByRole(widget, 'button', 'Done').click();
    const [, close] = (await resultsReceived(server, 2)) as [ConnectResult, CloseDetail];
    expect(close.reason).to.equal('done');
    expect(close.sessionToken).to.equal(token);
    expect(widget.open).to.be.false;
    expect(document.activeElement, 'focus is back on the button').to.equal(button);

    // Open again: React's `open` went back to false, so the button opens it once more.
    button.click();
    await waitUntil(() => widget.open, 'the widget opened again');
    expect(widget.token, 'a fresh token for the new session').to.equal(server.sessionTokens[1]);
    widget.hide();
    await resultsReceived(server, 3);
    expect(server.results).to.have.length(3);
  });
});
