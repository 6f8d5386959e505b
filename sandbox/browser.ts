/**
 * Starts the mock Connect service in the browser with msw's service worker.
 * Used by the demo and the browser tests. Calling it twice in one page gives
 * back the same instance (the options of the first call win).
 *
 * The worker script must be served at `/mockServiceWorker.js` (it lives in
 * `public/`); the API is mocked at `location.origin + '/api/v1'` and the
 * popup login page is `location.origin + '/sandbox/login.html'`.
 */
import {setupWorker, type SetupWorker} from 'msw/browser';
import {
  createConnectService,
  type ConnectService,
  type ConnectServiceOptions,
} from './connect-service.js';

export interface StartMockServiceOptions extends Partial<
  Omit<ConnectServiceOptions, 'apiBase' | 'loginUrl'>
> {
  /** Default `location.origin + '/api/v1'`. */
  apiBase?: string;
  /** Default `location.origin + '/sandbox/login.html'`. */
  loginUrl?: string;
  /** Default `/mockServiceWorker.js`. */
  serviceWorkerUrl?: string;
}

export interface MockServiceHandle {
  worker: SetupWorker;
  service: ConnectService;
  apiBase: string;
  /** Stop the worker and the BroadcastChannel listener; the next start makes a fresh instance. */
  stop(): void;
}

let running: Promise<MockServiceHandle> | null = null;

export function startMockService(
  opts: StartMockServiceOptions = {}
): Promise<MockServiceHandle> {
  if (running) return running;
  running = (async () => {
    const apiBase = (opts.apiBase ?? `${location.origin}/api/v1`).replace(
      /\/+$/,
      ''
    );
    const {serviceWorkerUrl, ...rest} = opts;
    const service = createConnectService({
      ...rest,
      apiBase,
      loginUrl: opts.loginUrl ?? `${location.origin}/sandbox/login.html`,
    });
    const worker = setupWorker(...service.handlers);
    await worker.start({
      serviceWorker: {url: serviceWorkerUrl ?? '/mockServiceWorker.js'},
      onUnhandledRequest: 'bypass',
      quiet: true,
    });
    service.connect();
    const handle: MockServiceHandle = {
      worker,
      service,
      apiBase,
      stop() {
        service.dispose();
        worker.stop();
        running = null;
      },
    };
    return handle;
  })();
  running.catch(() => {
    running = null;
  });
  return running;
}
