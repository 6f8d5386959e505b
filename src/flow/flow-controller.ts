/**
 * The flow of `<human-connect>`: a small explicit state machine that owns the
 * steps (search → consent → login in a popup → connected; the request form;
 * the connected sources), every call to the Connect API, and what the session
 * has done. Views only read it and call its intents. Each async step runs on
 * an `AbortSlot`, so a newer step aborts the older, and `stop()` aborts all.
 *
 * The steps a person reaches only after the first screens live in modules of their own, which
 * load with the views that call them or when first used, so that the first load carries only what
 * search and consent need: allow.ts (Allow, and how a login ends), request-flow.ts (the request
 * form), confirm.ts (a disconnect, or leaving a login), login-steps.ts (reopen the popup, continue
 * in this tab, try again), popup-login.ts (the wait for the popup's login), redirect-flow.ts (a
 * login in this tab, or the app's), open-source.ts (an opening to one source) and featured.ts
 * (the host's shortlist). They step the controller through its members marked `@internal`, which
 * nothing outside src/flow touches. A view calls them as `submitRequest(flow)`, not `flow.…()`.
 * Each change of step is told to the host as a `step` event (funnel.ts, `tell`).
 */
import type {ReactiveController, ReactiveControllerHost} from 'lit';
import {
  ConnectApiClient,
  type ConnectApi,
  type ConnectApiOptions,
} from '../api/client.js';
import {realClock, type Clock} from '../api/clock.js';
import {ConnectApiError, isAbort} from '../api/errors.js';
import type {Connection, Session, Source} from '../api/types.js';
import {parseApiBase, safeServiceUrl} from '../api/urls.js';
import type {
  CloseReason,
  ConnectResult,
  ConnectStep,
  HumanConnectEventDetails,
  SessionResults,
  SessionTokenStatus,
} from '../events.js';
import {delay} from '../api/delay.js';
import {AbortSlot, unlessAborted} from './abort-slot.js';
import type {LoginMode} from './login-mode.js';
import {funnelStep, type StepFacts} from './funnel.js';
import {createNonce} from './nonce.js';
import type {RedirectReturn} from './redirect-login.js';
import {claimsReturn} from './return-fragment.js';
import type {Page} from './page.js';
import {SourceSearch} from './source-search.js';
import {
  EMPTY_FORM,
  type Confirmation,
  type RequestForm,
  type Step,
} from './steps.js';
import type {Timings} from './timings.js';

/**
 * Where a request to close came from: the close button (or a view's Close),
 * Esc, the success view's Done, or the host (`hide()`, the global `close()`,
 * the browser closing the dialog itself).
 */
export type CloseSource = 'button' | 'escape' | 'done' | 'host';

export interface FlowOptions {
  getToken(): string | undefined;
  getApiBase(): string | undefined;
  /** Asked for a fresh token when the service says the token expired. */
  refreshToken?(): Promise<string | undefined>;
  /** Dispatches one of the element's events with this detail. */
  emit<K extends keyof HumanConnectEventDetails>(
    name: K,
    detail: HumanConnectEventDetails[K]
  ): void;
  /** Closes the widget (the element emits `close`). */
  close(reason: CloseReason): void;
  /** Shorter waits, for tests; read at each opening. */
  timings?(): Partial<Timings> | undefined;
  /** `popup`, `redirect`, `native` or `auto` (the `login` attribute), read at each Allow. */
  loginMode?(): LoginMode | string | undefined;
  /** Where a redirect login comes back to (the `return-url` attribute), read at each Allow. */
  returnUrl?(): string | undefined;
  // Seams for the controller's own tests: time, the service, the popup, the page.
  clock?: Clock;
  createClient?(options: ConnectApiOptions): ConnectApi;
  openPopup?(url: string, name: string): Window | null;
  /** The page the widget is in (default: the browser's); read at each use. */
  page?(): Page | undefined;
  /** What an opening opens to (`source-id`, `lock-source`, `featured-sources`); read at each. */
  opening?(): Opening;
}

/** What the host asked an opening to open to. */
export interface Opening {
  /** Straight to the consent for this source (open-source.ts). */
  sourceId?: string;
  /** No way to another source: the search is never shown. */
  locked?: boolean;
  /** The ids of the list shown while the query is empty, comma-separated (featured.ts). */
  featured?: string;
  /** Straight to signing in again to this connection (reconnect.ts). */
  connectionId?: string;
}

const noop = (): void => {};

export class FlowController implements ReactiveController {
  step: Step = {name: 'closed'};
  confirmation: Confirmation | undefined = undefined;
  session: Session | undefined = undefined;
  connections: Connection[] = [];
  requestForm: RequestForm = {...EMPTY_FORM};
  /** The name of the source last requested, for the thank-you note. */
  requestedName: string | undefined = undefined;
  /** An error of the connected-sources view (a failed disconnect). */
  connectionsError: ConnectApiError | undefined = undefined;
  readonly search: SourceSearch;
  /**
   * This opening's id, new at each: in every `step` event and, as `X-Connect-Session`, in every
   * request, so that the host's logs and the service's meet. Random, never the token.
   */
  sessionId = '';
  /** The last `step` told: the next one's `previousStep`, and `close`'s `lastStep`. */
  lastStep: ConnectStep | null = null;

  /** @internal What this opening was asked to open to. */
  asked: Opening = {};
  /** @internal What this opening has done, for the events. */
  results: SessionResults = emptyResults();
  private tokenStatus: SessionTokenStatus = 'SUCCESS';
  /** @internal */
  client: ConnectApi | undefined;
  /** @internal */
  waits: Partial<Timings> = {};
  /** @internal */
  apiBase: URL | null = null;
  /** @internal */
  popup: Window | null = null;
  /** @internal This login's `state`, new at each Allow. */
  state = '';
  /** @internal The connection this login signs in to again (a reconnect), else a new one. */
  repairing: string | undefined;
  /**
   * @internal This page load's return from a redirect login (its fragment, then what the note
   * says of it), until an opening has settled it.
   */
  redirectReturn: string | RedirectReturn | undefined;
  /** @internal Sources (and repaired connections) whose `connect` event was sent: once each. */
  readonly announced = new Set<string>();
  /** @internal The current step's async work. */
  readonly main = new AbortSlot();
  private readonly refresh = new AbortSlot();
  /** The popular list's failure, while the session is still being read. */
  private heldSearchError: ConnectApiError | undefined;
  /**
   * @internal One per connection being disconnected: a second disconnect must not abort the
   * first, which the service may already have carried out.
   */
  readonly disconnecting = new Map<string, AbortController>();

  constructor(
    /** @internal */
    readonly host: ReactiveControllerHost,
    /** @internal */
    readonly options: FlowOptions
  ) {
    host.addController(this);
    this.search = new SourceSearch(
      {
        client: () => this.client,
        changed: () => this.host.requestUpdate(),
        failed: (error) => this.searchFailed(error),
        debounceMs: () => this.waits.debounceMs,
        featured: () => this.asked.featured,
      },
      options.clock
    );
  }

  /**
   * Off the page. A disconnect followed by a reconnect in the same task is a
   * move, not a teardown: the flow goes on in that case.
   */
  hostDisconnected(): void {
    queueMicrotask(() => {
      if (!(this.host as {isConnected?: boolean}).isConnected) this.stop();
    });
  }

  /** The detail every event carries. */
  result(): ConnectResult {
    const sessionResults = structuredClone(this.results);
    return {
      sessionToken: this.options.getToken() ?? '',
      status: this.tokenStatus,
      sessionResults,
      // Human API Connect's shape: `id` is the source's (events.ts, CurrentConnection).
      currentConnections: this.connections.map((c) => ({
        id: c.sourceId,
        sourceId: c.sourceId,
        connectionId: c.id,
        name: c.sourceName,
        status: c.status,
      })),
      requestedProviders: sessionResults.requestedSources,
    };
  }

  /** A URL from the service that may be rendered (https, or loopback in development). */
  safeUrl(value: string | undefined): string | undefined {
    return safeServiceUrl(value, this.apiBase);
  }

  /** True when the source has a live connection (not one that failed). */
  isLive(sourceId: string): boolean {
    return this.connections.some(
      (c) => c.sourceId === sourceId && c.status !== 'error'
    );
  }

  // --- Opening and closing -------------------------------------------------

  /** Starts a fresh session: the widget was opened. */
  start(): void {
    this.reset();
    this.asked = this.options.opening?.() ?? {};
    this.tell('open');
    // While open, a connection that comes back resumes the reads it broke.
    globalThis.addEventListener?.('online', this.resume);
    this.waits = this.options.timings?.() ?? {};
    this.apiBase = parseApiBase(this.options.getApiBase());
    const {createClient = (o) => new ConnectApiClient(o)} = this.options;
    this.client = this.apiBase
      ? createClient({
          baseUrl: this.apiBase,
          getToken: () => this.options.getToken(),
          refreshToken: this.options.refreshToken,
          timeoutMs: this.waits.requestTimeoutMs,
          retry: this.waits.retryBaseMs
            ? {baseMs: this.waits.retryBaseMs}
            : undefined,
          clock: this.options.clock,
          sessionId: this.sessionId,
        })
      : undefined;
    void this.loadSession();
  }

  /**
   * Stopped, with nothing of an earlier session left: for an opening that
   * closes before it starts, whose `close` reports nothing of the last one.
   */
  reset(): void {
    this.stop();
    this.search.reset();
    this.results = emptyResults();
    this.tokenStatus = 'SUCCESS';
    this.announced.clear();
    this.repairing = undefined;
    this.session = undefined;
    this.connections = [];
    this.requestForm = {...EMPTY_FORM};
    this.requestedName = undefined;
    this.connectionsError = undefined;
    this.lastStep = null;
    this.sessionId = createNonce();
  }

  /** Aborts every step, closes the popup and stops every timer. */
  stop(): void {
    globalThis.removeEventListener?.('online', this.resume);
    this.main.abort();
    this.refresh.abort();
    this.disconnecting.forEach((c) => c.abort());
    this.disconnecting.clear();
    this.search.cancel();
    this.closePopup();
    this.confirmation = undefined;
    this.step = {name: 'closed'};
  }

  /**
   * Every way out of the widget comes here, and the reason the host hears is
   * decided here, once. Esc answers an open question before anything else;
   * the person's own close asks first when it would cut a login short.
   */
  requestClose(source: CloseSource): void {
    if (source === 'escape' && this.confirmation) {
      this.confirmation = undefined;
      return this.host.requestUpdate();
    }
    const step = this.step.name;
    if (
      step === 'authorizing' &&
      (source === 'button' || source === 'escape')
    ) {
      this.confirmation = {kind: 'leave'};
      return this.host.requestUpdate();
    }
    this.options.close(
      source === 'done' || (step === 'connected' && source !== 'host')
        ? 'done'
        : source !== 'host' &&
            (step === 'token-error' ||
              step === 'session-error' ||
              step === 'source-error')
          ? 'error'
          : 'user'
    );
  }

  async loadSession(): Promise<void> {
    if (!this.options.getToken())
      return this.tokenFailure('MISSING_SESSION_TOKEN');
    if (!this.client) {
      return this.go(
        {
          name: 'session-error',
          error: new ConnectApiError('bad_request', 'Invalid api-base'),
        },
        true
      );
    }
    const signal = this.main.next();
    this.go({name: 'loading'});
    // The popular list is read beside the session, not after it: one round trip
    // less before the person sees it. A failure of it waits for the session's
    // answer (`searchFailed`): the session's own failure is the one to tell.
    this.heldSearchError = undefined;
    const {sourceId, connectionId} = this.asked;
    // Opened to a source or a repair, the search is read only if the person goes to it.
    const popular =
      sourceId || connectionId ? this.search.suspend() : this.search.load();
    try {
      const session = await unlessAborted(
        this.client.getSession(signal),
        signal
      );
      this.session = session;
      this.connections = session.connections;
      const returned = this.redirectReturn;
      // (the popular list goes on loading, for "Connect another source")
      if (returned)
        return await (
          await import('./redirect-flow.js')
        ).settleReturn(this, returned, signal);
      if (sourceId || connectionId)
        return await (await import('./open-source.js')).openAsked(this, signal);
      this.go({name: 'search'});
      this.watchSyncing();
      const held = this.heldSearchError;
      this.heldSearchError = undefined;
      if (held) this.fail(held);
      await popular;
    } catch (error) {
      if (isAbort(error)) return;
      this.search.cancel();
      this.go({name: 'session-error', error: this.fail(error)});
    }
  }

  /** The search's read failed: told now, or once the session is read (`loadSession`). */
  private searchFailed(error: ConnectApiError): void {
    if (this.step.name === 'loading') this.heldSearchError = error;
    else this.fail(error);
  }

  /** The device is back online (back-online.ts, loaded then: most openings never need it). */
  private readonly resume = (): void =>
    void import('./back-online.js').then((m) => m.backOnline(this), noop);

  // --- Search and the request form -----------------------------------------

  choose(source: Source): void {
    if (source.status === 'down' || this.isLive(source.id)) return;
    this.tell('select-source', {
      sourceId: source.id,
      resultCount: this.search.total,
    });
    this.go({name: 'consent', source});
  }

  showSearch(): void {
    this.connectionsError = undefined;
    this.go({name: 'search'});
  }

  showRequestForm(): void {
    this.requestForm = {...EMPTY_FORM, name: this.search.query.trim()};
    this.requestedName = undefined;
    this.go({name: 'request'});
  }

  // --- Redirect login (issue 16): its steps are in redirect-flow.ts, loaded when used -------

  /**
   * Whether this page load's fragment (`hash`) claims the return of a redirect login; when it
   * does, the next opening settles it (redirect-flow.ts, `settleReturn`). The caller takes the
   * fragment off the address.
   */
  takeReturn(hash: string): boolean {
    return claimsReturn(hash) && !!(this.redirectReturn = hash);
  }

  /** @internal */
  closePopup(): void {
    // (closing a closed window does nothing)
    this.popup?.close();
    this.popup = null;
  }

  // --- Connected sources ---------------------------------------------------

  showConnections(): void {
    this.connectionsError = undefined;
    this.go({name: 'connections'});
    this.watchSyncing();
  }

  /**
   * Reads syncing connections again until none is syncing (sync-watch.ts,
   * loaded when one is: only after a connection, or on a session that has
   * one, and only then worth its bytes). If it cannot be loaded (offline),
   * the rows keep their last state until the next watch.
   */
  /** @internal */
  watchSyncing(): void {
    const signal = this.refresh.next();
    if (!this.connections.some((c) => c.status === 'syncing')) return;
    void import('./sync-watch.js').then(({followSyncs}) => {
      if (signal.aborted || !this.client) return;
      return followSyncs({
        client: this.client,
        signal,
        clock: this.options.clock ?? realClock,
        everyMs: this.waits.syncRefreshMs,
        syncing: () => this.connections.filter((c) => c.status === 'syncing'),
        update: (connection) => this.upsert(connection),
        tokenFailed: (error) => this.fail(error),
      });
    }, noop);
  }

  /** @internal */
  upsert(connection: Connection): void {
    const i = this.connections.findIndex((c) => c.id === connection.id);
    this.connections =
      i < 0
        ? [...this.connections, connection]
        : this.connections.map((c, j) => (j === i ? connection : c));
    this.host.requestUpdate();
  }

  // --- Errors --------------------------------------------------------------

  /**
   * Every failure the person sees is also reported to the host as `error`.
   * A token that stopped working ends the flow in the token-error step.
   */
  /** @internal */
  fail(error: unknown): ConnectApiError {
    const apiError =
      error instanceof ConnectApiError
        ? error
        : new ConnectApiError(
            'server_error',
            String((error as Error)?.message ?? error)
          );
    if (apiError.isTokenError) {
      this.tokenFailure(
        apiError.code === 'token_expired'
          ? 'SESSION_TOKEN_EXPIRED'
          : 'SESSION_TOKEN_INVALID'
      );
    } else {
      this.emitError(apiError.code, apiError.message, apiError.requestId);
    }
    return apiError;
  }

  private tokenFailure(status: Exclude<SessionTokenStatus, 'SUCCESS'>): void {
    if (this.step.name === 'token-error') return;
    this.tokenStatus = status;
    this.main.abort();
    this.refresh.abort();
    this.search.cancel();
    this.closePopup();
    this.confirmation = undefined;
    const code =
      status === 'MISSING_SESSION_TOKEN'
        ? 'missing_token'
        : status === 'SESSION_TOKEN_EXPIRED'
          ? 'token_expired'
          : 'invalid_token';
    this.go({name: 'token-error', status, code});
    this.emitError(code, status);
  }

  /** @internal */
  emitError(code: string, message: string, requestId?: string): void {
    // Without the token: an `error` event reaches error trackers (ErrorDetail).
    const {sessionToken, ...detail} = this.result();
    this.options.emit('error', {
      ...detail,
      error: {code, message, ...(requestId && {requestId})},
    });
  }

  /**
   * @internal Tells the host the person's way took a step (the `step` event), at once, unless it
   * is the step they are at already (the same view drawn again).
   */
  tell(step: ConnectStep, facts?: StepFacts): void {
    if (step === this.lastStep) return;
    const detail = {
      sessionId: this.sessionId,
      step,
      previousStep: this.lastStep,
      at: new Date().toISOString(),
      ...facts,
    };
    this.lastStep = step;
    // (through JSON: a fact that does not apply is left out, not undefined)
    this.options.emit('step', JSON.parse(JSON.stringify(detail)));
  }

  /** @internal */
  go(step: Step, report = false): void {
    if (this.step.name === 'token-error' && step.name !== 'closed') return;
    // Reads for a view the person is not looking at wait for their return to it.
    if (step.name === 'search') this.search.resume();
    else if (this.step.name === 'search') this.search.suspend();
    this.step = step;
    const told = funnelStep(step);
    if (told)
      this.tell(
        told[0],
        step.name === 'search' && this.search.status === 'ready'
          ? {resultCount: this.search.total}
          : told[1]
      );
    if (report && step.name === 'session-error')
      this.emitError(step.error.code, step.error.message, step.error.requestId);
    this.host.requestUpdate();
  }
}

function emptyResults(): SessionResults {
  return {connectedSources: [], disconnectedSources: [], requestedSources: []};
}
