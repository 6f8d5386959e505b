/**
 * The device is back online, while the widget is open: the reads that failed for want of a
 * network run again by themselves. Writes (a connection, a request) wait for the person to ask,
 * and what they typed is still there. Loaded when the `online` event first comes.
 */
import type {ConnectApiError} from '../api/errors.js';
import type {FlowController} from './flow-controller.js';

export function backOnline(flow: FlowController): void {
  const step = flow.step;
  if (step.name === 'session-error' && isNetworkFault(step.error)) {
    void flow.loadSession();
    return;
  }
  if (flow.search.status === 'error' && isNetworkFault(flow.search.error))
    void flow.search.retry();
  if (step.name !== 'closed' && step.name !== 'token-error')
    flow.watchSyncing();
}

/** A failure of the way to the service, not of the service: worth resuming. */
function isNetworkFault(error: ConnectApiError | undefined): boolean {
  return (
    error?.code === 'offline' ||
    error?.code === 'network_error' ||
    error?.code === 'timeout'
  );
}
