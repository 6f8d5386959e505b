/**
 * Opening straight to a source (`source-id`, `open({sourceId})`, `data-hapi-source-id`): the
 * source is read with `GET /sources/{id}` and the widget opens on its consent; the search is not
 * queried. A source that cannot be connected (unknown, down, connected already) shows why, with
 * an `error` event; then the search, or, with `lock-source`, only Close. Loaded only by an opening
 * that asks for it.
 */
import {isAbort} from '../api/errors.js';
import type {Source} from '../api/types.js';
import {unlessAborted} from './abort-slot.js';
import type {FlowController} from './flow-controller.js';
import type {SourceProblem} from './steps.js';

/** An opening asked for a source (`source-id`, first) or for the repair of a connection. */
export async function openAsked(
  flow: FlowController,
  signal: AbortSignal
): Promise<void> {
  const {sourceId, connectionId} = flow.asked;
  return sourceId
    ? openSource(flow, sourceId, signal)
    : (await import('./reconnect.js')).openRepair(flow, connectionId!);
}

export async function openSource(
  flow: FlowController,
  sourceId: string,
  signal: AbortSignal
): Promise<void> {
  let source: Source | undefined;
  try {
    // An id no source can have is not asked for.
    if (isSourceId(sourceId))
      source = await unlessAborted(
        flow.client!.getSource(sourceId, signal),
        signal
      );
  } catch (error) {
    // Anything but "no such source" is the service's failure: the session error, with its retry.
    if (isAbort(error) || (error as {code?: string}).code !== 'not_found')
      throw error;
  }
  const code: SourceProblem | undefined = !source
    ? 'not_found'
    : source.status === 'down'
      ? 'source_unavailable'
      : flow.isLive(source.id)
        ? 'conflict'
        : undefined;
  if (!code) return flow.go({name: 'consent', source: source!});
  flow.go({name: 'source-error', code, source});
  flow.emitError(code, `source-id ${sourceId}: ${code}`);
}

/**
 * Whether `id` can name a source in `GET /sources/{id}`: not empty, and not `.` or `..`, which a
 * URL reads as the collection or the level above it however they are escaped. The host's ids
 * (`source-id`, a launcher's, `featured-sources`) are checked, as the service's are (guards.ts).
 */
export function isSourceId(id: string): boolean {
  return !!id.trim() && id !== '.' && id !== '..';
}

/** Whether this opening is locked to its source: no way to another. */
export function isLocked(flow: FlowController): boolean {
  return !!(flow.asked.locked && flow.asked.sourceId);
}

/** Whether the consent offers "Choose another provider": opened to a source, and not locked. */
export function offersAnother(flow: FlowController): boolean {
  return !!flow.asked.sourceId && !isLocked(flow);
}

/** Decline: back to the search, or, locked to this source, out of the widget. */
export function declineConsent(flow: FlowController): void {
  flow.tell('decline');
  if (isLocked(flow)) flow.options.close('user');
  else flow.go({name: 'search'});
}
