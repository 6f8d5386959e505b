/**
 * The Data API the host's server pulls with its access token:
 * `GET /human/profile`, `/human/sources` and one list per record kind.
 *
 * Lists are ordered by `updatedAt`, then `id`, and the cursor is the last
 * record of a page (keyset paging): a record added between two pages has a
 * later `updatedAt` than any before it, so it lands after the cursor and a
 * chain of pages still sees every record exactly once.
 */
import {HttpResponse} from 'msw';
import type {Category, Connection} from '../src/api/types.js';
import {
  KIND_PATHS,
  RECORD_KINDS,
  type DataRecord,
  type Profile,
  type RecordKind,
} from './records.js';
import {errorResponse} from './responses.js';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

/** One entry of `GET /human/sources`. */
export interface HumanSource {
  id: string;
  name: string;
  category: Category | 'unknown';
  status: Connection['status'];
  connectionId: string;
  syncedAt?: string;
}

export interface RecordPage {
  records: DataRecord[];
  nextCursor: string | null;
}

export interface DataApiDeps {
  /** The person an access token was issued for; undefined for a token the service never issued. */
  humanFor(accessToken: string): string | undefined;
  profile(humanId: string): Profile;
  sources(humanId: string): HumanSource[];
  records(humanId: string, kind: RecordKind): DataRecord[];
}

export interface DataApiRoute {
  /** Under the API base, e.g. `/human/medications`. */
  path: string;
  answer(request: Request): Response;
}

const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

function byUpdatedThenId(a: DataRecord, b: DataRecord): number {
  return a.updatedAt < b.updatedAt
    ? -1
    : a.updatedAt > b.updatedAt
      ? 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0;
}

function encodeCursor(last: DataRecord): string {
  return btoa(`k1|${last.updatedAt}|${last.id}`)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function decodeCursor(cursor: string): {updatedAt: string; id: string} | null {
  try {
    const text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const m = /^k1\|([^|]+)\|([^|]+)$/.exec(text);
    if (!m || Number.isNaN(Date.parse(m[1]!))) return null;
    return {updatedAt: m[1]!, id: m[2]!};
  } catch {
    return null;
  }
}

/**
 * One page of `records` for the query's `limit`, `cursor` and
 * `updated_since`, or the message of a 400 when one of them is wrong.
 */
export function pageRecords(
  records: readonly DataRecord[],
  query: URLSearchParams
): RecordPage | {error: string} {
  let limit = DEFAULT_PAGE_LIMIT;
  const limitParam = query.get('limit');
  if (limitParam !== null) {
    if (
      !/^\d{1,4}$/.test(limitParam) ||
      Number(limitParam) < 1 ||
      Number(limitParam) > MAX_PAGE_LIMIT
    )
      return {
        error: `\`limit\` must be an integer from 1 to ${MAX_PAGE_LIMIT}.`,
      };
    limit = Number(limitParam);
  }
  let after: {updatedAt: string; id: string} | null = null;
  const cursor = query.get('cursor');
  if (cursor !== null && cursor !== '') {
    after = decodeCursor(cursor);
    if (!after) return {error: 'The cursor is not valid.'};
  }
  let since: number | null = null;
  const sinceParam = query.get('updated_since');
  if (sinceParam !== null) {
    since = ISO_8601.test(sinceParam) ? Date.parse(sinceParam) : NaN;
    if (Number.isNaN(since))
      return {
        error:
          '`updated_since` must be an ISO 8601 time, e.g. 2026-11-29T12:00:00Z.',
      };
  }
  const sorted = records
    .filter((r) => since === null || Date.parse(r.updatedAt) > since)
    .filter(
      (r) =>
        after === null ||
        r.updatedAt > after.updatedAt ||
        (r.updatedAt === after.updatedAt && r.id > after.id)
    )
    .sort(byUpdatedThenId);
  const page = sorted.slice(0, limit);
  return {
    records: page,
    nextCursor:
      sorted.length > limit ? encodeCursor(page[page.length - 1]!) : null,
  };
}

function bearer(request: Request): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(
    (request.headers.get('authorization') ?? '').trim()
  );
  return m?.[1];
}

export function dataApiRoutes(deps: DataApiDeps): DataApiRoute[] {
  /** Answers 401 unless the request carries an access token the service issued. */
  const authed =
    (answer: (humanId: string, request: Request) => Response) =>
    (request: Request): Response => {
      const token = bearer(request);
      const humanId = token === undefined ? undefined : deps.humanFor(token);
      if (humanId === undefined)
        return errorResponse(
          401,
          'invalid_token',
          'An access token from POST /tokens (type "access") is required.'
        );
      return answer(humanId, request);
    };

  return [
    {
      path: '/human/profile',
      answer: authed((humanId) =>
        HttpResponse.json({profile: deps.profile(humanId)})
      ),
    },
    {
      path: '/human/sources',
      answer: authed((humanId) =>
        HttpResponse.json({sources: deps.sources(humanId)})
      ),
    },
    ...RECORD_KINDS.map((kind) => ({
      path: `/human/${KIND_PATHS[kind]}`,
      answer: authed((humanId, request) => {
        const page = pageRecords(
          deps.records(humanId, kind),
          new URL(request.url).searchParams
        );
        if ('error' in page)
          return errorResponse(400, 'bad_request', page.error);
        return HttpResponse.json(page);
      }),
    })),
  ];
}
