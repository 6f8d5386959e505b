/**
 * The steps of the flow, one at a time. A step holds only what that step
 * needs; what lives across steps (the session, the search, the connections,
 * the session's results) lives on the flow controller.
 */
import type {ConnectApiError} from '../api/errors.js';
import type {Connection, Source} from '../api/types.js';
import type {SessionTokenStatus} from '../events.js';
import type {RefusedReason} from './redirect-login.js';

export type AuthorizingPhase =
  /** `POST /connections` is under way. */
  | 'creating'
  /** The popup is open at the login page. */
  | 'waiting'
  /** No popup could be opened: a link is offered instead. */
  | 'blocked'
  /** The popup was closed (or cut off) before the login finished. */
  | 'closed'
  /** Redirect login: this tab is on its way to the login page. */
  | 'leaving'
  /** The app whose webview the page is in has opened the login itself (`login="native"`). */
  | 'native';

/**
 * Why the source an opening was asked to open to cannot be connected, as the `error` event's code:
 * unknown, down, or connected already.
 */
export type SourceProblem = 'not_found' | 'source_unavailable' | 'conflict';

export type Step =
  | {name: 'closed'}
  | {name: 'loading'}
  /** The session could not be read for a reason that a retry may fix. */
  | {name: 'session-error'; error: ConnectApiError}
  /** The token is missing, invalid or expired: nothing works until the host gives a new one. */
  | {
      name: 'token-error';
      status: Exclude<SessionTokenStatus, 'SUCCESS'>;
      /** The `error` event's code for it. */
      code: string;
    }
  | {name: 'search'}
  | {name: 'request'}
  | {name: 'consent'; source: Source}
  | {
      name: 'authorizing';
      source: Source;
      phase: AuthorizingPhase;
      authorizeUrl?: string;
      connection?: Connection;
    }
  | {
      name: 'connect-error';
      source: Source;
      error: ConnectApiError | Connection['error'];
    }
  | {name: 'connected'; source: Source; connectionId: string}
  /** The page was loaded as the return of a redirect login that is not believed: nothing is claimed. */
  | {name: 'return-refused'; reason: RefusedReason}
  | {name: 'connections'}
  /** Signing in again to a connection the source broke (`connection-id`, or Try again). */
  | {name: 'reconnect'; connection: Connection; source: Source}
  /** The opening's source (`source-id`) cannot be connected: why, then the search or Close. */
  | {name: 'source-error'; code: SourceProblem; source?: Source};

export type StepName = Step['name'];

/** A question that must be answered before the flow goes on. */
export type Confirmation =
  {kind: 'leave'} | {kind: 'disconnect'; connection: Connection};

/** The source request form: what the person typed survives every failure. */
export interface RequestForm {
  name: string;
  address: string;
  website: string;
  physician: string;
  sending: boolean;
  error?: ConnectApiError;
  /** Set when the name was left empty on submit. */
  invalid?: boolean;
}

/** The request form, blank. */
export const EMPTY_FORM: RequestForm = {
  name: '',
  address: '',
  website: '',
  physician: '',
  sending: false,
};
