/**
 * The events `<human-connect>` dispatches, their details, and their entries
 * in `HTMLElementEventMap` so that `addEventListener('connect', …)` is typed.
 * The detail follows the contract's "What the host page receives".
 */
import type {ConnectionStatus, SourceRequestBody} from './api/types.js';

export type SessionTokenStatus =
  | 'SUCCESS'
  | 'SESSION_TOKEN_INVALID'
  | 'SESSION_TOKEN_EXPIRED'
  | 'MISSING_SESSION_TOKEN';

export interface SourceRef {
  /** The source's id. */
  id: string;
  name: string;
}

/**
 * A source the person asked for because they could not find it: the body the
 * widget sent to the Connect API, passed on as it was (kept under this name
 * for hosts that import it).
 */
export type RequestedSource = SourceRequestBody;

export interface SessionResults {
  connectedSources: SourceRef[];
  disconnectedSources: SourceRef[];
  requestedSources: RequestedSource[];
}

export interface CurrentConnection {
  /** The connection's id. */
  id: string;
  sourceId: string;
  name: string;
  status: ConnectionStatus;
}

/** The detail of every event: what happened since the widget was opened. */
export interface ConnectResult {
  /** The token the widget was given, for the host to forward to its server. */
  sessionToken: string;
  status: SessionTokenStatus;
  sessionResults: SessionResults;
  currentConnections: CurrentConnection[];
}

export type CloseReason = 'user' | 'done' | 'error';

export interface CloseDetail extends ConnectResult {
  reason: CloseReason;
}

/**
 * The detail of `error`: what every event carries but the session token.
 * `error` does not bubble (see `dispatch`), but a listener in the capture
 * phase on `window` still sees it, and error trackers copy an event's detail
 * into the reports they send away; the host has the token already.
 */
export interface ErrorDetail extends Omit<ConnectResult, 'sessionToken'> {
  error: {code: string; message: string};
}

export type HumanConnectConnectEvent = CustomEvent<ConnectResult>;
export type HumanConnectDisconnectEvent = CustomEvent<ConnectResult>;
export type HumanConnectCloseEvent = CustomEvent<CloseDetail>;
export type HumanConnectErrorEvent = CustomEvent<ErrorDetail>;

/** Event names with their detail types. */
export interface HumanConnectEventDetails {
  connect: ConnectResult;
  disconnect: ConnectResult;
  close: CloseDetail;
  error: ErrorDetail;
}

export type HumanConnectEventName = keyof HumanConnectEventDetails;

/**
 * The events of `<human-connect>` on top of every element's. `close` and
 * `error` are already in the DOM's `HTMLElementEventMap` as plain events, and
 * a global declaration cannot narrow them, so the element's own
 * `addEventListener` overload uses this map (as `HTMLMediaElement` does).
 */
export interface HumanConnectEventMap extends Omit<
  HTMLElementEventMap,
  'close' | 'error'
> {
  connect: HumanConnectConnectEvent;
  disconnect: HumanConnectDisconnectEvent;
  close: HumanConnectCloseEvent;
  error: HumanConnectErrorEvent;
}

declare global {
  interface HTMLElementEventMap {
    connect: HumanConnectConnectEvent;
    disconnect: HumanConnectDisconnectEvent;
  }
}

/**
 * Dispatches one of the element's events on it. Each bubbles, so a host may
 * listen on a container, except `error`: an `error` event that reaches
 * `window` runs the page's `window.onerror` and every error tracker, which
 * would report the widget's handled failures as the page's own uncaught ones.
 */
export function dispatch<K extends HumanConnectEventName>(
  target: EventTarget,
  name: K,
  detail: HumanConnectEventDetails[K]
): void {
  const bubbles = name !== 'error';
  target.dispatchEvent(
    new CustomEvent(name, {detail, bubbles, composed: bubbles})
  );
}
