// The per-team members document `<teamId>/members`: Y.Map 'members', memberId -> plain
// { name, role, joinedAt, revokedAt }. The SQL members table is the source of truth; this
// document is its live projection for clients (who open it read-only). The server writes it
// through Hocuspocus's direct connection API, so the change reaches connected clients (and,
// through the Redis extension, other instances) like any other update, and is stored by
// the same hooks.
import type { Hocuspocus } from '@hocuspocus/server';
import type * as Y from 'yjs';
import { MEMBERS_MAP, membersDocumentName, type MemberDocEntry } from '../lib/team/server-api';
import { BackgroundDisconnects } from './background-disconnects';
import type { MemberRow } from './storage';

export function memberDocEntry(member: MemberRow): MemberDocEntry {
  return { name: member.name, role: member.role, joinedAt: member.joinedAt, revokedAt: member.revokedAt };
}

function sameEntry(a: unknown, b: MemberDocEntry): boolean {
  if (!a || typeof a !== 'object') return false;
  const x = a as Partial<MemberDocEntry>;
  return x.name === b.name && x.role === b.role && x.joinedAt === b.joinedAt && x.revokedAt === b.revokedAt;
}

/**
 * Writes the entries that differ (only those: a Y.Map set always adds an item, even for an
 * equal value). Returns how many it wrote.
 */
export function applyMembers(doc: Y.Doc, members: MemberRow[]): number {
  const map = doc.getMap<MemberDocEntry>(MEMBERS_MAP);
  let written = 0;
  doc.transact(() => {
    for (const member of members) {
      const entry = memberDocEntry(member);
      if (sameEntry(map.get(member.memberId), entry)) continue;
      map.set(member.memberId, entry);
      written += 1;
    }
  });
  return written;
}

export class MembersDocWriter {
  private readonly disconnects: BackgroundDisconnects;

  constructor(
    private readonly hocuspocus: Hocuspocus,
    log: (line: string) => void,
  ) {
    this.disconnects = new BackgroundDisconnects(log);
  }

  /**
   * Puts the members into the team's members document (loading it if needed: the load
   * itself reconciles with SQL, see index.ts). Resolves once the change is applied in memory
   * and sent to connected clients; storing happens in the background (with Redis the
   * extension holds a direct connection's store ~1 s so peers can sync first) and is
   * awaited by settle().
   */
  async write(teamId: string, members: MemberRow[]): Promise<void> {
    const connection = await this.hocuspocus.openDirectConnection(membersDocumentName(teamId), { system: true });
    try {
      await connection.transact((doc) => {
        applyMembers(doc, members);
      });
    } finally {
      this.disconnects.disconnect(connection, `members document of ${teamId}`);
    }
  }

  settle(): Promise<void> {
    return this.disconnects.settle();
  }
}
