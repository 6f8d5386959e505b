/**
 * Redirect login (issue 16): signing in in this tab, for browsers where a popup cannot work.
 *
 * Before the widget sends the page to the login, it keeps a note of that one login in
 * `sessionStorage`: its `state`, connection, source and start time, and for a new connection the
 * consent receipt (what the person agreed to, the words they read), and nothing else (never the
 * token; of what the service sent, only the connection's id and the receipt's app name, consent
 * version and scope ids, each checked to be a string when read back). The service sends the person
 * back to `returnUrl#hc_state=…&hc_connection=…` (`../shared/connect-api.md`, "Redirect login").
 * A return is believed only when it matches that note: the same state and connection, within
 * `MAX_AGE_MS`, and once (the note is removed when a return is read, whatever it says). A fragment
 * with anything more in it is refused whole: nothing else may ride in on a trusted return.
 *
 * Pure functions over an injected storage and clock, so that the rules are tested alone
 * (test/controllers/redirect-login.test.ts).
 */

import type {ConsentReceipt} from '../events.js';
import {claimsReturn, CONNECTION, STATE} from './return-fragment.js';

export {claimsReturn};

/** The `sessionStorage` key of the note. */
export const REDIRECT_NOTE_KEY = 'human-connect:redirect';

/** How long a login may take, from leaving the page to coming back, before a return is refused. */
export const MAX_AGE_MS = 10 * 60_000;

/** The longest value either may have: a state is 32 hex digits; an id is the service's. */
const MAX_VALUE = 256;

/** What is kept while the person signs in elsewhere. */
export interface RedirectNote {
  state: string;
  connectionId: string;
  sourceId: string;
  /** When the page was left (ms since the epoch). */
  startedAt: number;
  /** The login signs in again to a connection in error (a reconnect). */
  again?: true;
  /** A new connection's consent receipt (receipt.ts), for its `connect` event after the return. */
  receipt?: ConsentReceipt;
}

/** The part of `Storage` this needs. */
export type NoteStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What a page load's fragment says of a redirect login. */
export type RedirectReturn =
  /** No return here: an ordinary load of the page. */
  | {kind: 'none'}
  /** A return that matches the note: the login of `note` ended, in whichever way. */
  | {kind: 'returned'; note: RedirectNote}
  /** A fragment that claims to be a return and is not believed. */
  | {kind: 'refused'; reason: RefusedReason};

/**
 * - `malformed`: keys other than the two, a key twice, an empty or overlong value;
 * - `unknown`: no note (never stored here, already used, or storage unavailable);
 * - `mismatch`: another state or another connection than the note's;
 * - `expired`: the note is older than `MAX_AGE_MS` (or from the future).
 */
export type RefusedReason = 'malformed' | 'unknown' | 'mismatch' | 'expired';

/** The state and connection a return's fragment carries, or null when it is not exactly that. */
function parseReturn(
  hash: string
): {state: string; connectionId: string} | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const keys = [...params.keys()];
  if (keys.length !== 2 || !keys.includes(STATE) || !keys.includes(CONNECTION))
    return null;
  const state = params.get(STATE) ?? '';
  const connectionId = params.get(CONNECTION) ?? '';
  const fits = (v: string) => v.length > 0 && v.length <= MAX_VALUE;
  return fits(state) && fits(connectionId) ? {state, connectionId} : null;
}

/** Keeps the note of a login about to leave the page. Throws when storage refuses it. */
export function rememberRedirect(
  storage: NoteStorage,
  note: RedirectNote
): void {
  const {state, connectionId, sourceId, startedAt, again, receipt} = note;
  storage.setItem(
    REDIRECT_NOTE_KEY,
    JSON.stringify({state, connectionId, sourceId, startedAt, again, receipt})
  );
}

/** The note, if one is there and has its shape; own fields only. */
function readNote(storage: NoteStorage): RedirectNote | null {
  let value: unknown;
  try {
    value = JSON.parse(storage.getItem(REDIRECT_NOTE_KEY) ?? 'null');
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const own = (key: string): unknown =>
    Object.prototype.hasOwnProperty.call(value, key)
      ? (value as Record<string, unknown>)[key]
      : undefined;
  const [state, connectionId, sourceId, startedAt] = [
    own('state'),
    own('connectionId'),
    own('sourceId'),
    own('startedAt'),
  ];
  if (
    typeof state !== 'string' ||
    typeof connectionId !== 'string' ||
    typeof sourceId !== 'string' ||
    typeof startedAt !== 'number' ||
    !Number.isFinite(startedAt)
  )
    return null;
  const receipt = receiptIn(own('receipt'), connectionId, sourceId);
  return {
    state,
    connectionId,
    sourceId,
    startedAt,
    ...(own('again') === true && {again: true}),
    ...(receipt && {receipt}),
  };
}

/**
 * The note's receipt, when it is of the note's connection and has the receipt's shape (the
 * note is this widget's own, written before the page was left: a check, as for its other fields).
 */
function receiptIn(
  value: unknown,
  connectionId: string,
  sourceId: string
): ConsentReceipt | undefined {
  const r = value as ConsentReceipt | null | undefined;
  return r?.connectionId === connectionId &&
    r.sourceId === sourceId &&
    Array.isArray(r.scopes) &&
    [r.appName, r.version, r.acceptedAt, r.locale, r.textSha256, r.text]
      .concat(r.scopes)
      .every((v) => typeof v === 'string')
    ? r
    : undefined;
}

/**
 * Reads what this page load's fragment says of a redirect login. A fragment that claims a return
 * uses the note up, believed or not: a second read of the same return finds none.
 * @param now ms since the epoch
 */
export function takeRedirectReturn(
  storage: NoteStorage,
  hash: string,
  now: number
): RedirectReturn {
  if (!claimsReturn(hash)) return {kind: 'none'};
  let note: RedirectNote | null = null;
  try {
    note = readNote(storage);
    storage.removeItem(REDIRECT_NOTE_KEY);
  } catch {
    // Storage that throws (blocked, or gone): no note to match.
  }
  const claim = parseReturn(hash);
  if (!claim) return {kind: 'refused', reason: 'malformed'};
  if (!note) return {kind: 'refused', reason: 'unknown'};
  if (claim.state !== note.state || claim.connectionId !== note.connectionId)
    return {kind: 'refused', reason: 'mismatch'};
  const age = now - note.startedAt;
  if (age < 0 || age > MAX_AGE_MS) return {kind: 'refused', reason: 'expired'};
  return {kind: 'returned', note};
}

/** `href` without its fragment: what `history.replaceState` leaves after a return is read. */
export function withoutFragment(href: string): string {
  const url = new URL(href);
  url.hash = '';
  return url.href;
}

/**
 * Where the service sends the person back: `requested` (resolved against the page) when it is on
 * the page's own origin, else null; the page itself, without its fragment, when none is asked.
 */
export function returnUrlFor(
  requested: string | null | undefined,
  pageHref: string
): string | null {
  const page = new URL(pageHref);
  // A page with no origin of its own (file:, about:, data:) has nowhere to come back to.
  if (page.protocol !== 'https:' && page.protocol !== 'http:') return null;
  if (!requested) return withoutFragment(page.href);
  let url: URL;
  try {
    url = new URL(requested, page);
  } catch {
    return null;
  }
  if (url.origin !== page.origin) return null;
  url.hash = '';
  return url.href;
}
