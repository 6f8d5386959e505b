/**
 * The in-browser sandbox across this tab's page loads, for a redirect login (issue 16). The
 * service runs in the app's page, behind msw; a redirect login leaves that page, and the service
 * with it. With `persist` (sandbox/browser.ts), the service's state is kept in the tab's
 * `sessionStorage` as the page goes, the login page (same origin, same tab) leaves the login's
 * outcome beside it, and the service of the next page load takes both up: the connection made
 * before leaving is there, signed in, when the widget comes back for it.
 *
 * sandbox/login.ts mirrors the two keys: it is self-contained on purpose.
 */
import type {ConnectService, LoginOutcome} from './connect-service.js';

/** `ConnectService.snapshot()`, as JSON: never a token (see `snapshot`). */
export const CARRIED_STATE_KEY = 'human-connect-sandbox:state';
/** The outcomes of logins finished while no service ran: `{connectionId, outcome, state}[]`. */
export const CARRIED_LOGINS_KEY = 'human-connect-sandbox:logins';

/** Takes up what the last page load left, then keeps the state as this one goes. */
export function carryOver(service: ConnectService, storage: Storage): void {
  try {
    service.restore(JSON.parse(storage.getItem(CARRIED_STATE_KEY) ?? 'null'));
  } catch {
    // Not JSON: a fresh start.
  }
  for (const login of takeLogins(storage)) {
    // As over the channel: only with the state the connection was made with.
    const expected = service.state.connectionStates.get(login.connectionId);
    if (login.state === expected && login.outcome !== 'cancelled')
      service.completeLogin(login.connectionId, login.outcome);
  }
  save(service, storage);
}

/** Keeps the service's state in the tab, for the next page load. */
export function save(service: ConnectService, storage: Storage): void {
  try {
    storage.setItem(CARRIED_STATE_KEY, JSON.stringify(service.snapshot()));
  } catch {
    // Storage full or refused: a redirect login then finds no connection, and says so.
  }
}

interface CarriedLogin {
  connectionId: string;
  outcome: LoginOutcome | 'cancelled';
  state: string;
}

function takeLogins(storage: Storage): CarriedLogin[] {
  const kept = storage.getItem(CARRIED_LOGINS_KEY);
  storage.removeItem(CARRIED_LOGINS_KEY);
  let value: unknown;
  try {
    value = JSON.parse(kept ?? '[]');
  } catch {
    return [];
  }
  return Array.isArray(value) ? value.filter(isCarriedLogin) : [];
}

function isCarriedLogin(value: unknown): value is CarriedLogin {
  const login = value as Partial<CarriedLogin> | null;
  return (
    typeof login === 'object' &&
    login !== null &&
    typeof login.connectionId === 'string' &&
    typeof login.state === 'string' &&
    (login.outcome === 'connected' ||
      login.outcome === 'error' ||
      login.outcome === 'cancelled')
  );
}
