/**
 * What a person can do while a login is under way or after it failed: open the login page again,
 * sign in in this tab instead, leave, or try again. Loaded with the views that offer them
 * (src/views/authorizing-view.ts, result-views.ts), not with the first screens: steps of the flow
 * (flow-controller.ts) that only some people reach.
 */
import {loginFailed, openLoginPopup, redirectLogin} from './allow.js';
import type {FlowController} from './flow-controller.js';
import {isLocked} from './open-source.js';
import {waitForLogin} from './popup-login.js';

/** Opens the login page again (after a blocked or closed popup): from a click. */
export function reopenPopup(flow: FlowController): void {
  const step = flow.step;
  if (step.name !== 'authorizing' || !step.authorizeUrl || !step.connection)
    return;
  flow.closePopup();
  flow.popup = openLoginPopup(flow, step.authorizeUrl);
  if (!flow.popup) return flow.go({...step, phase: 'blocked'});
  const signal = flow.main.next();
  flow.go({...step, phase: 'waiting'});
  const {connection, source} = step;
  void waitForLogin(flow, connection, source, signal).catch((error) =>
    loginFailed(flow, source, error)
  );
}

/**
 * "Continue in this tab", where the popup was blocked: the login of a new connection, in this
 * tab. The connection made for the popup is left pending; the service lets it lapse.
 */
export function continueInTab(flow: FlowController): void {
  const step = flow.step;
  if (step.name !== 'authorizing' || step.phase !== 'blocked') return;
  flow.main.abort();
  flow.closePopup();
  redirectLogin(flow, step.source);
}

/** Leaves a login under way (after "are you sure?"): back to search, or out, locked to a source. */
export function cancelLogin(flow: FlowController): void {
  flow.main.abort();
  flow.closePopup();
  flow.confirmation = undefined;
  if (isLocked(flow)) flow.options.close('user');
  else flow.go({name: 'search'});
}

/**
 * "Try again" after a failed connection: back to consent, for a fresh start; or to the repair, while
 * its connection is in error still (one left `pending` is signed in to again no more: a new one).
 */
export function retryConnect(flow: FlowController): void {
  const step = flow.step;
  const broken = flow.connections.find(
    (c) => c.id === flow.repairing && c.status === 'error'
  );
  if (step.name === 'connect-error')
    flow.go(
      broken
        ? {name: 'reconnect', connection: broken, source: step.source}
        : {name: 'consent', source: step.source}
    );
}
