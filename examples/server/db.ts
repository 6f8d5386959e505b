/**
 * The example server's database: PGlite (embedded Postgres in a folder, nothing
 * to install) by default, or a Postgres server when `DATABASE_URL` is set. Both
 * run the same SQL through this one small interface, so the queries in
 * records.ts and server.ts are what you would write against your own Postgres.
 */
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export interface Db {
  /** One statement, with `$1…` parameters. */
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: unknown[]
  ): Promise<Row[]>;
  /** Several statements, no parameters: for the migration files. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** A Postgres connection string; when set, `dataDir` is not used. */
  databaseUrl?: string;
  /** PGlite's folder; without it (and without `databaseUrl`), PGlite in memory. */
  dataDir?: string;
}

export const MIGRATIONS_DIR = fileURLToPath(
  new URL('./migrations/', import.meta.url)
);

/** Opens the database and brings its schema up to date. */
export async function openDb(options: OpenDbOptions): Promise<Db> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl)
    : await openPGlite(options.dataDir);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

// The drivers are imported only when used: a deployment on Postgres never loads
// PGlite's WebAssembly, and one on PGlite needs no `pg`.

async function openPGlite(dataDir: string | undefined): Promise<Db> {
  const {PGlite} = await import('@electric-sql/pglite');
  const pglite = new PGlite(dataDir);
  await pglite.waitReady;
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await pglite.query<Row>(sql, params)).rows;
    },
    async exec(sql) {
      await pglite.exec(sql);
    },
    close: () => pglite.close(),
  };
}

async function openPostgres(connectionString: string): Promise<Db> {
  const {default: pg} = await import('pg');
  const pool = new pg.Pool({connectionString, max: 5});
  // An idle client that loses its connection emits `error` on the pool; without a
  // listener that would end the process. The next query gets a fresh client.
  pool.on('error', () => {});
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as Row[];
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

/**
 * Runs the files in migrations/ that this database has not run yet, in name
 * order, each with its `schema_migrations` row in one transaction. The files
 * are idempotent too, so two servers migrating at once do no harm.
 */
export async function migrate(db: Db): Promise<string[]> {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version text PRIMARY KEY,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`
  );
  const done = new Set(
    (
      await db.query<{version: string}>('SELECT version FROM schema_migrations')
    ).map((r) => r.version)
  );
  const files = (await readdir(MIGRATIONS_DIR))
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    if (done.has(version)) continue;
    // Put in the SQL text below (exec takes no parameters), so only plain names.
    if (!/^[a-z0-9_]+$/.test(version))
      throw new Error(`Migration file names are [a-z0-9_]+.sql, not ${file}`);
    const sql = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
    await db.exec(
      `BEGIN;\n${sql}\nINSERT INTO schema_migrations (version) VALUES ('${version}') ON CONFLICT DO NOTHING;\nCOMMIT;`
    );
    applied.push(version);
  }
  return applied;
}
