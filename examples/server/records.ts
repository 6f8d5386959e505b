/**
 * Pulling a person's records from the Data API into the database, and the
 * view of them that `GET /api/human-connect/records` answers.
 */
import {
  ConnectError,
  type ConnectClient,
  type DataRecord,
  type VerifiedSource,
} from './connect-client.js';
import type {Store} from './store.js';

/** The lists pulled, and the kind of record each holds. */
export const RECORD_LISTS = [
  {kind: 'medication', path: '/human/medications'},
  {kind: 'test_result', path: '/human/test_results'},
  {kind: 'condition', path: '/human/conditions'},
] as const;

/** A service whose cursors never end must not keep a pull going forever. */
const MAX_PAGES = 1000;

export interface PullResult {
  sources: VerifiedSource[];
  /** Records received (new or updated), per kind. */
  received: Record<string, number>;
  /** The `updated_since` sent, or null for a full pull. */
  updatedSince: string | null;
}

export function createPuller(options: {
  connect: ConnectClient;
  store: Store;
  now: () => number;
  /** Records asked per page (default 200, the most the contract allows). */
  pageSize?: number;
}) {
  const {connect, store, now} = options;
  const pageSize = options.pageSize ?? 200;

  // A cache, so it lives in memory: losing it costs one POST /tokens.
  const accessTokens = new Map<string, {token: string; expiresAt: number}>();

  async function accessTokenFor(userId: string): Promise<string> {
    const cached = accessTokens.get(userId);
    if (cached && cached.expiresAt - 60_000 > now()) return cached.token;
    const grant = await connect.createAccessToken(userId);
    accessTokens.set(userId, {
      token: grant.accessToken,
      expiresAt: now() + grant.expiresIn * 1000,
    });
    return grant.accessToken;
  }

  /** Runs `call` with the user's access token, once more on a fresh one if the service refused it. */
  async function withAccessToken<T>(
    userId: string,
    call: (token: string) => Promise<T>
  ): Promise<T> {
    try {
      return await call(await accessTokenFor(userId));
    } catch (err) {
      if (!(err instanceof ConnectError) || err.kind !== 'invalid_token')
        throw err;
      accessTokens.delete(userId);
      return call(await accessTokenFor(userId));
    }
  }

  /** The Data API's list of what the person has connected, saved. */
  async function verifySources(userId: string): Promise<VerifiedSource[]> {
    const sources = await withAccessToken(userId, (t) =>
      connect.listSources(t)
    );
    await store.saveSources(userId, sources, new Date(now()));
    return sources;
  }

  /**
   * Every page of every list, each record upserted by id. `full` ignores the
   * watermark: a newly connected source brings records whose `updatedAt` can
   * be older than the watermark, and `updated_since` would skip them. The
   * watermark moves only once every list has been read to its end, so a pull
   * that fails half-way is made up by the next one.
   */
  async function pull(userId: string, full: boolean): Promise<PullResult> {
    const updatedSince = full ? null : await store.watermark(userId);
    const sources = await verifySources(userId);
    const received: Record<string, number> = {};
    let latest: string | null = null;
    for (const list of RECORD_LISTS) {
      received[list.kind] = 0;
      let cursor: string | undefined;
      for (let page = 0; ; page++) {
        if (page === MAX_PAGES)
          throw new ConnectError(
            'invalid_response',
            `GET ${list.path} did not end after ${MAX_PAGES} pages`
          );
        const answer = await withAccessToken(userId, (t) =>
          connect.listRecords(t, list.path, {
            limit: pageSize,
            ...(cursor !== undefined ? {cursor} : {}),
            ...(updatedSince !== null ? {updatedSince} : {}),
          })
        );
        for (const record of answer.records) {
          await store.upsertRecord(userId, record);
          received[list.kind]!++;
          if (
            latest === null ||
            Date.parse(record.updatedAt) > Date.parse(latest)
          )
            latest = record.updatedAt;
        }
        if (answer.nextCursor === null) break;
        cursor = answer.nextCursor;
      }
    }
    if (latest !== null) await store.advanceWatermark(userId, latest);
    return {sources, received, updatedSince};
  }

  return {verifySources, pull};
}

export type Puller = ReturnType<typeof createPuller>;

export interface SourceRecords {
  id: string;
  /** null for records of a source the Data API no longer lists. */
  name: string | null;
  status: string | null;
  counts: Record<string, number>;
  records: DataRecord[];
}

/** The signed-in user's records, per source, for the page. */
export async function recordsView(store: Store, userId: string) {
  const [checked, records, humanId, watermark] = await Promise.all([
    store.sources(userId),
    store.records(userId),
    store.humanId(userId),
    store.watermark(userId),
  ]);
  const bySource = new Map<string, SourceRecords>();
  const entry = (id: string, source?: VerifiedSource): SourceRecords => {
    let e = bySource.get(id);
    if (!e) {
      const counts: Record<string, number> = {};
      for (const list of RECORD_LISTS) counts[list.kind] = 0;
      e = {
        id,
        name: source?.name ?? null,
        status: source?.status ?? null,
        counts,
        records: [],
      };
      bySource.set(id, e);
    }
    return e;
  };
  for (const s of checked?.sources ?? []) entry(s.id, s);
  for (const r of records) {
    const e = entry(r.sourceId);
    e.counts[r.kind] = (e.counts[r.kind] ?? 0) + 1;
    e.records.push(r);
  }
  return {
    userId,
    humanId,
    watermark,
    sourcesCheckedAt: checked?.verifiedAt ?? null,
    sources: [...bySource.values()],
  };
}
