/**
 * The two halves of a redirect login (issue 16) that cost more than a few bytes, loaded only when
 * used, as the popup's wait is (popup-login.ts): leaving for the login page, and reading what a
 * return says. The flow controller keeps the steps and the events.
 */
import type {ConnectApi} from '../api/client.js';
import {ConnectApiError} from '../api/errors.js';
import type {Connection, CreateConnectionBody, Source} from '../api/types.js';
import {unlessAborted} from './abort-slot.js';
import type {Page} from './page.js';
import {
  rememberRedirect,
  returnUrlFor,
  takeRedirectReturn,
  type RedirectNote,
  type RedirectReturn,
  type RefusedReason,
} from './redirect-login.js';

const storageRefused = () =>
  new ConnectApiError(
    'storage_unavailable',
    'this tab cannot keep the login while it is away'
  );

export interface Leaving {
  client: ConnectApi;
  page: Page;
  /** The connection to make, but for `returnUrl`. */
  body: CreateConnectionBody;
  /** The host's `return-url`, if any. */
  returnUrl: string | undefined;
  /** The URL, when one from the service may be used (the flow's own check). */
  usable(url: string): string | undefined;
}

/**
 * Makes the connection with `returnUrl` and keeps the note of its login in the tab's storage; the
 * caller then sends the tab to `authorizeUrl`. Nothing is kept when any part fails: a return-url
 * off the page's origin, a tab with no storage, a failed call, an authorizeUrl that is not https.
 */
export async function prepareRedirect(
  leaving: Leaving,
  signal: AbortSignal
): Promise<{connection: Connection; authorizeUrl: string}> {
  const {client, page, body} = leaving;
  const returnUrl = returnUrlFor(leaving.returnUrl, page.href());
  if (!returnUrl)
    throw new ConnectApiError(
      'return_url_refused',
      'return-url must be on the page’s own origin'
    );
  const storage = page.storage();
  if (!storage) throw storageRefused();
  const created = await unlessAborted(
    client.createConnection({...body, returnUrl}, signal),
    signal
  );
  const authorizeUrl = leaving.usable(created.authorizeUrl);
  if (!authorizeUrl)
    throw new ConnectApiError('invalid_response', 'authorizeUrl is not https');
  try {
    rememberRedirect(storage, {
      state: body.state,
      connectionId: created.connection.id,
      sourceId: body.sourceId,
      startedAt: page.now(),
    });
  } catch {
    throw storageRefused();
  }
  return {connection: created.connection, authorizeUrl};
}

/** Where there is no storage, there is no note to match: every return is refused. */
const noStorage = {
  getItem: () => null,
  setItem() {},
  removeItem() {},
};

/** What this page load's fragment (`hash`) says, against the note it uses up. */
export function takeNote(page: Page, hash: string): RedirectReturn {
  let storage: ReturnType<Page['storage']>;
  try {
    storage = page.storage();
  } catch {
    storage = undefined;
  }
  return takeRedirectReturn(storage ?? noStorage, hash, page.now());
}

export type ReturnedLogin =
  | {kind: 'refused'; reason: RefusedReason}
  | {kind: 'returned'; source: Source; connection: Connection};

/** Reads the source and the connection a believed return names, and checks they belong together. */
export async function readReturned(
  client: ConnectApi,
  note: RedirectNote,
  signal: AbortSignal
): Promise<ReturnedLogin> {
  const [source, connection] = await unlessAborted(
    Promise.all([
      client.getSource(note.sourceId, signal),
      client.getConnection(note.connectionId, signal),
    ]),
    signal
  );
  return connection.sourceId === note.sourceId && source.id === note.sourceId
    ? {kind: 'returned', source, connection}
    : {kind: 'refused', reason: 'mismatch'};
}
