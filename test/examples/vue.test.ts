/**
 * examples/vue/: the Vue 3 app (render functions) binding `.token`/`.apiBase`/`.open` as
 * properties and listening to `connect`/`close`, against the mock Connect service and a fake
 * host server.
 */
import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {createApp, nextTick, type App as VueApp} from 'vue';
import {App} from '../../examples/vue/App.js';
import type {HumanConnectElement} from '../../src/human-connect.js';
import {getByRole} from '../helpers/queries.js';
import {connectThroughApp, mockServices} from './example-helpers.js';

describe('examples/vue: <human-connect> in a Vue app', () => {
  let container: HTMLElement | undefined;
  let app: VueApp | undefined;

  afterEach(() => {
    app?.unmount();
    container?.remove();
  });

  it('opens on its button, shows what the connect event reported, and forwards connect and close', async () => {
    const {server} = await mockServices();
    container = document.createElement('div');
    document.body.append(container);
    app = createApp(App);
    app.mount(container);
    await nextTick();

    const widget =
      container.querySelector<HumanConnectElement>('human-connect')!;
    expect(widget, 'the element is rendered, closed').to.exist;
    expect(widget.open).to.be.false;
    expect(
      widget.hasAttribute('token'),
      'the token is a property, never an attribute'
    ).to.be.false;

    const button = getByRole<HTMLButtonElement>(
      container,
      'button',
      'Connect your health data'
    );
    button.focus();
    button.click();
    await waitUntil(() => widget.open, 'the widget opened');
    const token = server.sessionTokens[0]!;
    expect(widget.token).to.equal(token);
    expect(widget.hasAttribute('token')).to.be.false;
    expect(widget.apiBase).to.match(/\/api\/v1$/);

    await connectThroughApp(container, widget, button, server);
  });
});
