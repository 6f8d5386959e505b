/**
 * Waiting for the login that happens in the popup, as the contract says:
 * the callback's `postMessage` is believed only when it comes from the API's
 * origin, from the very popup the widget opened, with the `state` the widget
 * sent; and because the opener link can be cut (COOP, a blocked popup, a
 * login in a plain tab), the connection is also polled with a bounded
 * backoff. A closed popup is reported but polling goes on: under COOP a
 * popup can look closed while the person is still signing in.
 */
import {ConnectApiError, isAbort} from '../api/errors.js';
import type {Connection, Source} from '../api/types.js';
import {realClock, type Clock} from '../api/clock.js';
import {delay} from '../api/delay.js';
import {settleLogin} from './allow.js';
import type {FlowController} from './flow-controller.js';

export const AUTHORIZED_MESSAGE = 'human-connect:authorized';

export interface AuthorizationWait {
  connectionId: string;
  state: string;
  /** The origin of `api-base`: the only origin whose messages count. */
  apiOrigin: string;
  /** The popup the widget opened, or null when it could not open one. */
  popup: Window | null;
  getConnection(signal: AbortSignal): Promise<Connection>;
  /** Called once when the popup is seen closed and the service still says `pending`. */
  onPopupClosed?(): void;
  /** Delays between polls in ms; the last repeats. */
  pollDelays?: readonly number[];
  /** Give up after this long (ms) with a `timeout` error. */
  maxWaitMs?: number;
  /** How often the popup is checked for having closed (ms). */
  closedCheckMs?: number;
  clock?: Clock;
}

const POLL_DELAYS = [1000, 1500, 2500, 4000, 5000];
const MAX_WAIT_MS = 10 * 60_000;
const CLOSED_CHECK_MS = 500;
/** Consecutive failed polls tolerated before the wait fails. */
const MAX_POLL_FAILURES = 4;

/** True when `event` is the genuine callback for this wait. */
export function isAuthorizedMessage(
  event: MessageEvent,
  wait: Pick<
    AuthorizationWait,
    'apiOrigin' | 'popup' | 'state' | 'connectionId'
  >
): boolean {
  if (event.origin !== wait.apiOrigin) return false;
  if (!wait.popup || event.source !== wait.popup) return false;
  const data: unknown = event.data;
  if (typeof data !== 'object' || data === null) return false;
  const {type, state, connectionId} = data as Record<string, unknown>;
  return (
    type === AUTHORIZED_MESSAGE &&
    typeof state === 'string' &&
    state === wait.state &&
    connectionId === wait.connectionId
  );
}

/**
 * Resolves with the connection once it is no longer `pending` (connected,
 * syncing, synced or error). Rejects on abort, on a token error, after too
 * many failed polls, or after `maxWaitMs`.
 */
export function waitForAuthorization(
  wait: AuthorizationWait,
  signal: AbortSignal
): Promise<Connection> {
  return new Promise<Connection>((resolve, reject) => {
    const clock = wait.clock ?? realClock;
    const started = clock.performance.now();
    const delays = wait.pollDelays ?? POLL_DELAYS;
    let wake: (() => void) | undefined;
    // Set when a message or a closed popup asked for a check while a poll was
    // already under way, so that the next check follows at once.
    let poked = false;
    const poke = () => {
      poked = true;
      wake?.();
    };

    const onMessage = (event: MessageEvent) => {
      if (isAuthorizedMessage(event, wait)) poke();
    };
    let closedTimer: unknown;
    // A closed popup is checked with the service first, and told only if a read asked after it
    // closed still finds the login pending: a login page closes itself when done, often before
    // its message is read here, and a read already on its way may answer from before the login.
    let closed = false;
    let told = false;
    const watchClosed = () => {
      closedTimer = clock.setTimeout(() => {
        if (!wait.popup?.closed) return watchClosed();
        closed = true;
        poke();
      }, wait.closedCheckMs ?? CLOSED_CHECK_MS);
    };
    watchClosed();
    const cleanup = () => {
      globalThis.removeEventListener?.('message', onMessage);
      clock.clearTimeout(closedTimer);
    };
    // A browser always has it; the flow's tests in Node poll instead.
    globalThis.addEventListener?.('message', onMessage);

    const loop = async () => {
      let failures = 0;
      for (let attempt = 0; ; attempt++) {
        // Sleep until the next poll, unless a genuine message or a closed
        // popup wakes the loop early.
        const pause = new AbortController();
        const stop = () => pause.abort();
        signal.addEventListener('abort', stop, {once: true});
        wake = stop;
        if (!poked) {
          await delay(
            delays[Math.min(attempt, delays.length - 1)],
            pause.signal,
            clock
          ).catch(() => undefined);
        }
        poked = false;
        signal.removeEventListener('abort', stop);
        wake = undefined;
        if (signal.aborted) throw signal.reason;
        if (
          clock.performance.now() - started >
          (wait.maxWaitMs ?? MAX_WAIT_MS)
        ) {
          throw new ConnectApiError('timeout', 'The login took too long');
        }
        try {
          const afterClose = closed;
          const connection = await wait.getConnection(signal);
          failures = 0;
          if (connection.status !== 'pending') return connection;
          if (afterClose && !told) {
            told = true;
            wait.onPopupClosed?.();
          }
        } catch (error) {
          if (isAbort(error) || (error as ConnectApiError).isTokenError)
            throw error;
          if (++failures > MAX_POLL_FAILURES) throw error;
        }
      }
    };
    loop().then(resolve, reject).finally(cleanup);
  });
}

/**
 * The flow's wait for the login of `connection` in its popup (or in a tab the person opened):
 * shows "closed" when the popup is seen closed, and ends the login as the flow ends every login.
 * Loaded on the first login, while the service makes the connection: a page that never connects a
 * source never downloads it.
 */
export async function waitForLogin(
  flow: FlowController,
  connection: Connection,
  source: Source,
  signal: AbortSignal
): Promise<void> {
  const client = flow.client!;
  const outcome = await waitForAuthorization(
    {
      connectionId: connection.id,
      state: flow.state,
      apiOrigin: flow.apiBase!.origin,
      popup: flow.popup,
      pollDelays: flow.waits.loginPollMs,
      closedCheckMs: flow.waits.popupClosedCheckMs,
      clock: flow.options.clock,
      getConnection: (s) => client.getConnection(connection.id, s),
      onPopupClosed: () => {
        const step = flow.step;
        if (step.name === 'authorizing' && step.phase === 'waiting')
          flow.go({...step, phase: 'closed'});
      },
    },
    signal
  );
  if (signal.aborted) return;
  flow.closePopup();
  settleLogin(flow, outcome, source);
}
