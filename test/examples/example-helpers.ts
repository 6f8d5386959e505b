/** What the examples' tests share: the mock services, and connecting Mercy General as a person does. */
import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {
  createFakeHostServer,
  type FakeHostServer,
} from '../../examples/shared/fake-host-server.js';
import type {MockServiceHandle} from '../../sandbox/browser.js';
import type {CloseDetail, ConnectResult} from '../../src/events.js';
import type {HumanConnectElement} from '../../src/human-connect.js';
import {connectMercy, MERCY} from '../helpers/flow.js';
import {findText, getByRole} from '../helpers/queries.js';
import {mockService} from '../helpers/mock-service.js';

export {connectMercy, MERCY} from '../helpers/flow.js';

/** The mock Connect service (reset) and, in front of it, the fake host server's `/api/human-connect/*`. */
export async function mockServices(): Promise<{
  mock: MockServiceHandle;
  server: FakeHostServer;
}> {
  const mock = await mockService();
  const server = createFakeHostServer(mock);
  mock.worker.use(...server.handlers);
  return {mock, server};
}

/** Waits until the fake host server has received `n` forwarded results. */
export async function resultsReceived(
  server: FakeHostServer,
  n: number
): Promise<unknown[]> {
  await waitUntil(
    () => server.results.length >= n,
    `the server got ${server.results.length} of ${n} results`,
    {
      timeout: 4000,
    }
  );
  return server.results;
}

/**
 * What every framework example must do once its widget is open with the
 * server's first token: connect Mercy General, show it, forward `connect` and
 * `close` with the token, give focus back to its button, and open again with
 * a fresh token.
 */
export async function connectThroughApp(
  container: HTMLElement,
  widget: HumanConnectElement,
  button: HTMLButtonElement,
  server: FakeHostServer
): Promise<void> {
  const token = server.sessionTokens[0]!;
  await connectMercy(widget);
  await findText(container, `Connected: ${MERCY}`);
  const [connect] = (await resultsReceived(server, 1)) as ConnectResult[];
  expect(connect.sessionToken).to.equal(token);
  expect(
    connect.sessionResults.connectedSources.map((s) => s.name)
  ).to.deep.equal([MERCY]);

  getByRole(widget, 'button', 'Done').click();
  const [, close] = (await resultsReceived(server, 2)) as [
    ConnectResult,
    CloseDetail,
  ];
  expect(close.reason).to.equal('done');
  expect(close.sessionToken).to.equal(token);
  expect(widget.open).to.be.false;
  expect(document.activeElement, 'focus is back on the button').to.equal(
    button
  );

  // The app's `open` went back to false with the close event: the button opens it again.
  button.click();
  await waitUntil(() => widget.open, 'the widget opened again');
  expect(widget.token, 'a fresh token for the new session').to.equal(
    server.sessionTokens[1]
  );
  widget.hide();
  await resultsReceived(server, 3);
  expect(server.results).to.have.length(3);
}
