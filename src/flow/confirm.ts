/**
 * The questions the widget asks before it acts ("Disconnect?", "Leave the login?"), and what a
 * yes does. Loaded with the views that ask them (src/views/connections-view.ts,
 * confirm-dialog.ts), not with the first screens: steps of the flow (flow-controller.ts) that
 * only some people reach.
 */
import type {Connection} from '../api/types.js';
import {isAbort} from '../api/errors.js';
import {unlessAborted} from './abort-slot.js';
import type {FlowController} from './flow-controller.js';
import {cancelLogin} from './login-steps.js';

/** True while the connection's DELETE is on its way: its row is busy. */
export function isDisconnecting(flow: FlowController, id: string): boolean {
  return flow.disconnecting.has(id);
}

/** "Disconnect": asks first. */
export function askDisconnect(
  flow: FlowController,
  connection: Connection
): void {
  if (isDisconnecting(flow, connection.id)) return;
  flow.confirmation = {kind: 'disconnect', connection};
  flow.host.requestUpdate();
}

/** The person said no (or Esc, through `FlowController.requestClose`). */
export function cancelConfirmation(flow: FlowController): void {
  flow.confirmation = undefined;
  flow.host.requestUpdate();
}

/** Carries out the open question's answer, yes; does nothing when none is open. */
export async function confirm(flow: FlowController): Promise<void> {
  const question = flow.confirmation;
  flow.confirmation = undefined;
  if (question?.kind === 'leave') {
    cancelLogin(flow);
    return flow.requestClose('button');
  }
  const client = flow.client;
  if (question?.kind !== 'disconnect' || !client) return;
  const {id, sourceId, sourceName: name} = question.connection;
  // (its own abort controller: `FlowController.disconnecting` says why)
  if (flow.disconnecting.has(id)) return;
  const controller = new AbortController();
  flow.disconnecting.set(id, controller);
  flow.connectionsError = undefined;
  flow.host.requestUpdate();
  try {
    const {signal} = controller;
    await unlessAborted(client.deleteConnection(id, signal), signal);
    flow.connections = flow.connections.filter((c) => c.id !== id);
    flow.results.disconnectedSources.push({id: sourceId, name});
    // Connected again later in this opening, it is announced again.
    flow.announced.delete(sourceId);
    flow.options.emit('disconnect', flow.result());
  } catch (error) {
    if (!isAbort(error)) flow.connectionsError = flow.fail(error);
  } finally {
    if (flow.disconnecting.get(id) === controller)
      flow.disconnecting.delete(id);
    flow.host.requestUpdate();
  }
}
