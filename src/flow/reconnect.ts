/**
 * Repairing a connection the source broke (`error` with `reauth_required`): the person signs in
 * again to the same connection (`POST /connections/{id}/reauthorize`), which keeps its id, from
 * the connected-sources view's Reconnect or from an opening asked to (`connection-id`). Loaded
 * with the connected-sources view, or by such an opening.
 */
import type {Connection, Source} from '../api/types.js';
import {signIn} from './allow.js';
import type {FlowController} from './flow-controller.js';

/** Whether the person can repair `connection` by signing in again. */
export function needsLogin(connection: Connection): boolean {
  return connection.error?.code === 'reauth_required';
}

/** "Reconnect": the login of Allow, on this connection; from the click, for the popup's sake. */
export function reconnect(flow: FlowController, connection: Connection): void {
  if (!flow.client || !flow.session) return;
  flow.repairing = connection.id;
  signIn(flow, sourceOf(connection));
}

/** The source a connection is to, as the steps after the consent read it: its id and name. */
export function sourceOf(connection: Connection): Source {
  return {id: connection.sourceId, name: connection.sourceName} as Source;
}

/**
 * An opening asked to repair `connectionId`: the view that offers it, or, for a connection the
 * person does not have or that has nothing to repair, why not (an `error` event too).
 */
export function openRepair(flow: FlowController, connectionId: string): void {
  const connection = flow.connections.find((c) => c.id === connectionId);
  if (connection && needsLogin(connection))
    return flow.go({
      name: 'reconnect',
      connection,
      source: sourceOf(connection),
    });
  const code = connection ? 'conflict' : 'not_found';
  flow.go({name: 'source-error', code});
  flow.emitError(code, `connection-id ${connectionId}: ${code}`);
}
