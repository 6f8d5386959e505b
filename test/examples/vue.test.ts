/**
 * examples/vue/: the Vue 3 app (render functions) binding `.token`/`.apiBase`/`.open` as
 * properties and listening to `connect`/`close`, against the mock Connect service and a fake
 * host server.
 */
import {expect, waitUntil} from '@open-wc/testing';
import {createApp, nextTick, type App as VueApp} from 'vue';
import {App} from '../../examples/vue/App.js';
import type {CloseDetail, ConnectResult} from '../../src/events.js';
import type {HumanConnectElement} from '../../src/human-connect.js';
import {findText, getByRole} from '../helpers/queries.js';
import {connectMercy, MERCY, mockServices, resultsReceived} from './example-helpers.js';

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

    const widget = container.querySelector<HumanConnectElement>('human-connect')!;
    expect(widget, 'the element is rendered, closed').to.exist;
    expect(widget.open).to.be.false;
    expect(widget.hasAttribute('token'), 'the token is a property, never an attribute').to.be.false;

    const button = getByRole<HTMLButtonElement>(container, 'button', 'Connect your health data');
    button.focus();
    button.click();
    await waitUntil(() => widget.open, 'the widget opened');
    const token = server.sessionTokens[0]!;
    expect(widget.token).to.equal(token);
    expect(widget.hasAttribute('token')).to.be.false;
    expect(widget.apiBase).to.match(/\/api\/v1$/);

    await connectMercy(widget);
    await findText(container, `Connected: ${MERCY}`);
    const [connect] = (await resultsReceived(server, 1)) as ConnectResult[];
    expect(connect.sessionToken).to.equal(token);
    expect(connect.sessionResults.connectedSources.map((s) => s.name)).to.deep.equal([MERCY]);

    getByRole(widget, 'button', 'Done').click();
    const [, close] = (await resultsReceived(server, 2)) as [ConnectResult, CloseDetail];
    expect(close.reason).to.equal('done');
    expect(close.sessionToken).to.equal(token);
    expect(document.activeElement, 'focus is back on the button').to.equal(button);

    // Vue's `open` went back to false with the close event: the button opens it again.
    button.click();
    await waitUntil(() => widget.open, 'the widget opened again');
    expect(widget.token).to.equal(server.sessionTokens[1]);
    widget.hide();
    await resultsReceived(server, 3);
  });
});
