/**
 * examples/react/: the React 19 app with `<HumanConnect>` from human-connect/react,
 * mounted on the test page against the mock Connect service and a fake host server.
 */
import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {createElement} from 'react';
import {createRoot, type Root} from 'react-dom/client';
import {flushSync} from 'react-dom';
import {App} from '../../examples/react/App.js';
import type {HumanConnectElement} from '../../src/human-connect.js';
import {getByRole} from '../helpers/queries.js';
import {connectThroughApp, mockServices} from './example-helpers.js';

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

    const widget =
      container.querySelector<HumanConnectElement>('human-connect')!;
    expect(widget, 'the element is rendered, closed').to.exist;
    expect(widget.open).to.be.false;

    const button = getByRole<HTMLButtonElement>(
      container,
      'button',
      'Connect your health data'
    );
    button.focus();
    button.click();
    await waitUntil(() => widget.open, 'the widget opened');
    const token = server.sessionTokens[0]!;
    expect(
      widget.token,
      'the token from the server, passed as a property'
    ).to.equal(token);
    expect(widget.apiBase).to.match(/\/api\/v1$/);
    expect(widget.tokenProvider, 'a function prop reaches the element').to.be.a(
      'function'
    );

    await connectThroughApp(container, widget, button, server);
  });
});
