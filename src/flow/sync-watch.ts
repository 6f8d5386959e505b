/**
 * Keeps the connections that are syncing fresh while the widget is open, so
 * that the person sees each one's progress: loaded by the flow only when one
 * is syncing.
 */
import type {ConnectApi} from '../api/client.js';
import type {Clock} from '../api/clock.js';
import {abortError, delay} from '../api/delay.js';
import {isAbort, type ConnectApiError} from '../api/errors.js';
import type {Connection} from '../api/types.js';
import {unlessAborted} from './abort-slot.js';

/**
 * How often: every 2 s for the first 30 reads (a minute, while the person
 * watches the progress), then twice as long each time up to 15 times the
 * first pace (every 30 s), and not after 10 minutes: a sync can take hours,
 * and the widget must not read on for as long as it is open.
 */
const EVERY_MS = 2000;
const FAST_READS = 30;
const SLOWEST = 15;
const WATCH_MS = 10 * 60_000;

export interface SyncWatch {
  client: ConnectApi;
  /** Ends the watch: a newer one, the session's end. */
  signal: AbortSignal;
  clock: Clock;
  /** The first pace (tests hand in a shorter one); default 2 s. */
  everyMs?: number;
  /** The connections syncing now. */
  syncing(): Connection[];
  update(connection: Connection): void;
  /** A dead token: the session ends. */
  tokenFailed(error: ConnectApiError): void;
}

/** Reads the syncing connections again until none is, or the watch ends. */
export async function followSyncs(watch: SyncWatch): Promise<void> {
  const {client, signal, clock} = watch;
  const every = watch.everyMs ?? EVERY_MS;
  const until = clock.performance.now() + WATCH_MS;
  for (let read = 0; ; read++) {
    const syncing = watch.syncing();
    const wait =
      read < FAST_READS
        ? every
        : every * Math.min(2 ** (read - FAST_READS + 1), SLOWEST);
    if (!syncing.length || clock.performance.now() + wait > until) return;
    try {
      await delay(wait, signal, clock);
      await whenVisible(signal);
      for (const c of syncing) {
        try {
          watch.update(
            await unlessAborted(client.getConnection(c.id, signal), signal)
          );
        } catch (error) {
          // A failed read is not worth an error view: that row keeps its
          // last known state, and the others are read all the same.
          if (isAbort(error) || (error as ConnectApiError).isTokenError)
            throw error;
        }
      }
    } catch (error) {
      // A dead token, though, ends the session.
      if (!isAbort(error)) watch.tokenFailed(error as ConnectApiError);
      return;
    }
  }
}

/**
 * Resolves at once while the page is shown (or where there is no page), else
 * once it is shown again; rejects with an AbortError when `signal` aborts.
 * What the person cannot see need not be kept fresh.
 */
function whenVisible(
  signal: AbortSignal,
  doc: Document | undefined = globalThis.document
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    if (!doc?.hidden) return resolve();
    const end = (settle: () => void) => {
      doc.removeEventListener('visibilitychange', onChange);
      signal.removeEventListener('abort', onAbort);
      settle();
    };
    const onChange = () => !doc.hidden && end(resolve);
    const onAbort = () => end(() => reject(abortError()));
    doc.addEventListener('visibilitychange', onChange);
    signal.addEventListener('abort', onAbort);
  });
}
