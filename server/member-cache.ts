// Members by token hash for the WebSocket's onAuthenticate, kept in memory for a while.
//
// Why: every document a member opens is authenticated on its own (one auth message per
// document on the shared socket), and a worker opens the document of every customer the index
// says changed (at its start, of all of them). In the load run, 100 members writing once a
// second for 30 s, that was 16,000 token queries, each queued in the embedded PGlite (one
// thread) behind the documents' stores; with this cache, 300 (bench/README.md, "Team load").
//
// Why it stays correct: a member row never changes except to be revoked, and a revocation
// reaches every instance through Revocations (at once here, through Redis elsewhere), which
// `isRevoked` asks on every lookup, cached or not. The cache's lifetime bounds only what a
// revocation an instance never heard of (Redis down at that moment) can let through.
// Unknown tokens are not cached: a token that was just issued must work at once.
import type { MemberRow } from './storage';

export interface MemberSource {
  memberByTokenHash(tokenHash: string): Promise<MemberRow | null>;
}

/** How long a looked-up member is used without asking the database again. */
export const MEMBER_CACHE_MS = 60_000;
/** Past this many entries, expired ones are dropped as new ones come. */
const SWEEP_ABOVE = 10_000;

export class MemberCache implements MemberSource {
  /** token hash -> the lookup (shared by concurrent ones) and when it started. */
  private readonly rows = new Map<string, { member: Promise<MemberRow | null>; at: number }>();

  constructor(
    private readonly storage: MemberSource,
    private readonly isRevoked: (memberId: string) => boolean,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = MEMBER_CACHE_MS,
  ) {}

  async memberByTokenHash(tokenHash: string): Promise<MemberRow | null> {
    const at = this.now();
    let entry = this.rows.get(tokenHash);
    if (!entry || at - entry.at >= this.ttlMs) {
      if (this.rows.size >= SWEEP_ABOVE) this.sweep(at);
      const looked = { member: this.storage.memberByTokenHash(tokenHash), at };
      this.rows.set(tokenHash, looked);
      // Only a valid member stays: an unknown or revoked token is asked again next time.
      void looked.member.then(
        (member) => !member || member.revokedAt !== null ? this.forget(tokenHash, looked) : undefined,
        () => this.forget(tokenHash, looked),
      );
      entry = looked;
    }
    const member = await entry.member;
    if (member && member.revokedAt === null && this.isRevoked(member.memberId)) return { ...member, revokedAt: this.now() };
    return member;
  }

  private forget(tokenHash: string, entry: { at: number }): void {
    if (this.rows.get(tokenHash) === entry) this.rows.delete(tokenHash);
  }

  private sweep(at: number): void {
    for (const [hash, entry] of this.rows) if (at - entry.at >= this.ttlMs) this.rows.delete(hash);
  }
}
