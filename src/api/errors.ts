import {API_ERROR_CODES, type ApiErrorCode} from './types.js';

/**
 * A failed call to the Connect API, whatever failed: the service (its error
 * code), the network, a timeout, or an answer that broke the contract.
 * `message` is the service's text where it gave one; views show their own
 * localised wording chosen by `code` instead.
 */
export class ConnectApiError extends Error {
  override readonly name = 'ConnectApiError';
  /**
   * The service's `X-Request-Id` for the call that failed, when it answered with one: the
   * reference the person may quote to the app's support, and the host may log.
   */
  requestId?: string;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** The HTTP status, or 0 when no answer arrived. */
    readonly status = 0,
    /** Seconds to wait before trying again, from `Retry-After`. */
    readonly retryAfter?: number
  ) {
    super(message);
  }

  /** True for the codes that mean the session token is no longer usable. */
  get isTokenError(): boolean {
    return this.code === 'invalid_token' || this.code === 'token_expired';
  }
}

/** Reads a contract error code, treating anything unknown as `server_error`. */
export function toErrorCode(value: unknown): ApiErrorCode {
  return (API_ERROR_CODES as readonly unknown[]).includes(value)
    ? (value as ApiErrorCode)
    : 'server_error';
}

/** True when an error is the abort of a superseded or cancelled step. */
export function isAbort(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as {name?: unknown}).name === 'AbortError'
  );
}
