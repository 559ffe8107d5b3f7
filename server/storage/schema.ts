// The schema as numbered migrations. Each runs once, in order, in one transaction that holds
// an advisory lock, so several instances starting at once on one Postgres do not race.
import type { Driver } from './driver';

/** Never edit a shipped migration: append a new one. */
export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE teams (
        id text PRIMARY KEY,
        name text NOT NULL,
        created_at bigint NOT NULL
      );
      -- Invites and member tokens are stored as SHA-256 hex only: a database leak does not
      -- leak a usable credential.
      CREATE TABLE invites (
        token_hash text PRIMARY KEY,
        team_id text NOT NULL REFERENCES teams(id),
        role text NOT NULL CHECK (role IN ('agent', 'viewer')),
        created_at bigint NOT NULL,
        used_at bigint,
        used_by text
      );
      CREATE TABLE members (
        id text PRIMARY KEY,
        team_id text NOT NULL REFERENCES teams(id),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('agent', 'viewer')),
        token_hash text NOT NULL UNIQUE,
        joined_at bigint NOT NULL,
        revoked_at bigint
      );
      CREATE INDEX members_team_id ON members(team_id);
      -- Each Yjs document's whole state (Y.encodeStateAsUpdate), merged on every store.
      CREATE TABLE documents (
        name text PRIMARY KEY,
        state bytea NOT NULL,
        updated_at bigint NOT NULL
      );
    `,
  },
];

/** An arbitrary constant: the advisory lock key of "migrating the Handlebook schema". */
const MIGRATION_LOCK = 4_815_162_342;

export async function migrate(driver: Driver): Promise<number> {
  return driver.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.query(`CREATE TABLE IF NOT EXISTS handlebook_migrations (
      version integer PRIMARY KEY,
      applied_at bigint NOT NULL
    )`);
    const rows = await tx.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM handlebook_migrations',
    );
    const current = Number(rows[0]?.version ?? 0);
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO handlebook_migrations (version, applied_at) VALUES ($1, $2)', [
        m.version,
        Date.now(),
      ]);
    }
    return MIGRATIONS[MIGRATIONS.length - 1]!.version;
  });
}
