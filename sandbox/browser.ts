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
import {carryOver, save} from './carry-over.js';

export interface StartMockServiceOptions extends Partial<
  Omit<ConnectServiceOptions, 'apiBase' | 'loginUrl'>
> {
  /** Default `location.origin + '/api/v1'`. */
  apiBase?: string;
  /** Default `location.origin + '/sandbox/login.html'`. */
  loginUrl?: string;
  /** Default `/mockServiceWorker.js`. */
  serviceWorkerUrl?: string;
  /**
   * Keeps the service's connections, records and people across this tab's page loads (in
   * `sessionStorage`, never a token), so that a redirect login, which leaves the page, finds its
   * connection when it comes back (sandbox/carry-over.ts). The demo's; tests start fresh.
   */
  persist?: boolean;
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
    const {serviceWorkerUrl, persist, ...rest} = opts;
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
    const storage = persist ? tabStorage() : undefined;
    if (storage) {
      carryOver(service, storage);
      // After each change, and as the page goes (a redirect login leaves it).
      worker.events.on('response:mocked', ({request}) => {
        if (request.method !== 'GET') save(service, storage);
      });
      addEventListener('pagehide', () => save(service, storage));
    }
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

/** The tab's `sessionStorage`, unless the browser refuses it (then nothing is carried). */
function tabStorage(): Storage | undefined {
  try {
    return sessionStorage;
  } catch {
    return undefined;
  }
}
