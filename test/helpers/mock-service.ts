/**
 * The mock Connect service (the sandbox, through msw's service worker) for the browser tests,
 * without the element: the tests of the built script-tag files get `<human-connect>` from those
 * files, and must not register it from src/ first (test/helpers/widget.ts does).
 */
import {
  startMockService,
  type MockServiceHandle,
} from '../../sandbox/browser.js';
import {MOCK_SESSION_TOKEN} from '../../sandbox/connect-service.js';

export {MOCK_SESSION_TOKEN};

let mock: MockServiceHandle | undefined;

/** The running mock service, reset to its seeded state with no latency. */
export async function mockService(): Promise<MockServiceHandle> {
  mock ??= await startMockService({latencyMs: 0});
  mock.worker.resetHandlers();
  mock.service.reset();
  mock.service.scenario.latencyMs = 0;
  return mock;
}
