/** What the examples' tests share: the mock services, and connecting Mercy General as a person does. */
import {waitUntil} from '@open-wc/testing';
import {createFakeHostServer, type FakeHostServer} from '../../examples/shared/fake-host-server.js';
import type {MockServiceHandle} from '../mocks/browser.js';
import {chooseSource, logInInPopup} from '../helpers/flow.js';
import {findByRole, getByRole} from '../helpers/queries.js';
import {mockService} from '../helpers/widget.js';

export const MERCY = 'Mercy General Hospital';

/** The mock Connect service (reset) and, in front of it, the fake host server's `/api/human-connect/*`. */
export async function mockServices(): Promise<{mock: MockServiceHandle; server: FakeHostServer}> {
  const mock = await mockService();
  const server = createFakeHostServer(mock);
  mock.worker.use(...server.handlers);
  return {mock, server};
}

/** In an open widget: search, pick Mercy General, Allow, sign in in the popup, see it connected. */
export async function connectMercy(widget: Element): Promise<void> {
  await chooseSource(widget, 'mercy general', new RegExp(`^${MERCY}`));
  getByRole(widget, 'button', 'Allow').click();
  await logInInPopup();
  await findByRole(widget, 'heading', `${MERCY} is connected`);
}

/** Waits until the fake host server has received `n` forwarded results. */
export async function resultsReceived(server: FakeHostServer, n: number): Promise<unknown[]> {
  await waitUntil(() => server.results.length >= n, `the server got ${server.results.length} of ${n} results`, {
    timeout: 4000,
  });
  return server.results;
}
