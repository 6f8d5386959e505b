/**
 * The steps of a redirect login (issue 16) and of a native app's, loaded only when used, as the
 * popup's wait is (popup-login.ts): a page in a browser with popups never fetches them. Leaving
 * for the login page (`leaveForLogin`), telling the app to open it (`tellApp`), and taking up a
 * return (`settleReturn`). They step the flow controller through its internal members; the
 * controller decides when each runs, and the rules of a return are redirect-login.ts's.
 */
import type {ConnectApi} from '../api/client.js';
import {ConnectApiError} from '../api/errors.js';
import type {Connection, CreatedConnection, Source} from '../api/types.js';
import type {ConsentReceipt} from '../events.js';
import {unlessAborted} from './abort-slot.js';
import {beginLogin, settleLogin} from './allow.js';
import {createNonce} from './nonce.js';
import {holdReceipt, keepReceipt} from './receipt.js';
import type {FlowController} from './flow-controller.js';
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
  page: Page;
  /** This login's `state`, and the source it signs in to. */
  state: string;
  sourceId: string;
  /** Set when the login signs in again to a connection (a reconnect), not to a new one. */
  again?: true;
  /** Starts the login (`POST /connections` or a reconnect's) with `returnUrl`. */
  begin(returnUrl: string, signal: AbortSignal): Promise<CreatedConnection>;
  /** A new connection's consent receipt, once it is made, for the note (receipt.ts). */
  receipt?(connectionId: string): Promise<ConsentReceipt | undefined>;
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
  const {page, state, sourceId, again} = leaving;
  const returnUrl = returnUrlFor(leaving.returnUrl, page.href());
  if (!returnUrl)
    throw new ConnectApiError(
      'return_url_refused',
      'return-url must be on the page’s own origin'
    );
  const storage = page.storage();
  if (!storage) throw storageRefused();
  const created = await unlessAborted(leaving.begin(returnUrl, signal), signal);
  const authorizeUrl = leaving.usable(created.authorizeUrl);
  if (!authorizeUrl)
    throw new ConnectApiError('invalid_response', 'authorizeUrl is not https');
  const connectionId = created.connection.id;
  const receipt = await leaving.receipt?.(connectionId);
  try {
    rememberRedirect(storage, {
      state,
      connectionId,
      sourceId,
      startedAt: page.now(),
      again,
      receipt,
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

/** The page as a login sees it: the flow's seam, or the browser's (page.js). */
async function pageOf(flow: FlowController): Promise<Page> {
  return flow.options.page?.() ?? (await import('./page.js')).browserPage;
}

/**
 * Signs in in this tab, from the `creating` phase the controller has shown: the service makes the
 * connection with `returnUrl`, the note of this login is kept in the tab's storage, and the tab
 * goes to the login page. The service sends it back to `returnUrl#hc_state=…&hc_connection=…`,
 * where the next opening takes it up (`settleReturn`). Nothing is kept, and the page is not left,
 * when any part fails: the error is thrown, for allow.ts's `loginFailed`.
 */
export async function leaveForLogin(
  flow: FlowController,
  source: Source,
  signal: AbortSignal
): Promise<void> {
  flow.state = createNonce();
  const page = await pageOf(flow);
  const {connection, authorizeUrl} = await prepareRedirect(
    {
      page,
      state: flow.state,
      sourceId: source.id,
      again: flow.repairing ? true : undefined,
      begin: (returnUrl, s) => beginLogin(flow, source, returnUrl, s),
      receipt: flow.repairing
        ? undefined
        : (id) => keepReceipt(flow, source, id),
      returnUrl: flow.options.returnUrl?.(),
      usable: (url) => flow.safeUrl(url),
    },
    signal
  );
  flow.upsert(connection);
  flow.go({
    name: 'authorizing',
    source,
    phase: 'leaving',
    authorizeUrl,
    connection,
  });
  page.leave(authorizeUrl);
}

/**
 * `login="native"`: asks the app whose webview the page is in to open the login itself. False
 * where no app listens (a browser after all): the person then gets the link.
 */
export async function tellApp(
  flow: FlowController,
  authorizeUrl: string,
  connection: Connection
): Promise<boolean> {
  return (await pageOf(flow)).postNative({
    type: 'human-connect:authorize',
    detail: {authorizeUrl, connectionId: connection.id},
  });
}

/**
 * The return of a redirect login, once the session is read: a refused one shows why and claims
 * nothing; a believed one reads its connection and ends as the popup's login does. The note is
 * used up on the first try; the return is forgotten once it has shown its outcome, and read
 * again after a failure that "Try again" answers (the controller's `loadSession` throws it).
 */
export async function settleReturn(
  flow: FlowController,
  returned: string | RedirectReturn,
  signal: AbortSignal
): Promise<void> {
  // (closed while this module came: the next opening takes the return up)
  if (signal.aborted) return;
  const taken = (flow.redirectReturn =
    typeof returned === 'string'
      ? takeNote(await pageOf(flow), returned)
      : returned);
  const read =
    taken.kind === 'returned'
      ? await readReturned(flow.client!, taken.note, signal)
      : taken;
  flow.redirectReturn = undefined;
  if (read.kind !== 'returned') {
    flow.emitError(
      'invalid_return',
      'the return of a redirect login was refused'
    );
    return flow.go({
      name: 'return-refused',
      reason: read.kind === 'refused' ? read.reason : 'malformed',
    });
  }
  const {source, connection} = read;
  // The person left the login page without signing in: back to the consent for the source. A
  // repair left so is `pending` too, which the service no longer signs in to again (409): Allow
  // makes a new connection, which replaces it (docs/connect-api.md, "Signing in again").
  if (connection.status === 'pending') {
    flow.upsert(connection);
    return flow.go({name: 'consent', source});
  }
  if (taken.kind === 'returned') {
    const {again, receipt} = taken.note;
    if (again) flow.repairing = connection.id;
    // (the receipt of the consent given before the page was left, for `connect` and "Save a copy")
    else if (receipt) holdReceipt(flow, receipt);
  }
  settleLogin(flow, connection, source);
}
