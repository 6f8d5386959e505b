/**
 * The host server's calls to the Connect service: `POST /tokens` (session
 * and access tokens) and the Data API (`GET /human/sources` and the record
 * lists, `GET /human/medications` and the like). Server-side
 * only: this is where the client secret is used, and it never leaves here
 * except in the body of `POST /tokens` to the Connect service.
 *
 * Every answer is checked before it is used; anything unexpected becomes a
 * `ConnectError`, whose message never contains a token or the secret.
 */

export type FetchLike = typeof fetch;

export interface ConnectClientOptions {
  /** The Connect service's base URL, with its version: `https://connect.example.com/v1`. */
  connectBase: string;
  clientId: string;
  clientSecret: string;
  /** Default: the global `fetch`, looked up at each call (so msw can intercept it). */
  fetch?: FetchLike;
  /** Per-request timeout in ms (default 10 s). */
  timeoutMs?: number;
}

/** What went wrong talking to the Connect service. */
export type ConnectErrorKind =
  /** 401 `invalid_client`: the client id or secret is wrong. */
  | 'invalid_client'
  /** The access token was refused by the Data API. */
  | 'invalid_token'
  /** The request never got an answer (DNS, refused, reset, timeout). */
  | 'network'
  /** Another non-2xx status. */
  | 'http'
  /** A 2xx whose body is not what the contract says. */
  | 'invalid_response';

export class ConnectError extends Error {
  constructor(
    readonly kind: ConnectErrorKind,
    message: string,
    readonly status?: number
  ) {
    super(message);
    this.name = 'ConnectError';
  }
}

export interface SessionTokenGrant {
  sessionToken: string;
  /** Seconds. */
  expiresIn: number;
  humanId: string;
}

export interface AccessTokenGrant {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
}

/** One entry of the Data API's `GET /human/sources`. */
export interface VerifiedSource {
  id: string;
  name: string;
  category: string;
  status: string;
  syncedAt?: string;
}

/**
 * One record of the Data API. The fields named here are checked; the kind's
 * own fields (`name`, `value`, `unit`, `observedAt`…) are kept as they came.
 */
export interface DataRecord {
  id: string;
  kind: string;
  sourceId: string;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

export interface RecordPage {
  records: DataRecord[];
  nextCursor: string | null;
}

export interface ListRecordsOptions {
  cursor?: string;
  /** ISO 8601: only records whose `updatedAt` is strictly later. */
  updatedSince?: string;
  /** Default the service's (50), at most 200. */
  limit?: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isTime(v: unknown): v is string {
  return typeof v === 'string' && !Number.isNaN(Date.parse(v));
}

function isPositiveNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}

export function createConnectClient(options: ConnectClientOptions) {
  const base = options.connectBase.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch: FetchLike =
    options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  /** Sends one request and parses a JSON answer; throws `ConnectError`. */
  async function call(path: string, init: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        ...init,
        headers: {
          Accept: 'application/json',
          ...(init.headers as Record<string, string> | undefined),
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const what =
        err instanceof Error && err.name === 'TimeoutError'
          ? 'timed out'
          : 'failed';
      throw new ConnectError(
        'network',
        `${init.method ?? 'GET'} ${path} ${what}`
      );
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const code =
        isRecord(body) && isRecord(body['error'])
          ? body['error']['code']
          : undefined;
      if (res.status === 401 && code === 'invalid_client') {
        throw new ConnectError(
          'invalid_client',
          'The Connect service refused the client credentials',
          401
        );
      }
      if (res.status === 401) {
        throw new ConnectError('invalid_token', `${path} answered 401`, 401);
      }
      throw new ConnectError(
        'http',
        `${init.method ?? 'GET'} ${path} answered ${res.status}`,
        res.status
      );
    }
    if (body === undefined)
      throw new ConnectError(
        'invalid_response',
        `${path} did not answer JSON`,
        res.status
      );
    return body;
  }

  function postTokens(body: Record<string, string>): Promise<unknown> {
    return call('/tokens', {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({
        client_id: options.clientId,
        client_secret: options.clientSecret,
        ...body,
      }),
    });
  }

  return {
    connectBase: base,

    /** `POST /tokens` type `session`: the token the page hands to `<human-connect>`. */
    async createSessionToken(
      userId: string,
      email?: string
    ): Promise<SessionTokenGrant> {
      const body: Record<string, string> = {
        client_user_id: userId,
        type: 'session',
      };
      if (email) body['client_user_email'] = email;
      const out = await postTokens(body);
      if (
        !isRecord(out) ||
        typeof out['session_token'] !== 'string' ||
        out['session_token'] === '' ||
        !isPositiveNumber(out['expires_in'])
      ) {
        throw new ConnectError(
          'invalid_response',
          'POST /tokens (session) answered an unexpected body'
        );
      }
      return {
        sessionToken: out['session_token'],
        expiresIn: out['expires_in'],
        humanId: typeof out['human_id'] === 'string' ? out['human_id'] : '',
      };
    },

    /** `POST /tokens` type `access`: the server's own token for the Data API. */
    async createAccessToken(userId: string): Promise<AccessTokenGrant> {
      const out = await postTokens({client_user_id: userId, type: 'access'});
      if (
        !isRecord(out) ||
        typeof out['access_token'] !== 'string' ||
        out['access_token'] === '' ||
        !isPositiveNumber(out['expires_in'])
      ) {
        throw new ConnectError(
          'invalid_response',
          'POST /tokens (access) answered an unexpected body'
        );
      }
      return {accessToken: out['access_token'], expiresIn: out['expires_in']};
    },

    /** Data API `GET /human/sources`: what the person has really connected. */
    async listSources(accessToken: string): Promise<VerifiedSource[]> {
      const out = await call('/human/sources', {
        method: 'GET',
        headers: {Authorization: `Bearer ${accessToken}`},
      });
      const list = isRecord(out) ? out['sources'] : undefined;
      if (!Array.isArray(list))
        throw new ConnectError(
          'invalid_response',
          'GET /human/sources answered an unexpected body'
        );
      return list.map((s: unknown) => {
        if (
          !isRecord(s) ||
          typeof s['id'] !== 'string' ||
          typeof s['name'] !== 'string' ||
          typeof s['category'] !== 'string' ||
          typeof s['status'] !== 'string'
        ) {
          throw new ConnectError(
            'invalid_response',
            'GET /human/sources answered an unexpected source'
          );
        }
        // Only the fields the contract names.
        const v: VerifiedSource = {
          id: s['id'],
          name: s['name'],
          category: s['category'],
          status: s['status'],
        };
        if (typeof s['syncedAt'] === 'string') v.syncedAt = s['syncedAt'];
        return v;
      });
    },

    /** One page of a Data API list: `path` is `/human/medications`, `/human/test_results`… */
    async listRecords(
      accessToken: string,
      path: string,
      options: ListRecordsOptions = {}
    ): Promise<RecordPage> {
      const query = new URLSearchParams();
      if (options.limit !== undefined)
        query.set('limit', String(options.limit));
      if (options.cursor !== undefined) query.set('cursor', options.cursor);
      if (options.updatedSince !== undefined)
        query.set('updated_since', options.updatedSince);
      const search = query.size ? `?${query}` : '';
      const out = await call(`${path}${search}`, {
        method: 'GET',
        headers: {Authorization: `Bearer ${accessToken}`},
      });
      const list = isRecord(out) ? out['records'] : undefined;
      const next = isRecord(out) ? out['nextCursor'] : undefined;
      if (
        !Array.isArray(list) ||
        !(next === null || (typeof next === 'string' && next !== ''))
      ) {
        throw new ConnectError(
          'invalid_response',
          `GET ${path} answered an unexpected body`
        );
      }
      const records = list.map((r: unknown): DataRecord => {
        if (
          !isRecord(r) ||
          typeof r['id'] !== 'string' ||
          r['id'] === '' ||
          typeof r['kind'] !== 'string' ||
          typeof r['sourceId'] !== 'string' ||
          !isTime(r['createdAt']) ||
          !isTime(r['updatedAt'])
        ) {
          throw new ConnectError(
            'invalid_response',
            `GET ${path} answered an unexpected record`
          );
        }
        return r as DataRecord;
      });
      return {records, nextCursor: next};
    },
  };
}

export type ConnectClient = ReturnType<typeof createConnectClient>;
