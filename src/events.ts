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

/**
 * One of the person's connections, in Human API Connect's shape: `id` is the **source's** id, as
 * in Human API (version 1 of the contract put the connection's id there; it is now
 * `connectionId`).
 */
export interface CurrentConnection {
  /** The source's id (Human API's meaning). */
  id: string;
  /** The source's id again, under the name version 1 gave it. */
  sourceId: string;
  /** The connection's id: what `DELETE /connections/{id}` and the Data API's sources name. */
  connectionId: string;
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
  /** Every source the person requested in this opening: `sessionResults.requestedSources` again, where Human API Connect puts it. */
  requestedProviders: RequestedSource[];
}

/**
 * What the person agreed to for a new connection, for the host to keep with it: the consent's
 * version and the scopes allowed (those `POST /connections` sent), when, and a SHA-256 of the
 * exact consent text they read, in their language (`text`).
 */
export interface ConsentReceipt {
  connectionId: string;
  sourceId: string;
  appName: string;
  /** The consent's `version` (`Session.consent.version`). */
  version: string;
  /** The ids of the scopes allowed: the required ones and the optional ones ticked. */
  scopes: string[];
  /** ISO 8601, as sent to the service. */
  acceptedAt: string;
  /** The language the consent was read in (`en`, `fr`, …). */
  locale: string;
  /** SHA-256 of `text` (UTF-8), in hex. */
  textSha256: string;
  /** The consent text as the person read it: its lines, as shown. */
  text: string;
}

/** The `connect` event's detail. */
export interface ConnectDetail extends ConnectResult {
  /**
   * For a new connection: what the person agreed to (not for a repair, which agrees to nothing
   * new). Absent where the page has no Web Crypto (an `http:` page other than localhost).
   */
  receipt?: ConsentReceipt;
  /**
   * True when the person signed in again to a connection that needed it (Reconnect), which
   * keeps its id, rather than connecting a new source. Told once per repaired connection.
   */
  reconnected?: true;
}

export type CloseReason = 'user' | 'done' | 'error';

export interface CloseDetail extends ConnectResult {
  reason: CloseReason;
  /** The last `step` before `close`: where the person left (null: the widget never started). */
  lastStep: ConnectStep | null;
}

/**
 * A step of the person's way through the widget, for the host's funnel: a view they came to
 * (`search`, `consent`, `login-waiting`, `connected`, …) or an act that moves them on
 * (`select-source`, `allow`, `decline`, `request-sent`). `open` is the first of an opening,
 * `close` its last.
 */
export type ConnectStep =
  | 'open'
  | 'search'
  | 'select-source'
  | 'consent'
  | 'allow'
  | 'decline'
  | 'login-waiting'
  | 'popup-blocked'
  | 'popup-closed'
  | 'connected'
  | 'login-failed'
  | 'request-form'
  | 'request-sent'
  | 'connections'
  | 'error'
  | 'close';

/**
 * The detail of `step`, dispatched the moment the person's way changes. It never carries the
 * session token nor anything the person typed.
 */
export interface StepDetail {
  /** This opening's id: a fresh random id each time the widget opens, sent to the service as `X-Connect-Session`. */
  sessionId: string;
  step: ConnectStep;
  /** The step before this one in this opening; null for `open`. */
  previousStep: ConnectStep | null;
  /** When, as an ISO 8601 time. */
  at: string;
  /** The source the step is about (from `select-source` to `connected` or `login-failed`). */
  sourceId?: string;
  /** How many sources the search had found (`search`, `select-source`). */
  resultCount?: number;
  /** `error` and `login-failed`: the error's code, as in the `error` event. */
  errorCode?: string;
  /** `error` and `login-failed`: the service's `X-Request-Id` for the failed call, when it sent one. */
  requestId?: string;
}

/**
 * The detail of `error`: what every event carries but the session token.
 * `error` does not bubble (see `dispatch`), but a listener in the capture
 * phase on `window` still sees it, and error trackers copy an event's detail
 * into the reports they send away; the host has the token already.
 */
export interface ErrorDetail extends Omit<ConnectResult, 'sessionToken'> {
  /** `requestId`: the service's `X-Request-Id` for the failed call, when it sent one. */
  error: {code: string; message: string; requestId?: string};
}

export type HumanConnectConnectEvent = CustomEvent<ConnectDetail>;
export type HumanConnectDisconnectEvent = CustomEvent<ConnectResult>;
export type HumanConnectCloseEvent = CustomEvent<CloseDetail>;
export type HumanConnectErrorEvent = CustomEvent<ErrorDetail>;
export type HumanConnectStepEvent = CustomEvent<StepDetail>;

/** Event names with their detail types. */
export interface HumanConnectEventDetails {
  connect: ConnectDetail;
  disconnect: ConnectResult;
  close: CloseDetail;
  error: ErrorDetail;
  step: StepDetail;
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
  step: HumanConnectStepEvent;
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
