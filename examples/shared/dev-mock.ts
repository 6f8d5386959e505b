/**
 * Development only (`npm start`): runs the mock Connect service in the page
 * (msw's service worker, as the demo does) and answers the host server's
 * `/api/human-connect/*` routes with a stand-in (fake-host-server.ts), so
 * that every example works at `http://localhost:8000/examples/<name>/` with
 * no server of your own.
 *
 * Your app does not import this: your server answers `/api/human-connect/*`
 * (see examples/server/ for one), and the widget talks to the real Connect
 * service. Sign in on the mock login page with `demo` / `demo-password` and
 * the code `123456`.
 */
import {
  startMockService,
  type MockServiceHandle,
} from '../../sandbox/browser.js';
import {createFakeHostServer, type FakeHostServer} from './fake-host-server.js';

let started:
  Promise<{mock: MockServiceHandle; server: FakeHostServer}> | undefined;

export function startDevMock(): Promise<{
  mock: MockServiceHandle;
  server: FakeHostServer;
}> {
  started ??= (async () => {
    const mock = await startMockService();
    const server = createFakeHostServer(mock);
    mock.worker.use(...server.handlers);
    return {mock, server};
  })();
  return started;
}
