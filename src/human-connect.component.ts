import {
  LitElement,
  html,
  nothing,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import {msg, updateWhenLocaleChanges} from '@lit/localize';
import {
  dispatch,
  type CloseReason,
  type HumanConnectEventDetails,
  type HumanConnectEventMap,
} from './events.js';
import {FlowController} from './flow/flow-controller.js';
import type {LoginMode} from './flow/login-mode.js';
import type {Page} from './flow/page.js';
import {forgetFragment} from './flow/return-fragment.js';
import type {Timings} from './flow/timings.js';
import {isLocaleActive, useLocale} from './i18n/localization.js';
import {isRightToLeft, resolveLocale} from './i18n/locale-match.js';
import {styles} from './human-connect.styles.js';
import {loadingView, sessionErrorView} from './views/message-views.js';
import {announcement} from './views/announcement.js';
import {lazyView} from './views/lazy-view.js';
import {logo} from './views/parts.js';
import {searchView} from './views/search-view.js';
import {ResultsList} from './views/results-list.js';

/** What a webview's native side defines on `window` (src/flow/native-bridge.ts). */
const NATIVE_SHELLS = ['ReactNativeWebView', 'webkit', 'HumanConnectAndroid'];

/** How long a panel waits, blank, for its locale's messages (ms). */
const LOCALE_WAIT_MS = 3000;

const consentViewModule = lazyView(() => import('./views/consent-view.js'));
const tokenErrorViewModule = lazyView(
  () => import('./views/token-error-view.js')
);
const requestViewModule = lazyView(() => import('./views/request-view.js'));
const connectionsViewModule = lazyView(
  () => import('./views/connections-view.js')
);
const loginViewsModule = lazyView(() => import('./views/login-views.js'));

/**
 * `<human-connect>`: lets a person find their hospital, lab, pharmacy,
 * insurer or wearable, consent to share its records with an app, sign in to
 * it in a popup, and hands the app the result. Speaks the Connect API
 * (docs/connect-api.md) with the session token it is given.
 *
 * @summary Connect a person's health data sources to an app.
 * @tag human-connect
 *
 * @event connect - A source was connected (once per source, with the consent's `receipt`), or one the source broke was repaired (Reconnect: `reconnected: true`, once per connection). `detail`: `ConnectDetail`.
 * @event disconnect - The person disconnected a source. `detail`: `ConnectResult`.
 * @event close - The widget closed, for any reason. `detail`: `ConnectResult`, `reason` (`'user' | 'done' | 'error'`) and `lastStep` (the last `step` before it).
 * @event error - Something the host should know went wrong. `detail`: `ConnectResult` and `error` (`{code, message, requestId?}`).
 * @event step - The person's way took a step (`open`, `search`, `select-source`, `consent`, `allow`, …, `close`), dispatched the moment it happens. `detail`: `StepDetail` (`sessionId`, `step`, `previousStep`, `at`, and `sourceId`, `resultCount`, `errorCode`, `requestId` where they apply); never the token nor what the person typed.
 *
 * @csspart dialog - The native `<dialog>` in modal display.
 * @csspart panel - The widget's box, in either display.
 * @csspart header - The top bar with the app's name and the close button.
 * @csspart body - The area that holds the current view.
 * @csspart search-input - The search field.
 * @csspart filter - Each category filter button.
 * @csspart results - The list of sources.
 * @csspart option - One source in the list.
 * @csspart scopes - The list of data the app asks for, on the consent view.
 * @csspart primary-button - The main action of a view.
 * @csspart connection - One connected source in the connected-sources view.
 * @csspart progress - A sync progress bar.
 * @csspart confirm - An "are you sure?" question.
 *
 * @cssproperty --hc-brand - The brand colour of buttons, focus rings and links. Default `#0b57d0` (dark theme `#a8c7fa`).
 * @cssproperty --hc-on-brand - Text on the brand colour. Default: black or white, whichever contrasts more with `--hc-brand`.
 * @cssproperty --hc-text - Body text colour. Default `#1b1f24`.
 * @cssproperty --hc-muted - Secondary text colour. Default `#59636e`.
 * @cssproperty --hc-surface - Background of the panel. Default `#ffffff`.
 * @cssproperty --hc-surface-alt - Background of chips, badges and hovered options. Default `#f1f3f5`.
 * @cssproperty --hc-border - Border colour. Default `#d0d7de`.
 * @cssproperty --hc-danger - Colour of errors and destructive actions. Default `#b3261e`.
 * @cssproperty --hc-radius - Corner radius. Default `12px`.
 * @cssproperty --hc-font-family - Font family. Default: the system font.
 * @cssproperty --hc-spacing - The base spacing unit. Default `8px`.
 * @cssproperty --hc-width - The panel's width in modal display. Default `440px`.
 */
export class HumanConnectElement extends LitElement {
  static override styles = styles;

  // Declared here rather than with decorators: the decorator helpers would
  // ship to every page for the same effect.
  static override properties = {
    token: {},
    apiBase: {attribute: 'api-base'},
    open: {type: Boolean, reflect: true},
    locale: {},
    display: {reflect: true},
    theme: {reflect: true},
    tokenProvider: {attribute: false},
    login: {},
    returnUrl: {attribute: 'return-url'},
    resume: {type: Boolean},
    sourceId: {attribute: 'source-id'},
    lockSource: {type: Boolean, attribute: 'lock-source'},
    featuredSources: {attribute: 'featured-sources'},
    connectionId: {attribute: 'connection-id'},
  };

  /**
   * The session token from the host's server. Sent only in the
   * `Authorization` header to `api-base`. A token set while the widget is
   * open (another person signed in, say) starts its session over, with
   * nothing of the last one's; the `tokenProvider`'s answers continue it.
   */
  token?: string;

  /**
   * The Connect API's base URL, with its version (`https://…/v1`). Must be
   * `https:`, or `http:` on localhost for development.
   */
  apiBase?: string;

  /** Whether the widget is shown. Setting it shows the widget; clearing it hides it. */
  open = false;

  /**
   * The language of the widget (BCP 47, such as `es` or `pt-BR`). Without
   * it, the document's `lang`, then the browser's languages.
   */
  locale?: string;

  /**
   * `modal` (default): a native `<dialog>` over the page. `inline`: rendered
   * in place, inside the host's own container.
   */
  display: 'modal' | 'inline' = 'modal';

  /**
   * `light` (default), `dark`, or `auto`: follows the system's
   * `prefers-color-scheme`.
   */
  theme: 'light' | 'dark' | 'auto' = 'light';

  /**
   * Called for a fresh session token when the service says the current one
   * expired; the failed request is then sent once more with it. Requests that
   * meet the expiry together share one call. Without it, or when it fails, or
   * gives no answer within 20 s, an expired token ends the session with
   * `SESSION_TOKEN_EXPIRED`. A token the host sets meanwhile wins over its
   * answer.
   */
  tokenProvider?: () => Promise<string>;

  /**
   * How the person signs in to their source: `popup` (a window over the page), `redirect` (this
   * tab goes to the login page, and comes back to `return-url`), or `auto` (the default): the
   * popup where one can work, the redirect where it cannot (no `window.open`, a browser inside an
   * app such as Instagram's or Facebook's, a webview). Where a popup is blocked, the person is
   * offered "Continue in this tab".
   */
  login: LoginMode = 'auto';

  /**
   * Redirect login: where the person comes back to after signing in. Must be on the page's own
   * origin; default: this page, without its fragment. The page must have this element with
   * `resume`, or call `HumanConnect.resume()`, to finish the connection there.
   */
  returnUrl?: string;

  /**
   * Redirect login: on a page load that is the return from a login (its address ends in
   * `#hc_state=…&hc_connection=…`), the widget opens by itself and finishes the connection (see
   * `resumeLogin()`). Put it on the element of the page that `return-url` names.
   */
  resume = false;

  /**
   * Opens straight on the consent for this source (its id in the Connect API), read with
   * `GET /sources/{id}`; the search is not queried. For a host that knows the person's hospital
   * or insurer already. An unknown id, a source that is down or one already connected shows why,
   * with an `error` event, and then the search (with `lock-source`, only Close).
   */
  sourceId?: string;

  /**
   * With `source-id`: no way to another source. Decline, and leaving a login, close the widget;
   * there is no "Choose another provider" nor "Back to search".
   */
  lockSource = false;

  /**
   * A shortlist of source ids, comma-separated (`"id1,id2"`): shown in this order, while the
   * query is empty, instead of the service's popular sources. An id the service does not know is
   * left out.
   */
  featuredSources?: string;

  /**
   * Opens straight on the repair of this connection (its id, `currentConnections[].connectionId`):
   * for a host whose server heard that the source wants the person to sign in again
   * (`reauth_required`). Reconnect signs in again to the same connection, and `connect` tells
   * `reconnected: true`. A connection the person does not have, or one with nothing to repair,
   * shows why, with an `error` event (`not_found`, `conflict`).
   */
  connectionId?: string;

  /**
   * Shorter waits (debounce, backoff, polling), read at each opening: for
   * the project's own browser tests, so that they need not sit through the
   * product's. Pages leave it alone.
   * @internal
   */
  timings?: Partial<Timings>;

  /**
   * The page as a redirect login sees it (its address, storage, leaving it): for the gallery's
   * tiles and the project's tests, which show the redirect's views without leaving. Pages leave it
   * alone.
   * @internal
   */
  page?: Page;

  private readonly flow = new FlowController(this, {
    getToken: () => this.token || undefined,
    getApiBase: () => this.apiBase,
    refreshToken: async () => {
      if (!this.tokenProvider) return undefined;
      const before = this.token;
      const fresh = await this.tokenProvider();
      // The host set one while the provider worked: theirs is the newer.
      if (this.token === before && typeof fresh === 'string' && fresh)
        this.token = this.provided = fresh;
      return this.token || undefined;
    },
    emit: (name, detail) => this.emit(name, detail),
    close: (reason) => this.closeWith(reason),
    timings: () => this.timings,
    loginMode: () => this.login,
    returnUrl: () => this.returnUrl || undefined,
    page: () => this.page,
    opening: () => ({
      sourceId: this.sourceId,
      locked: this.lockSource,
      featured: this.featuredSources,
      connectionId: this.connectionId,
    }),
  });

  /** The results listbox: its active option, and the window of its rows in the DOM. */
  private readonly results = new ResultsList(this, {
    // Only while the search view shows the list.
    rows: () => {
      const {step, search} = this.flow;
      return step.name === 'search'
        ? {count: search.sources.length, list: search.generation}
        : undefined;
    },
    onEnd: () => void this.flow.search.loadMore(),
  });

  /** The last event's posting to the native side: the next one waits for it. */
  private bridged: Promise<unknown> = Promise.resolve();
  /** The token the provider gave last: the same session's, not a new one. */
  private provided?: string;
  private closeReason: CloseReason = 'user';
  /** An opening that has not closed yet: each gets one `close`. */
  private shown = false;
  /** What had focus before the widget opened: it gets focus back on close. */
  private opener: HTMLElement | null = null;
  private focusedView = '';
  private focusBeforeConfirm: HTMLElement | null = null;
  private resolvedLocale = 'en';
  /**
   * False while the chosen locale's messages load: the panel shows no words
   * until then, rather than a flash of English (or of the last locale).
   */
  private localeReady = true;
  /** True while the current view's module is still loading: focus waits for it. */
  private viewPending = false;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** Shows the widget (the same as setting `open`). */
  show(): void {
    this.shown = true;
    this.open = true;
  }

  /** Hides the widget without asking; `close` is dispatched with reason `user`. */
  hide(): void {
    this.flow.requestClose('host');
  }

  /**
   * Finishes a redirect login on the page it came back to: when this page load's address carries
   * a return (`#hc_state=…&hc_connection=…`), the fragment is taken off the address, the widget
   * opens, asks for the token as it always does (`token`, then `tokenProvider`), and shows the
   * connection's outcome with the same events as a popup login. A return that does not match the
   * login this tab left for (another state or connection, a second use, older than 10 minutes)
   * shows that nothing was connected, and claims nothing. Answers whether there was a return.
   * `resume` calls it when the element is put on the page.
   */
  resumeLogin(): boolean {
    const page = this.page;
    if (!this.flow.takeReturn(new URL(page?.href() ?? location.href).hash))
      return false;
    // At once, believed or not: a reload must not read it again.
    (page?.forgetFragment ?? forgetFragment)();
    this.show();
    return true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.applyLocale();
    if (this.resume && !this.hasUpdated) this.resumeLogin();
    // Put back on the page after a teardown (removed, then added again later):
    // an open widget starts over rather than showing a dead flow.
    if (this.open && this.flow.step.name === 'closed' && this.hasUpdated)
      this.flow.start();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale')) this.applyLocale();
    if (changed.has('open')) {
      if (this.open) {
        this.shown = true;
        this.opener = deepActiveElement();
        this.closeReason = 'user';
        this.focusedView = '';
        this.flow.start();
      } else if (changed.get('open')) {
        this.flow.stop();
      } else if (this.shown) {
        // Shown and hidden before it drew (`show()` then `hide()` in one
        // task): it still closes, as each opening does, with nothing in it.
        this.flow.reset();
      }
    } else if (
      changed.has('token') &&
      this.open &&
      this.token !== this.provided
    ) {
      // Not bound to the token it started with, a session would show one
      // person's connections to the next and report them in their events
      // (review L8): another token starts over.
      this.flow.start();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.syncDialog();
    if (changed.has('open') && !this.open && this.shown) {
      this.shown = false;
      const lastStep = this.flow.lastStep;
      this.flow.tell('close');
      this.emit('close', {
        ...this.flow.result(),
        reason: this.closeReason,
        lastStep,
      });
      this.opener?.focus();
      this.opener = null;
    }
    this.moveFocus();
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.open) return nothing;
    const panel = this.renderPanel();
    return this.display === 'inline'
      ? panel
      : html`<dialog
          part="dialog"
          aria-labelledby="title"
          @cancel=${this.onCancel}
          @close=${this.onDialogClose}
        >
          ${panel}
        </dialog>`;
  }

  private renderPanel(): TemplateResult {
    if (!this.localeReady) {
      return html`<div class="panel" part="panel" aria-busy="true">
        <p class="loading"></p>
      </div>`;
    }
    const flow = this.flow;
    const app = flow.session?.app;
    const question = flow.confirmation;
    return html`<div
      class="panel"
      part="panel"
      lang=${this.resolvedLocale}
      dir=${isRightToLeft(this.resolvedLocale) ? 'rtl' : 'ltr'}
      role=${this.display === 'inline' ? 'region' : nothing}
      aria-labelledby=${this.display === 'inline' ? 'title' : nothing}
      @keydown=${this.onKeydown}
    >
      <div class="header" part="header" ?inert=${!!question}>
        ${app ? logo(app.name, flow.safeUrl(app.logoUrl)) : nothing}
        <h1 id="title">${app?.name ?? msg('Connect your health data')}</h1>
        <button
          class="icon"
          aria-label=${msg('Close')}
          @click=${() => flow.requestClose('button')}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      </div>
      <div class="body" part="body" ?inert=${!!question}>
        ${this.renderView()}
      </div>
      ${
        question
          ? // Asked only from a lazily loaded view, whose module brings the dialog.
            (question.kind === 'leave'
              ? loginViewsModule(this)
              : connectionsViewModule(this)
            )?.confirmDialog(flow, question)
          : nothing
      }
      <div class="visually-hidden" role="status">
        ${announcement(flow, this.resolvedLocale)}
      </div>
    </div>`;
  }

  private renderView(): TemplateResult {
    this.viewPending = false;
    const flow = this.flow;
    const step = flow.step;
    const locale = this.resolvedLocale;
    switch (step.name) {
      case 'closed':
      case 'loading':
        return loadingView();
      case 'token-error':
        return this.lazy(
          tokenErrorViewModule(this)?.tokenErrorView(flow, step)
        );
      case 'session-error':
        return sessionErrorView(flow, step);
      case 'search':
        // Fetched while the person searches: it is there when they choose.
        consentViewModule(this);
        return searchView(flow, locale, this.results);
      case 'request':
        return this.lazy(requestViewModule(this)?.requestView(flow));
      case 'consent':
        // The person reads the consent: time enough to fetch the views after "Allow".
        loginViewsModule(this);
        return this.lazy(
          consentViewModule(this)?.consentView(flow, step.source)
        );
      case 'authorizing':
        return this.lazy(loginViewsModule(this)?.authorizingView(flow, step));
      case 'connect-error':
        return this.lazy(loginViewsModule(this)?.connectErrorView(flow, step));
      case 'connected':
        return this.lazy(
          loginViewsModule(this)?.connectedView(flow, step, locale)
        );
      case 'connections':
      case 'reconnect':
        return this.lazy(
          connectionsViewModule(this)?.connectionsView(flow, locale)
        );
      case 'return-refused':
        return this.lazy(loginViewsModule(this)?.returnRefusedView(flow));
      case 'source-error':
        return this.lazy(loginViewsModule(this)?.sourceErrorView(flow, step));
    }
  }

  /** A lazily loaded view, or the loading view while its module arrives. */
  private lazy(view: TemplateResult | undefined): TemplateResult {
    this.viewPending = !view;
    return view ?? loadingView();
  }

  /**
   * Dispatches one of the element's events, and posts it to the native side when the page runs in
   * an app's webview (src/flow/native-bridge.ts, loaded with the first event: a page in a browser
   * never needs it). Posted in the order dispatched.
   */
  private emit<K extends keyof HumanConnectEventDetails>(
    name: K,
    detail: HumanConnectEventDetails[K]
  ): void {
    dispatch(this, name, detail);
    if (!NATIVE_SHELLS.some((key) => key in window)) return;
    this.bridged = this.bridged
      .then(() => import('./flow/native-bridge.js'))
      .then((bridge) => bridge.postEvent(name, detail))
      .catch(() => {});
  }

  private closeWith(reason: CloseReason): void {
    if (!this.open) return;
    this.closeReason = reason;
    this.open = false;
  }

  private syncDialog(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && this.open && !dialog.open && this.isConnected)
      dialog.showModal();
  }

  /**
   * Esc, in modal display: the native dialog's close request. The flow
   * decides (it may answer a question, or ask first).
   */
  private onCancel(event: Event): void {
    event.preventDefault();
    this.flow.requestClose('escape');
  }

  /** The browser closed the dialog itself (a second Esc it would not let us stop). */
  private onDialogClose(): void {
    if (this.open && this.isConnected) this.flow.requestClose('host');
  }

  /** In inline display there is no dialog to turn Esc into `cancel`. */
  private onKeydown(event: KeyboardEvent): void {
    if (
      this.display !== 'inline' ||
      event.key !== 'Escape' ||
      event.defaultPrevented
    )
      return;
    event.preventDefault();
    this.flow.requestClose('escape');
  }

  /** When the view or the question changes, focus goes to its starting point. */
  private moveFocus(): void {
    if (!this.open || !this.localeReady || this.viewPending) return;
    const root = this.renderRoot as ShadowRoot;
    const question = this.flow.confirmation;
    const step = this.flow.step;
    const key = question
      ? `confirm:${question.kind}`
      : 'phase' in step
        ? `${step.name}:${step.phase}`
        : step.name;
    if (key === this.focusedView) return;
    const wasQuestion = this.focusedView.startsWith('confirm:');
    this.focusedView = key;
    if (question) {
      this.focusBeforeConfirm = root.activeElement as HTMLElement | null;
      root.querySelector<HTMLElement>('.confirm [data-autofocus]')?.focus();
      return;
    }
    if (wasQuestion && this.focusBeforeConfirm?.isConnected) {
      this.focusBeforeConfirm.focus();
      return;
    }
    root.querySelector<HTMLElement>('.body [data-autofocus]')?.focus();
  }

  private applyLocale(): void {
    const requested = [
      this.locale ?? '',
      this.closest('[lang]')?.getAttribute('lang') ?? '',
      ...(globalThis.navigator?.languages ?? []),
    ];
    const locale = resolveLocale(requested);
    this.resolvedLocale = locale;
    if (isLocaleActive(locale)) {
      this.localeReady = true;
      return;
    }
    this.localeReady = false;
    const show = () => {
      if (this.resolvedLocale !== locale || this.localeReady) return;
      this.localeReady = true;
      this.requestUpdate();
    };
    // A locale that fails to load leaves the words in use; one slow to come
    // shows them after LOCALE_WAIT_MS rather than a blank panel, and the
    // panel changes language if it arrives later.
    void useLocale(locale)
      .catch(() => undefined)
      .finally(show);
    setTimeout(show, LOCALE_WAIT_MS);
  }
}

/** The element that has focus, looking inside shadow roots. */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement)
    active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

// The element's own events (close and error carry details here), for typed listeners.
export interface HumanConnectElement {
  addEventListener<K extends keyof HumanConnectEventMap>(
    type: K,
    listener: (
      this: HumanConnectElement,
      event: HumanConnectEventMap[K]
    ) => unknown,
    options?: boolean | AddEventListenerOptions
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions
  ): void;
  removeEventListener<K extends keyof HumanConnectEventMap>(
    type: K,
    listener: (
      this: HumanConnectElement,
      event: HumanConnectEventMap[K]
    ) => unknown,
    options?: boolean | EventListenerOptions
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions
  ): void;
}
