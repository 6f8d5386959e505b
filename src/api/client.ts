/**
 * The Connect API client: plain `fetch`, no Lit. Every answer is validated
 * against the contract before it is returned, every failure becomes a
 * `ConnectApiError`, and the session token travels only in the
 * `Authorization` header.
 */
import {realClock, type Clock} from './clock.js';
import {delay, orAbort, within} from './delay.js';
import {ConnectApiError, isAbort, toErrorCode} from './errors.js';
import type {Guard} from './guards.js';
import {
  parseRetryAfter,
  READ_RETRY,
  retryDelay,
  type RetryPolicy,
} from './retry.js';
import type {
  ApiErrorCode,
  Connection,
  CreateConnectionBody,
  CreatedConnection,
  ReauthorizeBody,
  Session,
  Source,
  SourcePage,
  SourceQuery,
  SourceRequest,
  SourceRequestBody,
} from './types.js';
import * as v from './validate.js';

export interface ConnectApiOptions {
  /** The API base, already checked by `parseApiBase`. */
  baseUrl: URL;
  /** Read before every request, so a token changed in between is used next. */
  getToken: () => string | undefined;
  /**
   * Asked for a fresh token when the service answers `token_expired`; the
   * request is then sent once more with it. Without it the error stands.
   * Requests that meet the expiry together share one call, which has the
   * request timeout to answer.
   */
  refreshToken?: () => Promise<string | undefined>;
  /** Milliseconds before a request (or a token refresh) is given up. */
  timeoutMs?: number;
  /** How failed reads are retried; see `READ_RETRY`. */
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
  clock?: Clock;
  /** This opening's id, sent as `X-Connect-Session` so that the service's logs meet the host's. */
  sessionId?: string;
}

/** What the flow asks of the service: the client, or a test's stand-in. */
export type ConnectApi = Pick<
  ConnectApiClient,
  | 'getSession'
  | 'searchSources'
  | 'createConnection'
  | 'reauthorize'
  | 'getConnection'
  | 'getSource'
  | 'deleteConnection'
  | 'requestSource'
>;

const DEFAULT_TIMEOUT_MS = 20_000;
/** The largest answer read: the contract's answers are a few kilobytes. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** What a bearer token can be made of in a header: visible ASCII. */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;
/** An `X-Request-Id` worth showing: letters, digits and `_.:-`, not too long to quote. */
const REQUEST_ID = /^[\w.:-]{1,64}$/;

export class ConnectApiClient {
  /** The refresh under way: every request that meets the expiry meanwhile waits for this one. */
  private refreshing?: Promise<string | undefined>;

  constructor(private readonly options: ConnectApiOptions) {}

  getSession(signal?: AbortSignal): Promise<Session> {
    return this.request('GET', '/session', v.session, {signal});
  }

  searchSources(query: SourceQuery, signal?: AbortSignal): Promise<SourcePage> {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.category) params.set('category', query.category);
    if (query.limit) params.set('limit', String(query.limit));
    if (query.cursor) params.set('cursor', query.cursor);
    const search = params.toString();
    return this.request(
      'GET',
      `/sources${search ? `?${search}` : ''}`,
      v.sourcePage,
      {
        signal,
      }
    );
  }

  createConnection(
    body: CreateConnectionBody,
    signal?: AbortSignal
  ): Promise<CreatedConnection> {
    return this.request('POST', '/connections', v.createdConnection, {
      body,
      signal,
    });
  }

  /**
   * `POST /connections/{id}/reauthorize` (contract version 2): signs in again to a connection in
   * `error`, which keeps its id. The answer is `POST /connections`'s.
   */
  reauthorize(
    id: string,
    body: ReauthorizeBody,
    signal?: AbortSignal
  ): Promise<CreatedConnection> {
    const path = `/connections/${encodeURIComponent(id)}/reauthorize`;
    return this.request('POST', path, v.createdConnection, {body, signal});
  }

  async getConnection(id: string, signal?: AbortSignal): Promise<Connection> {
    const path = `/connections/${encodeURIComponent(id)}`;
    return (await this.request('GET', path, v.connectionAnswer, {signal}))
      .connection;
  }

  /** `GET /sources/{id}` (contract version 2): one source, by the id a connection names. */
  async getSource(id: string, signal?: AbortSignal): Promise<Source> {
    const path = `/sources/${encodeURIComponent(id)}`;
    return (await this.request('GET', path, v.sourceAnswer, {signal})).source;
  }

  async deleteConnection(id: string, signal?: AbortSignal): Promise<void> {
    await this.request(
      'DELETE',
      `/connections/${encodeURIComponent(id)}`,
      null,
      {signal}
    );
  }

  async requestSource(
    body: SourceRequestBody,
    signal?: AbortSignal
  ): Promise<SourceRequest> {
    return (
      await this.request('POST', '/source-requests', v.sourceRequest, {
        body,
        signal,
      })
    ).request;
  }

  private async request<T>(
    method: string,
    path: string,
    guard: Guard<T> | null,
    init: {body?: unknown; signal?: AbortSignal}
  ): Promise<T> {
    const policy = {...READ_RETRY, ...this.options.retry};
    let refreshed = false;
    let failures = 0;
    for (;;) {
      // (`attempt` reads the token before its first await: this is the one it sends.)
      const sent = this.options.getToken();
      try {
        return await this.attempt(method, path, guard, init);
      } catch (error) {
        if (!(error instanceof ConnectApiError)) throw error;
        if (error.code === 'token_expired' && !refreshed) {
          // Once per request, and not counted as a failure to retry. A provider
          // that fails or hangs leaves the token expired: that is what the host hears.
          refreshed = true;
          const fresh = await this.freshToken(sent, init.signal);
          if (fresh && fresh !== sent) continue;
          throw error;
        }
        const wait =
          method === 'GET' ? retryDelay(error, ++failures, policy) : undefined;
        if (wait === undefined) throw error;
        await delay(
          wait,
          init.signal ?? new AbortController().signal,
          this.options.clock
        );
      }
    }
  }

  /**
   * A token to replace `expired`: the one set meanwhile (by the host, or by a
   * refresh another request asked for), or the provider's answer, asked once
   * for all the requests that meet the expiry together.
   */
  private async freshToken(
    expired: string | undefined,
    signal: AbortSignal | undefined
  ): Promise<string | undefined> {
    const current = this.options.getToken();
    if (current !== expired) return current;
    const {refreshToken} = this.options;
    if (!refreshToken) return undefined;
    this.refreshing ??= within(
      refreshToken().catch(() => undefined),
      this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      this.options.clock
    ).finally(() => (this.refreshing = undefined));
    // The step that asked may end first: it then waits no longer, the others go on waiting.
    return orAbort(this.refreshing, signal);
  }

  /**
   * One try: send, then check the answer against the contract, all within
   * one timeout: a fetch settles once the headers are in, and a body that
   * then stalls must time out too.
   */
  private async attempt<T>(
    method: string,
    path: string,
    guard: Guard<T> | null,
    {body, signal}: {body?: unknown; signal?: AbortSignal}
  ): Promise<T> {
    const token = this.options.getToken();
    if (!token)
      throw new ConnectApiError('invalid_token', 'No session token', 401);
    // A line break or a letter outside ASCII would make fetch throw, read as
    // a network fault and retried; no service could take it anyway.
    if (!TOKEN_CHARACTERS.test(token))
      throw new ConnectApiError('invalid_token', 'Not a session token', 401);
    // One controller ends the request on the caller's abort or on timeout,
    // and the two are told apart afterwards.
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal?.addEventListener('abort', abort);
    if (signal?.aborted) abort();
    const clock = this.options.clock ?? realClock;
    const timer = clock.setTimeout(
      abort,
      this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    );
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${token}`,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.options.sessionId)
      headers['X-Connect-Session'] = this.options.sessionId;
    let requestId: string | null | undefined;
    try {
      const doFetch = this.options.fetch ?? fetch;
      // (An API base with no path still has one: `/`; `path` brings its own.)
      const base = this.options.baseUrl.href.replace(/\/$/, '');
      const response = await doFetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
      requestId = response.headers.get('X-Request-Id');
      if (!response.ok) throw await toApiError(response);
      const value = guard ? parse(guard, await readJson(response)) : undefined;
      // Aborted while the body was read: the answer must not land.
      signal?.throwIfAborted();
      return value as T;
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      if (error instanceof ConnectApiError) {
        // A reference shown to the person: a short token, or none.
        if (REQUEST_ID.test(requestId!)) error.requestId = requestId!;
        throw error;
      }
      if (isAbort(error))
        throw new ConnectApiError('timeout', 'The request timed out');
      // The browser knows when it has no network at all: the flow then waits
      // for it to come back instead of retrying into the void.
      if (typeof navigator !== 'undefined' && navigator.onLine === false) {
        throw new ConnectApiError('offline', 'The device is offline');
      }
      throw new ConnectApiError('network_error', 'The network request failed');
    } finally {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    }
  }
}

async function readJson(response: Response): Promise<unknown> {
  // A page that a proxy or a portal sent in the service's place is not its
  // answer, however it parses. A body cut off (the connection dropped) is a
  // fault of the network, as `request` reads what `readText` throws.
  const body = /\bjson\b/i.test(response.headers.get('Content-Type') ?? '')
    ? await readText(response)
    : '';
  try {
    return JSON.parse(body);
  } catch {
    throw new ConnectApiError(
      'invalid_response',
      'The answer was not JSON',
      response.status
    );
  }
}

/**
 * The body as text, up to MAX_BODY_BYTES: a service that sends more gets
 * `invalid_response`, and the rest is not read.
 */
async function readText(response: Response): Promise<string> {
  const tooLarge = () =>
    new ConnectApiError(
      'invalid_response',
      'The answer was too large',
      response.status
    );
  const reader = response.body?.getReader();
  if (!reader) return response.text();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const {done, value} = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      void reader.cancel().catch(() => {});
      throw tooLarge();
    }
    text += decoder.decode(value, {stream: true});
  }
}

function parse<T>(guard: Guard<T>, body: unknown): T {
  try {
    return guard(body, '');
  } catch (error) {
    throw new ConnectApiError('invalid_response', (error as Error).message);
  }
}

/** What a status means when the body does not say (a proxy's error page, say). */
const STATUS_CODES: Record<number, ApiErrorCode> = {
  400: 'bad_request',
  401: 'invalid_token',
  404: 'not_found',
  409: 'conflict',
  429: 'rate_limited',
  503: 'source_unavailable',
};

async function toApiError(response: Response): Promise<ConnectApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  let code = STATUS_CODES[response.status] ?? toErrorCode(undefined);
  let message = `HTTP ${response.status}`;
  try {
    const body = v.errorBody(await response.json(), '');
    code = toErrorCode(body.error.code);
    message = body.error.message || message;
  } catch {
    // Not the contract's error shape: keep the generic server error.
  }
  return new ConnectApiError(code, message, response.status, retryAfter);
}
