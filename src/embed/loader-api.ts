/**
 * `window.HumanConnect` as the script-tag loader defines it, before the UI file has come: the same
 * API as the UI's own (src/embed/global-api.ts), plus `preload()`. Calls made before the UI comes
 * wait for it: listeners are handed over in the order they were added, and an `open()` shows
 * "Loading…" and opens the widget once the UI is there, its promise kept. Once it has come, every
 * call goes straight to the UI's API. When the UI cannot come, the open that waits for it gets an
 * `error` (code `ui_load_failed`) and a "Try again" that fetches it anew; nothing is defined.
 */
import type {
  CloseDetail,
  CloseReason,
  ConnectResult,
  ErrorDetail,
  HumanConnectEventDetails,
  HumanConnectEventName,
} from '../events.js';
import {
  isReturn,
  type HumanConnectGlobal,
  type OpenOptions,
} from './global-api.js';
import {createLoadStatus, type LoadStatus} from './load-status.js';
import {ownOptions} from './own-script.js';
import type {CreateGlobalApi} from './ui-handoff.js';

type Listener = (detail: never) => void;

/** What a widget that never got to start reports: no session read, nothing connected. */
const nothingYet = (): Omit<ConnectResult, 'sessionToken'> => ({
  status: 'SUCCESS',
  sessionResults: {
    connectedSources: [],
    disconnectedSources: [],
    requestedSources: [],
  },
  currentConnections: [],
  requestedProviders: [],
});

/** The `error` detail of a UI file that did not come (code `ui_load_failed`). */
export function loadFailure(error: unknown): ErrorDetail {
  return {
    ...nothingYet(),
    error: {
      code: 'ui_load_failed',
      message: error instanceof Error ? error.message : String(error),
    },
  };
}

export function createLoaderApi(
  doc: Document,
  defaults: {apiBase?: string; version: string},
  load: () => Promise<CreateGlobalApi>
): HumanConnectGlobal {
  /** The UI's API, once the UI has come. */
  let ui: HumanConnectGlobal | undefined;
  let loading: Promise<HumanConnectGlobal> | undefined;
  /** The listeners added before the UI came, in order. */
  const listeners = new Map<HumanConnectEventName, Set<Listener>>();
  /** The open that waits for the UI. */
  let waiting:
    | {
        options: OpenOptions;
        /** `resume()`: it finishes a redirect login once the UI is there. */
        resume: boolean;
        status: LoadStatus;
        /** Whether the UI failed to come for it (and the person was told). */
        failed: boolean;
        resolve(detail: CloseDetail): void;
        closed: Promise<CloseDetail>;
      }
    | undefined;

  const tell = <K extends HumanConnectEventName>(
    name: K,
    options: OpenOptions,
    detail: HumanConnectEventDetails[K]
  ) => {
    const callback = {
      connect: options.onConnect,
      disconnect: options.onDisconnect,
      close: options.onClose,
      error: options.onError,
      step: options.onStep,
    }[name] as ((d: HumanConnectEventDetails[K]) => void) | undefined;
    callback?.(detail);
    for (const listener of listeners.get(name) ?? [])
      (listener as (d: HumanConnectEventDetails[K]) => void)(detail);
  };

  function fetchUi(): Promise<HumanConnectGlobal> {
    loading ??= load().then(
      (create) => {
        const api = create(doc, defaults);
        for (const [name, set] of listeners)
          for (const listener of set) api.on(name, listener as never);
        return (ui = api);
      },
      (error: unknown) => {
        loading = undefined; // the next intent tries again
        throw error;
      }
    );
    return loading;
  }

  /**
   * Ends the waiting open without the UI, with `close` and its promise kept: the person's choice
   * (`user`) while it loaded, `error` once it had failed.
   */
  function giveUp(reason?: CloseReason): void {
    const open = waiting;
    if (!open) return;
    waiting = undefined;
    open.status.remove();
    const detail: CloseDetail = {
      sessionToken: open.options.token ?? '',
      ...nothingYet(),
      reason: reason ?? (open.failed ? 'error' : 'user'),
      lastStep: null,
    };
    tell('close', open.options, detail);
    open.resolve(detail);
  }

  function openWhenReady(): void {
    const open = waiting!;
    open.status.loading();
    fetchUi().then(
      (api) => {
        if (waiting !== open) return; // closed meanwhile
        waiting = undefined;
        open.status.remove();
        const opened =
          (open.resume && api.resume(open.options)) || api.open(open.options);
        void opened.then(open.resolve);
      },
      (error: unknown) => {
        if (waiting !== open) return;
        open.failed = true;
        tell('error', open.options, loadFailure(error));
        open.status.failed();
      }
    );
  }

  /** `open()`, or `resume()` (`resume`), before or after the UI has come. */
  function openWith(
    given: OpenOptions | undefined,
    resume: boolean
  ): Promise<CloseDetail> {
    const options = ownOptions(given);
    if (ui) return (resume && ui.resume(options)) || ui.open(options);
    if (waiting) return waiting.closed;
    let resolve!: (detail: CloseDetail) => void;
    const closed = new Promise<CloseDetail>((r) => (resolve = r));
    waiting = {
      options,
      resume,
      resolve,
      closed,
      failed: false,
      status: createLoadStatus(doc, {
        locale: options.locale,
        container:
          options.display === 'inline'
            ? (options.container ?? doc.body)
            : undefined,
        onRetry: openWhenReady,
        onClose: () => giveUp(),
      }),
    };
    openWhenReady();
    return closed;
  }

  return {
    version: defaults.version,
    open: (given) => openWith(given, false),
    // Only a return fetches the UI: an ordinary load of the page does nothing.
    resume: (given) => (isReturn(doc) ? openWith(given, true) : null),
    close() {
      if (ui) ui.close();
      else giveUp('user');
    },
    on(event, listener) {
      if (ui) return ui.on(event, listener);
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener as Listener);
    },
    off(event, listener) {
      if (ui) return ui.off(event, listener);
      listeners.get(event)?.delete(listener as Listener);
    },
    preload: () => fetchUi().then(() => undefined),
  };
}
