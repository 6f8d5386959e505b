/**
 * When a failed read is tried again, and after how long. Only reads (GET)
 * are retried: a write such as `POST /connections` is never repeated
 * without the person asking, since the first one may have arrived.
 */
import type {ConnectApiError} from './errors.js';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The backoff before the first retry, doubled for each one after. */
  baseMs: number;
  /** No backoff is longer than this. */
  maxMs: number;
  /**
   * A `Retry-After` longer than this is not waited out in the background:
   * the error is shown at once, so the person is not left looking at a spinner.
   */
  maxRetryAfterMs: number;
  /** A number in [0, 1): the jitter. */
  random: () => number;
}

export const READ_RETRY: RetryPolicy = {
  attempts: 3,
  baseMs: 500,
  maxMs: 4000,
  maxRetryAfterMs: 5000,
  random: Math.random,
};

/** The statuses that say "not now" rather than "not this": worth a second try. */
const TRANSIENT_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * Milliseconds to wait before try number `attempt + 1` after `error` on try
 * number `attempt` (counting from 1), or undefined when it is not worth it.
 */
export function retryDelay(
  error: ConnectApiError,
  attempt: number,
  policy: RetryPolicy
): number | undefined {
  if (attempt >= policy.attempts) return undefined;
  const transient =
    error.status === 0
      ? error.code === 'network_error' || error.code === 'timeout'
      : TRANSIENT_STATUS.has(error.status);
  if (!transient) return undefined;
  // "Equal jitter": at least half the backoff, so retries are spread out
  // (many widgets failing at once must not come back at once) yet never
  // so quick that the service gets no rest.
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  const backoff = cap / 2 + policy.random() * (cap / 2);
  if (error.retryAfter === undefined) return backoff;
  const asked = error.retryAfter * 1000;
  return asked > policy.maxRetryAfterMs ? undefined : Math.max(asked, backoff);
}

/**
 * `Retry-After` in seconds: either a number of seconds or an HTTP date.
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null,
  now = Date.now()
): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Every HTTP date form starts with the day's name ("Sun, 06 Nov 1994 …").
  if (!/^[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
