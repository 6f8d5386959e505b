/**
 * Allow, and how a login ends: the consent's step of the flow. Loaded with the consent view (which
 * the search fetches while the person looks), not with the first screens: the Allow button is not
 * drawn before this module is here, so Allow runs inside its click with nothing to wait for, as a
 * popup must. The choice of popup or redirect (login-mode.ts) comes with it, for the same reason.
 */
import {ConnectApiError, isAbort} from '../api/errors.js';
import type {
  ConsentScope,
  Connection,
  CreatedConnection,
  Source,
} from '../api/types.js';
import {unlessAborted} from './abort-slot.js';
import type {FlowController} from './flow-controller.js';
import {chooseLogin} from './login-mode.js';
import {createNonce} from './nonce.js';
import {openPopup} from './popup-window.js';
import {
  keepReceipt,
  receiptOf,
  seeConsent,
  sendConsent,
  type SeenConsent,
} from './receipt.js';

/**
 * "Allow": must run inside the click, because the popup is opened here, before the first await,
 * or the browser would block it. It opens blank and is sent to the login page once the service
 * has made the connection.
 */
export function allow(flow: FlowController, seen?: SeenConsent): void {
  const step = flow.step;
  if (step.name !== 'consent' || !flow.client || !flow.session) return;
  flow.repairing = undefined;
  // (the consent the person read, for the new connection's receipt)
  if (seen) seeConsent(flow, seen);
  signIn(flow, step.source);
}

/** Allow's and Reconnect's login: in a popup, in this tab (redirect) or by the app (native). */
export function signIn(flow: FlowController, source: Source): void {
  const way = chooseLogin(
    flow.options.loginMode?.(),
    flow.options.page?.()?.environment?.()
  );
  if (way === 'redirect') return redirectLogin(flow, source);
  flow.state = createNonce();
  flow.closePopup();
  // Unless the app opens the login: the popup, inside the click, or the browser blocks it.
  flow.popup = way === 'native' ? null : openLoginPopup(flow, 'about:blank');
  const signal = flow.main.next();
  flow.go({name: 'authorizing', source, phase: 'creating'});
  void (async () => {
    try {
      const created = await unlessAborted(
        beginLogin(flow, source, undefined, signal),
        signal
      );
      const authorizeUrl = flow.safeUrl(created.authorizeUrl);
      if (!authorizeUrl) {
        throw new ConnectApiError(
          'invalid_response',
          'authorizeUrl is not https'
        );
      }
      flow.upsert(created.connection);
      const popup = flow.popup;
      if (popup && !popup.closed) popup.location.replace(authorizeUrl);
      // (while the person signs in)
      if (!flow.repairing)
        await keepReceipt(flow, source, created.connection.id);
      // `native`: the app opens the login, and the widget waits by polling; with no app to tell
      // (a browser after all), the person gets the link, as where a popup is blocked.
      const told =
        way === 'native' &&
        (await (
          await import('./redirect-flow.js')
        ).tellApp(flow, authorizeUrl, created.connection));
      if (signal.aborted) return;
      const phase = told
        ? 'native'
        : popup && !popup.closed
          ? 'waiting'
          : 'blocked';
      flow.go({
        name: 'authorizing',
        source,
        phase,
        authorizeUrl,
        connection: created.connection,
      });
      // (popup-login.ts, loaded on the first login, while the service made the connection)
      await (
        await import('./popup-login.js')
      ).waitForLogin(flow, created.connection, source, signal);
    } catch (error) {
      loginFailed(flow, source, error);
    }
  })();
}

/**
 * The call that starts a login, with this attempt's `state` (and `returnUrl`, for a redirect):
 * signing in again to the connection under repair, or making a new one with the consent given.
 */
export function beginLogin(
  flow: FlowController,
  source: Source,
  returnUrl: string | undefined,
  signal: AbortSignal
): Promise<CreatedConnection> {
  const client = flow.client!;
  const repairing = flow.repairing;
  // (no `returnUrl` key at all for a popup's login)
  const back = returnUrl ? {returnUrl} : {};
  return repairing
    ? client.reauthorize(repairing, {state: flow.state, ...back}, signal)
    : client.createConnection(
        {...connectionBody(flow, source), ...back},
        signal
      );
}

/**
 * The optional scopes the person ticked or unticked on the consent, by scope id, for one opening
 * (its `sessionId`): their choice stays while they look at other sources, and the next opening
 * starts from the service's defaults.
 */
const ticks = new WeakMap<
  FlowController,
  {opening: string; ticked: Map<string, boolean>}
>();

function ticksOf(flow: FlowController): Map<string, boolean> {
  let mine = ticks.get(flow);
  if (mine?.opening !== flow.sessionId)
    ticks.set(flow, (mine = {opening: flow.sessionId, ticked: new Map()}));
  return mine.ticked;
}

/** Whether an optional scope's box is ticked: the person's choice, else the service's default. */
export function isTicked(flow: FlowController, scope: ConsentScope): boolean {
  return ticksOf(flow).get(scope.id) ?? scope.default === true;
}

/** The person ticked or unticked an optional scope. */
export function tickScope(
  flow: FlowController,
  scopeId: string,
  on: boolean
): void {
  ticksOf(flow).set(scopeId, on);
  flow.host.requestUpdate();
}

/** What `POST /connections` sends: the source, the scopes the person allowed, and this attempt's state. */
export function connectionBody(flow: FlowController, source: Source) {
  const consent = flow.session!.consent;
  const given = {
    version: consent.version,
    scopes: consent.scopes
      .filter((s) => s.required !== false || isTicked(flow, s))
      .map((s) => s.id),
    acceptedAt: new Date().toISOString(),
  };
  sendConsent(flow, given);
  return {sourceId: source.id, consent: given, state: flow.state};
}

/** Signs in in this tab (redirect-flow.ts, `leaveForLogin`). */
export function redirectLogin(flow: FlowController, source: Source): void {
  const signal = flow.main.next();
  flow.go({name: 'authorizing', source, phase: 'creating'});
  import('./redirect-flow.js')
    .then((m) => m.leaveForLogin(flow, source, signal))
    .catch((error) => loginFailed(flow, source, error));
}

/** Making the connection, or waiting for its login, failed. */
export function loginFailed(
  flow: FlowController,
  source: Source,
  error: unknown
): void {
  if (isAbort(error)) return;
  flow.closePopup();
  flow.go({name: 'connect-error', source, error: flow.fail(error)});
}

/** The login popup, named for this attempt; null when it was blocked. */
export function openLoginPopup(
  flow: FlowController,
  url: string
): Window | null {
  const name = `human-connect-${flow.state.slice(0, 8)}`;
  return (flow.options.openPopup ?? openPopup)(url, name);
}

/** A login's outcome, however it came back: the connection as the service has it. */
export function settleLogin(
  flow: FlowController,
  outcome: Connection,
  source: Source
): void {
  flow.upsert(outcome);
  if (outcome.status === 'error') {
    flow.go({
      name: 'connect-error',
      source,
      error: outcome.error ?? {code: 'login_failed', message: ''},
    });
    flow.emitError(
      outcome.error?.code ?? 'login_failed',
      outcome.error?.message ?? ''
    );
    return;
  }
  // A repaired connection is told once, as such; a new source, once per opening.
  const again = flow.repairing === outcome.id;
  const told = again ? outcome.id : source.id;
  if (!flow.announced.has(told)) {
    flow.announced.add(told);
    if (!again)
      flow.results.connectedSources.push({id: source.id, name: source.name});
    const receipt = receiptOf(flow, outcome.id);
    flow.options.emit(
      'connect',
      again
        ? {...flow.result(), reconnected: true as const}
        : {...flow.result(), ...(receipt && {receipt})}
    );
  }
  flow.go({name: 'connected', source, connectionId: outcome.id});
  flow.watchSyncing();
}
