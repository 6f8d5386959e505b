/**
 * Starts the mock Connect service in Node with `msw/node` (setupServer), for
 * Node-side tests and scripts. Calling it twice gives back the same instance
 * until `stop()`.
 */
import {setupServer, type SetupServer} from 'msw/node';
import {
  createConnectService,
  type ConnectService,
  type ConnectServiceOptions,
} from './connect-service.js';

export interface StartNodeMockServiceOptions extends Partial<
  Omit<ConnectServiceOptions, 'apiBase' | 'loginUrl'>
> {
  /** e.g. `http://localhost:8000/api/v1`. */
  apiBase: string;
  /** Default `<origin of apiBase>/sandbox/login.html`. */
  loginUrl?: string;
}

export interface NodeMockServiceHandle {
  server: SetupServer;
  service: ConnectService;
  apiBase: string;
  /** Close the server and clear timers; the next start makes a fresh instance. */
  stop(): void;
}

let running: NodeMockServiceHandle | null = null;

export function startMockService(
  opts: StartNodeMockServiceOptions
): NodeMockServiceHandle {
  if (running) return running;
  const apiBase = opts.apiBase.replace(/\/+$/, '');
  const service = createConnectService({
    ...opts,
    apiBase,
    loginUrl: opts.loginUrl ?? `${new URL(apiBase).origin}/sandbox/login.html`,
  });
  const server = setupServer(...service.handlers);
  server.listen({onUnhandledRequest: 'bypass'});
  // No BroadcastChannel listener in Node (there is no popup): call
  // `service.completeLogin(id, outcome)` instead, or `service.connect()`.
  const handle: NodeMockServiceHandle = {
    server,
    service,
    apiBase,
    stop() {
      service.dispose();
      server.close();
      running = null;
    },
  };
  running = handle;
  return handle;
}
