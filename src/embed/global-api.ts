/**
 * `window.HumanConnect`: the script-tag API, for pages that would rather call
 * a function than place an element. It manages one `<human-connect>` of its
 * own, created on first use; elements the page places itself are untouched.
 */
import type {HumanConnectElement} from '../human-connect.component.js';
import type {LoginMode} from '../flow/login-mode.js';
import {claimsReturn} from '../flow/return-fragment.js';
import {ownOptions} from './own-script.js';
import type {
  CloseDetail,
  ConnectDetail,
  ConnectResult,
  ErrorDetail,
  HumanConnectEventDetails,
  HumanConnectEventName,
  StepDetail,
} from '../events.js';

export interface OpenOptions {
  /** The session token from your server. */
  token?: string;
  /** The Connect API's base URL; defaults to the script tag's `data-api-base`. */
  apiBase?: string;
  locale?: string;
  display?: 'modal' | 'inline';
  /** Where an `inline` widget goes; default `document.body`. */
  container?: Element;
  /** Asked for a fresh token when the token expires. */
  tokenProvider?: () => Promise<string>;
  /** `popup`, `redirect` or `auto` (the default): the element's `login`. */
  login?: LoginMode;
  /** Where a redirect login comes back to: the element's `return-url`. */
  returnUrl?: string;
  /** Opens straight on the consent for this source: the element's `source-id`. */
  sourceId?: string;
  /** With `sourceId`, no way to another source: the element's `lock-source`. */
  lockSource?: boolean;
  /** The list shown while the query is empty, in this order: the element's `featured-sources`. */
  featuredSources?: string[];
  /** Opens straight on the repair of this connection: the element's `connection-id`. */
  connectionId?: string;
  onConnect?(detail: ConnectDetail): void;
  onDisconnect?(detail: ConnectResult): void;
  onClose?(detail: CloseDetail): void;
  onError?(detail: ErrorDetail): void;
  /** Each step of the person's way, the moment it happens (the `step` event). */
  onStep?(detail: StepDetail): void;
}

type Listener<K extends HumanConnectEventName> = (
  detail: HumanConnectEventDetails[K]
) => void;

export interface HumanConnectGlobal {
  readonly version: string;
  /**
   * Opens the widget. Resolves with the `close` detail when it closes. While
   * it is open, a second call opens nothing and returns the same promise.
   */
  open(options?: OpenOptions): Promise<CloseDetail>;
  /** Closes the widget, if open (`close` with reason `user`). */
  close(): void;
  /** Listens to an event of every widget this API opens. */
  on<K extends HumanConnectEventName>(event: K, listener: Listener<K>): void;
  off<K extends HumanConnectEventName>(event: K, listener: Listener<K>): void;
  /**
   * Fetches the widget's UI now, ahead of the person's intent. With the loader
   * (`human-connect.min.js`) the UI is fetched on the first sign of intent anyway (pointer-over
   * or focus of a launcher, a `<human-connect>` on the page, `open()`); resolves once it is
   * there, and rejects when it cannot come (a later `open()` tries again). With the one-file
   * build the UI is there already.
   */
  preload(): Promise<void>;
  /**
   * Finishes a redirect login on the page it came back to (`login: 'redirect'`, or `auto` where a
   * popup cannot work). Call it on every load of the page that `returnUrl` names, with the options
   * you give `open()`: when this load is a return (`#hc_state=…&hc_connection=…`), the widget opens
   * and shows the connection's outcome, with the same events, and this resolves as `open()`
   * does; otherwise it does nothing and answers null.
   */
  resume(options?: OpenOptions): Promise<CloseDetail> | null;
}

/** Whether this page load's address claims the return of a redirect login. */
export function isReturn(doc: Document): boolean {
  return claimsReturn(doc.defaultView?.location.hash ?? '');
}

declare global {
  interface Window {
    HumanConnect?: HumanConnectGlobal;
  }
}

const CALLBACKS = {
  connect: 'onConnect',
  disconnect: 'onDisconnect',
  close: 'onClose',
  error: 'onError',
  step: 'onStep',
} as const satisfies Record<HumanConnectEventName, keyof OpenOptions>;

export function createGlobalApi(
  doc: Document,
  defaults: {apiBase?: string; version: string}
): HumanConnectGlobal {
  const listeners = new Map<HumanConnectEventName, Set<Listener<never>>>();
  let element: HumanConnectElement | undefined;
  let session: {options: OpenOptions; closed: Promise<CloseDetail>} | undefined;

  const deliver = (event: Event) => {
    const name = event.type as HumanConnectEventName;
    const detail = (event as CustomEvent).detail;
    (session?.options[CALLBACKS[name]] as ((d: unknown) => void) | undefined)?.(
      detail
    );
    for (const listener of listeners.get(name) ?? [])
      (listener as (d: unknown) => void)(detail);
  };

  function widget(): HumanConnectElement {
    if (!element) {
      element = doc.createElement('human-connect');
      for (const name of Object.keys(CALLBACKS))
        element.addEventListener(name, deliver);
    }
    return element;
  }

  const api: HumanConnectGlobal = {
    version: defaults.version,
    open: (given) => openWith(given, false),
    resume: (given) => (isReturn(doc) ? openWith(given, true) : null),
    close() {
      element?.hide();
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener as Listener<never>);
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener as Listener<never>);
    },
    preload: () => Promise.resolve(),
  };
  return api;

  /** Opens the widget, or (`resume`) finishes the redirect login this page load returns from. */
  function openWith(
    given: OpenOptions | undefined,
    resume: boolean
  ): Promise<CloseDetail> {
    if (session) {
      const el = widget();
      if (el.open && el.isConnected) return session.closed;
      // The last opening is closing (`close()` in this same task), or its
      // widget was taken off the page (a new <body>): it ends, with its own
      // `close`, and this one follows it.
      el.hide();
      return session.closed.then(() => openWith(given, resume));
    }
    const options = ownOptions(given);
    const el = widget();
    el.token = options.token;
    el.apiBase = options.apiBase ?? defaults.apiBase;
    el.locale = options.locale;
    el.display = options.display ?? 'modal';
    el.tokenProvider = options.tokenProvider;
    el.login = options.login ?? 'auto';
    el.returnUrl = options.returnUrl;
    el.sourceId = options.sourceId;
    el.lockSource = !!options.lockSource;
    el.featuredSources = options.featuredSources?.join(',');
    el.connectionId = options.connectionId;
    const container =
      el.display === 'inline' ? (options.container ?? doc.body) : doc.body;
    if (el.parentNode !== container) container.append(el);
    const closed = new Promise<CloseDetail>((resolve) => {
      el.addEventListener(
        'close',
        (event) => {
          session = undefined;
          resolve(event.detail);
        },
        {once: true}
      );
    });
    session = {options, closed};
    // (a return whose fragment went meanwhile is an ordinary opening)
    if (!resume || !el.resumeLogin()) el.show();
    return closed;
  }
}
