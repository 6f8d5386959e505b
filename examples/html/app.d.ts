/** Types for app.js (plain JS, no build step), for the tests that drive it. */
import type {HumanConnectGlobal} from '../../src/embed/global-api.js';
import type {CloseDetail, ConnectResult} from '../../src/events.js';

export interface HostSession {
  sessionToken: string;
  apiBase: string;
}

export interface StartOptions {
  /** Where `#launcher`, `#open-widget`, `#status` and `#server-log` are (default `document`). */
  root?: ParentNode;
  /** Default `window.HumanConnect`. */
  api?: HumanConnectGlobal;
  /** Default: `POST /api/human-connect/session`. */
  fetchSession?: () => Promise<HostSession>;
  /** Default: `POST /api/human-connect/results` with the detail as the body. */
  forward?: (detail: ConnectResult | CloseDetail) => Promise<unknown>;
}

export interface StartedApp {
  /** Resolves once the launcher has its token. */
  ready: Promise<void>;
  stop(): void;
}

export function fetchSessionFromServer(): Promise<HostSession>;
export function forwardToServer(
  detail: ConnectResult | CloseDetail
): Promise<unknown>;
export function start(options?: StartOptions): StartedApp;
