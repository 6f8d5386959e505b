/**
 * Every SQL statement the example server runs, against the schema in
 * migrations/ (001_init.sql, 002_consent_receipts.sql). Plain Postgres, parameters always `$n`: copy them.
 * Times go in as ISO strings and come out as `Date`s (both drivers do that).
 */
import type {DataRecord, VerifiedSource} from './connect-client.js';
import type {Db} from './db.js';
import type {Notification} from './notifications.js';

export interface SourceRef {
  id: string;
  name: string;
}

/**
 * The `connect` event's `receipt`: what the person agreed to for a new connection. The widget's
 * `ConsentReceipt` (src/events.ts), written out again: this server stands alone, to be copied.
 */
export interface ConsentReceipt {
  connectionId: string;
  sourceId: string;
  appName: string;
  version: string;
  scopes: string[];
  acceptedAt: string;
  locale: string;
  textSha256: string;
  text: string;
}

export interface RequestedSource {
  name: string;
  address?: string;
  website?: string;
  physician?: string;
}

/** Newest first; older requests stay in the table but are not listed. */
const REQUESTS_LISTED = 200;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function createStore(db: Db) {
  return {
    /**
     * The service's `human_id` for this user, from each session token answer.
     * If the service now gives that id to another of our users, it moves: the
     * latest answer is the truth, and notifications must reach one user.
     */
    async saveUser(userId: string, humanId: string | null): Promise<void> {
      if (humanId) {
        await db.query(
          'UPDATE users SET human_id = NULL WHERE human_id = $1 AND id <> $2',
          [humanId, userId]
        );
      }
      await db.query(
        `INSERT INTO users (id, human_id) VALUES ($1, $2)
         ON CONFLICT (id) DO UPDATE SET human_id = COALESCE(EXCLUDED.human_id, users.human_id)`,
        [userId, humanId]
      );
    },

    async userByHumanId(humanId: string): Promise<string | null> {
      const rows = await db.query<{id: string}>(
        'SELECT id FROM users WHERE human_id = $1',
        [humanId]
      );
      return rows[0]?.id ?? null;
    },

    async humanId(userId: string): Promise<string | null> {
      const rows = await db.query<{human_id: string | null}>(
        'SELECT human_id FROM users WHERE id = $1',
        [userId]
      );
      return rows[0]?.human_id ?? null;
    },

    /** Remembers an issued session token (its hash), and forgets expired ones. */
    async saveToken(
      tokenSha256: string,
      userId: string,
      expiresAt: Date,
      now: Date
    ): Promise<void> {
      await db.query('DELETE FROM session_tokens WHERE expires_at <= $1', [
        now.toISOString(),
      ]);
      await db.query(
        'INSERT INTO session_tokens (token_sha256, user_id, expires_at) VALUES ($1, $2, $3)',
        [tokenSha256, userId, expiresAt.toISOString()]
      );
    },

    /** Whom an unexpired token was issued to, or null. */
    async tokenOwner(tokenSha256: string, now: Date): Promise<string | null> {
      const rows = await db.query<{user_id: string}>(
        'SELECT user_id FROM session_tokens WHERE token_sha256 = $1 AND expires_at > $2',
        [tokenSha256, now.toISOString()]
      );
      return rows[0]?.user_id ?? null;
    },

    /** What the page reported: the latest claim per source wins. */
    async saveReports(
      userId: string,
      connected: SourceRef[],
      disconnected: SourceRef[],
      requested: RequestedSource[],
      at: Date
    ): Promise<void> {
      const claims = [
        ...connected.map((s) => ({...s, state: 'connected'})),
        ...disconnected.map((s) => ({...s, state: 'disconnected'})),
      ];
      for (const s of claims) {
        await db.query(
          `INSERT INTO reported_sources (user_id, id, name, state, reported_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (user_id, id) DO UPDATE
             SET name = EXCLUDED.name, state = EXCLUDED.state, reported_at = EXCLUDED.reported_at`,
          [userId, s.id, s.name, s.state, at.toISOString()]
        );
      }
      for (const r of requested) {
        await db.query(
          `INSERT INTO requested_sources (user_id, name, address, website, physician, reported_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            userId,
            r.name,
            r.address ?? null,
            r.website ?? null,
            r.physician ?? null,
            at.toISOString(),
          ]
        );
      }
    },

    async reports(userId: string) {
      const claims = await db.query<{
        id: string;
        name: string;
        state: 'connected' | 'disconnected';
        reported_at: Date;
      }>(
        'SELECT id, name, state, reported_at FROM reported_sources WHERE user_id = $1 ORDER BY reported_at, id',
        [userId]
      );
      const requests = await db.query<{
        name: string;
        address: string | null;
        website: string | null;
        physician: string | null;
        reported_at: Date;
      }>(
        `SELECT name, address, website, physician, reported_at FROM requested_sources
         WHERE user_id = $1 ORDER BY reported_at DESC LIMIT ${REQUESTS_LISTED}`,
        [userId]
      );
      const ref = (c: (typeof claims)[number]) => ({
        id: c.id,
        name: c.name,
        reportedAt: iso(c.reported_at),
      });
      return {
        connectedSources: claims
          .filter((c) => c.state === 'connected')
          .map(ref),
        disconnectedSources: claims
          .filter((c) => c.state === 'disconnected')
          .map(ref),
        requestedSources: requests.reverse().map((r) => {
          const out: Record<string, string | null> = {name: r.name};
          for (const key of ['address', 'website', 'physician'] as const)
            if (r[key] !== null) out[key] = r[key];
          out['reportedAt'] = iso(r.reported_at);
          return out;
        }),
      };
    },

    /**
     * Keeps a connection's consent receipt, unless one is kept already: the first stands.
     * Returns whether this one was kept.
     */
    async saveReceipt(
      userId: string,
      r: ConsentReceipt,
      at: Date
    ): Promise<boolean> {
      const rows = await db.query(
        `INSERT INTO consent_receipts (user_id, connection_id, source_id, app_name, version, scopes,
           accepted_at, locale, text_sha256, text, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (user_id, connection_id) DO NOTHING
         RETURNING connection_id`,
        [
          userId,
          r.connectionId,
          r.sourceId,
          r.appName,
          r.version,
          JSON.stringify(r.scopes),
          r.acceptedAt,
          r.locale,
          r.textSha256,
          r.text,
          at.toISOString(),
        ]
      );
      return rows.length === 1;
    },

    /** The user's consent receipts, oldest first. */
    async receipts(userId: string) {
      const rows = await db.query<{
        connection_id: string;
        source_id: string;
        app_name: string;
        version: string;
        scopes: string[];
        accepted_at: Date;
        locale: string;
        text_sha256: string;
        text: string;
        received_at: Date;
      }>(
        `SELECT connection_id, source_id, app_name, version, scopes, accepted_at, locale,
           text_sha256, text, received_at
         FROM consent_receipts WHERE user_id = $1 ORDER BY accepted_at, connection_id`,
        [userId]
      );
      return rows.map((r) => ({
        connectionId: r.connection_id,
        sourceId: r.source_id,
        appName: r.app_name,
        version: r.version,
        scopes: r.scopes,
        acceptedAt: iso(r.accepted_at),
        locale: r.locale,
        textSha256: r.text_sha256,
        text: r.text,
        receivedAt: iso(r.received_at),
      }));
    },

    /** The Data API's list replaces the last one: a source not in it is no longer connected. */
    async saveSources(
      userId: string,
      sources: VerifiedSource[],
      at: Date
    ): Promise<void> {
      await db.query(
        'DELETE FROM sources WHERE user_id = $1 AND NOT (id = ANY($2::text[]))',
        [userId, sources.map((s) => s.id)]
      );
      for (const s of sources) {
        await db.query(
          `INSERT INTO sources (user_id, id, name, category, status, synced_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (user_id, id) DO UPDATE
             SET name = EXCLUDED.name, category = EXCLUDED.category, status = EXCLUDED.status,
                 synced_at = EXCLUDED.synced_at`,
          [userId, s.id, s.name, s.category, s.status, s.syncedAt ?? null]
        );
      }
      await db.query('UPDATE users SET sources_checked_at = $2 WHERE id = $1', [
        userId,
        at.toISOString(),
      ]);
    },

    async sources(
      userId: string
    ): Promise<{sources: VerifiedSource[]; verifiedAt: string | null} | null> {
      const checked = await db.query<{sources_checked_at: Date | null}>(
        'SELECT sources_checked_at FROM users WHERE id = $1',
        [userId]
      );
      const verifiedAt = iso(checked[0]?.sources_checked_at ?? null);
      if (!verifiedAt) return null;
      const rows = await db.query<{
        id: string;
        name: string;
        category: string;
        status: string;
        synced_at: Date | null;
      }>(
        'SELECT id, name, category, status, synced_at FROM sources WHERE user_id = $1 ORDER BY name, id',
        [userId]
      );
      return {
        verifiedAt,
        sources: rows.map((r) => {
          const s: VerifiedSource = {
            id: r.id,
            name: r.name,
            category: r.category,
            status: r.status,
          };
          if (r.synced_at) s.syncedAt = r.synced_at.toISOString();
          return s;
        }),
      };
    },

    /**
     * Inserts new records and updates known ones. A record already stored with
     * a later `updatedAt` is kept: two pulls that overlap cannot go back in time.
     */
    async upsertRecord(userId: string, r: DataRecord): Promise<void> {
      await db.query(
        `INSERT INTO records (user_id, id, kind, source_id, created_at, updated_at, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
         ON CONFLICT (user_id, id) DO UPDATE
           SET kind = EXCLUDED.kind, source_id = EXCLUDED.source_id, created_at = EXCLUDED.created_at,
               updated_at = EXCLUDED.updated_at, data = EXCLUDED.data
           WHERE records.updated_at <= EXCLUDED.updated_at`,
        [
          userId,
          r.id,
          r.kind,
          r.sourceId,
          r.createdAt,
          r.updatedAt,
          JSON.stringify(r),
        ]
      );
    },

    /** Moves the watermark forward only (GREATEST ignores a NULL). */
    async advanceWatermark(userId: string, updatedAt: string): Promise<void> {
      await db.query(
        'UPDATE users SET records_watermark = GREATEST(records_watermark, $2::timestamptz) WHERE id = $1',
        [userId, updatedAt]
      );
    },

    async watermark(userId: string): Promise<string | null> {
      const rows = await db.query<{records_watermark: Date | null}>(
        'SELECT records_watermark FROM users WHERE id = $1',
        [userId]
      );
      return iso(rows[0]?.records_watermark ?? null);
    },

    async records(userId: string): Promise<DataRecord[]> {
      const rows = await db.query<{data: DataRecord}>(
        'SELECT data FROM records WHERE user_id = $1 ORDER BY source_id, kind, updated_at DESC, id',
        [userId]
      );
      return rows.map((r) => r.data);
    },

    /** True the first time an id is seen; false for a second delivery. */
    async firstDelivery(n: Notification, at: Date): Promise<boolean> {
      const rows = await db.query(
        `INSERT INTO notifications (id, type, human_id, received_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [n.id, n.type, n.humanId, at.toISOString()]
      );
      return rows.length === 1;
    },

    async markPulled(notificationId: string, at: Date): Promise<void> {
      await db.query('UPDATE notifications SET pulled_at = $2 WHERE id = $1', [
        notificationId,
        at.toISOString(),
      ]);
    },
  };
}

export type Store = ReturnType<typeof createStore>;
