/**
 * Signed notifications to the application's notification URL, as the
 * contract's "Notifications" section says: a POST with the JSON body and
 * `Human-Connect-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 *
 * Delivery never holds up the API: `send` only queues. Each notification is
 * delivered on its own, so one slow receiver's answer does not delay the next
 * notification; a failure (not 2xx, a network error, no answer within
 * NOTIFY_TIMEOUT_MS) is retried NOTIFY_ATTEMPTS times in all, with the wait
 * doubling from NOTIFY_BACKOFF_MS. Every attempt is signed anew, so that its
 * timestamp is fresh however late the retry. Web Crypto only: the same code
 * runs in Node and in the browser.
 */
import type {Clock} from './clock.js';
import {randomHex} from './ids.js';
import type {RecordKind} from './records.js';

export type NotificationType =
  'sync.completed' | 'data.updated' | 'connection.error';

export interface Notification {
  id: string;
  type: NotificationType;
  createdAt: string;
  humanId: string;
  clientUserId: string;
  connectionId: string;
  sourceId: string;
  kinds: RecordKind[];
}

export interface DeliveryAttempt {
  notificationId: string;
  type: NotificationType;
  url: string;
  /** 1 for the first try. */
  attempt: number;
  startedAt: string;
  outcome: 'delivered' | 'failed';
  /** The receiver's status, when it answered. */
  status?: number;
  /** Why it failed: `timeout`, `status <n>`, or the network error's message. */
  error?: string;
  /** When the next attempt follows; null after the last attempt, or on success. */
  retryInMs: number | null;
}

export const NOTIFY_ATTEMPTS = 5;
export const NOTIFY_BACKOFF_MS = 1000;
export const NOTIFY_TIMEOUT_MS = 5000;
export const SIGNATURE_HEADER = 'Human-Connect-Signature';

/**
 * The `Human-Connect-Signature` value for a raw body sent at `t` (unix
 * seconds), as the service makes it. Tests use it to make signed bodies.
 */
export async function signNotification(
  secret: string,
  body: string,
  t: number
): Promise<string> {
  const encoder = new TextEncoder();
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    {name: 'HMAC', hash: 'SHA-256'},
    false,
    ['sign']
  );
  const mac = await globalThis.crypto.subtle.sign(
    'HMAC',
    key,
    encoder.encode(`${t}.${body}`)
  );
  const hex = Array.from(new Uint8Array(mac), (b) =>
    b.toString(16).padStart(2, '0')
  ).join('');
  return `t=${t},v1=${hex}`;
}

export interface NotifierOptions {
  /** Read at each `send`: the URL may change at run time; null sends nothing. */
  url(): string | null;
  secret(): string;
  fetch: typeof fetch;
  clock: Clock;
}

export interface Notifier {
  /** Every notification made, oldest first, sent or not (no URL). */
  readonly notifications: Notification[];
  /** Every delivery attempt once it has an outcome, oldest first. */
  readonly deliveries: DeliveryAttempt[];
  /** Make a notification and queue its delivery; returns at once. */
  send(event: Omit<Notification, 'id' | 'createdAt'>): Notification;
  /** Stop pending retries and abort deliveries under way. */
  stop(): void;
  /** `stop()`, and forget the notifications and deliveries. */
  reset(): void;
}

export function createNotifier(opts: NotifierOptions): Notifier {
  const {clock} = opts;
  const notifications: Notification[] = [];
  const deliveries: DeliveryAttempt[] = [];
  const retryTimers = new Set<unknown>();
  const inFlight = new Set<AbortController>();
  // Bumped by stop(): an attempt that started before it records nothing and retries nothing.
  let generation = 0;

  async function attempt(
    n: Notification,
    body: string,
    url: string,
    number: number,
    gen: number
  ): Promise<void> {
    const startedAt = new Date(clock.now()).toISOString();
    const controller = new AbortController();
    inFlight.add(controller);
    let timer: unknown;
    let result: Pick<DeliveryAttempt, 'outcome' | 'status' | 'error'>;
    try {
      const signature = await signNotification(
        opts.secret(),
        body,
        Math.floor(clock.now() / 1000)
      );
      if (gen !== generation) return;
      // Raced rather than left to the abort signal alone: a fetch that ignores
      // its signal must not hold the delivery forever either.
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = clock.setTimeout(() => {
          controller.abort();
          resolve('timeout');
        }, NOTIFY_TIMEOUT_MS);
      });
      const answer = await Promise.race([
        opts.fetch(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            [SIGNATURE_HEADER]: signature,
          },
          body,
          signal: controller.signal,
        }),
        timedOut,
      ]);
      if (answer === 'timeout') {
        result = {outcome: 'failed', error: 'timeout'};
      } else {
        // Only the status counts; the body is dropped so the connection is freed.
        void answer.body?.cancel().catch(() => {});
        result = answer.ok
          ? {outcome: 'delivered', status: answer.status}
          : {
              outcome: 'failed',
              status: answer.status,
              error: `status ${answer.status}`,
            };
      }
    } catch (err) {
      result = {
        outcome: 'failed',
        error: controller.signal.aborted
          ? 'timeout'
          : err instanceof Error
            ? err.message
            : String(err),
      };
    } finally {
      if (timer !== undefined) clock.clearTimeout(timer);
      inFlight.delete(controller);
    }
    if (gen !== generation) return;
    const retryInMs =
      result.outcome === 'failed' && number < NOTIFY_ATTEMPTS
        ? NOTIFY_BACKOFF_MS * 2 ** (number - 1)
        : null;
    deliveries.push({
      notificationId: n.id,
      type: n.type,
      url,
      attempt: number,
      startedAt,
      ...result,
      retryInMs,
    });
    if (retryInMs === null) return;
    const retry = clock.setTimeout(() => {
      retryTimers.delete(retry);
      void attempt(n, body, url, number + 1, gen);
    }, retryInMs);
    retryTimers.add(retry);
  }

  function stop(): void {
    generation += 1;
    for (const t of retryTimers) clock.clearTimeout(t);
    retryTimers.clear();
    for (const c of inFlight) c.abort();
    inFlight.clear();
  }

  return {
    notifications,
    deliveries,
    send(event) {
      const n: Notification = {
        id: `ntf_${randomHex(12)}`,
        type: event.type,
        createdAt: new Date(clock.now()).toISOString(),
        humanId: event.humanId,
        clientUserId: event.clientUserId,
        connectionId: event.connectionId,
        sourceId: event.sourceId,
        kinds: [...event.kinds],
      };
      notifications.push(n);
      const url = opts.url();
      if (url) void attempt(n, JSON.stringify(n), url, 1, generation);
      return n;
    },
    stop,
    reset() {
      stop();
      notifications.length = 0;
      deliveries.length = 0;
    },
  };
}
