// Everything the team server keeps: teams, invites, members and Yjs document states. One
// module over two drivers (embedded PGlite, or Postgres via DATABASE_URL) with the same SQL;
// nothing else in the server writes SQL.
import { join } from 'node:path';
import * as Y from 'yjs';
import type { MemberRole } from '../../lib/team/server-api';
import { PGLITE_SUBDIR } from '../config';
import type { Driver, Queryable } from './driver';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import { migrate } from './schema';

export interface TeamRow {
  teamId: string;
  name: string;
}

export interface MemberRow {
  memberId: string;
  teamId: string;
  teamName: string;
  name: string;
  role: MemberRole;
  joinedAt: number;
  revokedAt: number | null;
}

export type RedeemResult =
  | { ok: true; member: MemberRow }
  | { ok: false; error: 'invite-unknown' | 'invite-used' };

type MemberSqlRow = {
  id: string;
  team_id: string;
  team_name: string;
  name: string;
  role: string;
  joined_at: number | string; // pg returns bigint as a string, PGlite as a number
  revoked_at: number | string | null;
};

const MEMBER_COLUMNS = `m.id, m.team_id, t.name AS team_name, m.name, m.role, m.joined_at, m.revoked_at`;

function toMember(row: MemberSqlRow): MemberRow {
  return {
    memberId: row.id,
    teamId: row.team_id,
    teamName: row.team_name,
    name: row.name,
    role: row.role as MemberRole,
    joinedAt: Number(row.joined_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

/** Both drivers hand back bytea as a Uint8Array (pg's Buffer is one). */
function bytes(value: unknown): Uint8Array {
  return value instanceof Uint8Array ? value : new Uint8Array(0);
}

/**
 * Union of two Yjs states. Applying both to a fresh Y.Doc (rather than Y.mergeUpdates)
 * yields a garbage-collected, canonical encoding, so stored states do not grow with
 * every merge.
 */
export function mergeStates(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b;
  if (b.byteLength === 0) return a;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, a);
    Y.applyUpdate(doc, b);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

export class Storage {
  constructor(readonly driver: Driver) {}

  get kind(): Driver['kind'] {
    return this.driver.kind;
  }

  async ping(): Promise<void> {
    await this.driver.query('SELECT 1');
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  // --- teams and invites -----------------------------------------------------------------

  async createTeam(teamId: string, name: string, now: number): Promise<void> {
    await this.driver.query('INSERT INTO teams (id, name, created_at) VALUES ($1, $2, $3)', [teamId, name, now]);
  }

  async getTeam(teamId: string): Promise<TeamRow | null> {
    const rows = await this.driver.query<{ id: string; name: string }>('SELECT id, name FROM teams WHERE id = $1', [
      teamId,
    ]);
    const row = rows[0];
    return row ? { teamId: row.id, name: row.name } : null;
  }

  async createInvite(teamId: string, inviteHash: string, role: MemberRole, now: number): Promise<void> {
    await this.driver.query('INSERT INTO invites (token_hash, team_id, role, created_at) VALUES ($1, $2, $3, $4)', [
      inviteHash,
      teamId,
      role,
      now,
    ]);
  }

  /**
   * Marks the invite used and creates the member in one transaction. The conditional
   * UPDATE is the "redeemed once" guarantee: of two concurrent redemptions (even on two
   * instances) exactly one sees its row.
   */
  async redeemInvite(
    inviteHash: string,
    member: { memberId: string; name: string; tokenHash: string },
    now: number,
  ): Promise<RedeemResult> {
    return this.driver.transaction(async (tx) => {
      const claimed = await tx.query<{ team_id: string; role: string }>(
        `UPDATE invites SET used_at = $2, used_by = $3
         WHERE token_hash = $1 AND used_at IS NULL
         RETURNING team_id, role`,
        [inviteHash, now, member.memberId],
      );
      const invite = claimed[0];
      if (!invite) {
        const exists = await tx.query('SELECT 1 FROM invites WHERE token_hash = $1', [inviteHash]);
        return { ok: false, error: exists.length ? 'invite-used' : 'invite-unknown' };
      }
      await tx.query(
        `INSERT INTO members (id, team_id, name, role, token_hash, joined_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [member.memberId, invite.team_id, member.name, invite.role, member.tokenHash, now],
      );
      const row = await this.memberById(tx, member.memberId);
      return { ok: true, member: row! };
    });
  }

  // --- members ---------------------------------------------------------------------------

  private async memberById(q: Queryable, memberId: string): Promise<MemberRow | null> {
    const rows = await q.query<MemberSqlRow>(
      `SELECT ${MEMBER_COLUMNS} FROM members m JOIN teams t ON t.id = m.team_id WHERE m.id = $1`,
      [memberId],
    );
    return rows[0] ? toMember(rows[0]) : null;
  }

  async memberByTokenHash(tokenHash: string): Promise<MemberRow | null> {
    const rows = await this.driver.query<MemberSqlRow>(
      `SELECT ${MEMBER_COLUMNS} FROM members m JOIN teams t ON t.id = m.team_id WHERE m.token_hash = $1`,
      [tokenHash],
    );
    return rows[0] ? toMember(rows[0]) : null;
  }

  async listMembers(teamId: string): Promise<MemberRow[]> {
    const rows = await this.driver.query<MemberSqlRow>(
      `SELECT ${MEMBER_COLUMNS} FROM members m JOIN teams t ON t.id = m.team_id
       WHERE m.team_id = $1 ORDER BY m.joined_at, m.id`,
      [teamId],
    );
    return rows.map(toMember);
  }

  /** Sets revoked_at once (a second revocation keeps the first time); null if no such member. */
  async revokeMember(teamId: string, memberId: string, now: number): Promise<MemberRow | null> {
    await this.driver.query(
      'UPDATE members SET revoked_at = $3 WHERE team_id = $1 AND id = $2 AND revoked_at IS NULL',
      [teamId, memberId, now],
    );
    const member = await this.memberById(this.driver, memberId);
    return member && member.teamId === teamId ? member : null;
  }

  // --- documents -------------------------------------------------------------------------

  async loadDocument(name: string): Promise<Uint8Array | null> {
    const rows = await this.driver.query<{ state: unknown }>('SELECT state FROM documents WHERE name = $1', [name]);
    const state = rows[0] ? bytes(rows[0].state) : null;
    return state && state.byteLength ? state : null;
  }

  /**
   * The stored documents whose names start with `prefix` (a team's: `<teamId>/`), with their
   * states, in name order: all of them, or at most `page.limit` named after `page.after`.
   * Names compare byte by byte (COLLATE "C"), as JavaScript compares them (they are ASCII), so a
   * page's bounds mean the same on both sides whatever the database's collation.
   */
  async listDocuments(prefix: string, page?: { after: string | null; limit: number }): Promise<[string, Uint8Array][]> {
    const rows = page
      ? await this.driver.query<{ name: string; state: unknown }>(
          `SELECT name, state FROM documents WHERE left(name, length($1)) = $1 AND octet_length(state) > 0 AND name COLLATE "C" > $2
           ORDER BY name COLLATE "C" LIMIT $3`,
          [prefix, page.after ?? '', page.limit],
        )
      : await this.driver.query<{ name: string; state: unknown }>(
          'SELECT name, state FROM documents WHERE left(name, length($1)) = $1 AND octet_length(state) > 0 ORDER BY name COLLATE "C"',
          [prefix],
        );
    return rows.map((row) => [row.name, bytes(row.state)] as [string, Uint8Array]);
  }

  /**
   * Stores `state` merged with what is stored: never a blind overwrite. Two instances (or a
   * restarted one with a stale copy) may store the same document; the row lock serialises
   * them and the merge keeps both sides' updates (a Yjs state is a CRDT: union is lossless).
   */
  async storeDocument(name: string, state: Uint8Array, now: number): Promise<void> {
    await this.driver.transaction(async (tx) => {
      // Make sure the row exists so FOR UPDATE has something to lock (ON CONFLICT waits for a
      // concurrent insert to commit instead of failing).
      await tx.query(
        `INSERT INTO documents (name, state, updated_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
        [name, new Uint8Array(0), now],
      );
      const rows = await tx.query<{ state: unknown }>('SELECT state FROM documents WHERE name = $1 FOR UPDATE', [name]);
      const merged = mergeStates(bytes(rows[0]?.state), state);
      await tx.query('UPDATE documents SET state = $2, updated_at = $3 WHERE name = $1', [name, merged, now]);
    });
  }
}

export interface StorageOptions {
  dataDir: string;
  databaseUrl: string | null;
}

/** Opens the configured storage and brings its schema up to date. */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  const driver = options.databaseUrl
    ? await openPostgres(options.databaseUrl)
    : await openPglite(join(options.dataDir, PGLITE_SUBDIR));
  try {
    await migrate(driver);
  } catch (error) {
    await driver.close().catch(() => {});
    throw error;
  }
  return new Storage(driver);
}
