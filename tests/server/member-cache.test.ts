// The WebSocket auth's member cache (server/member-cache.ts) over the real embedded storage:
// it spares the database repeated lookups of one token, and never lets a revoked or unknown
// token through because of what it holds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeDocument, hashSecret, type AuthRefusal } from '../../server/auth';
import { MEMBER_CACHE_MS, MemberCache } from '../../server/member-cache';
import { openStorage, type Storage } from '../../server/storage';

let storage: Storage;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'handlebook-member-cache-'));
  storage = await openStorage({ dataDir, databaseUrl: null });
  await storage.createTeam('t_cache', 'Cache team', 1);
});

afterAll(async () => {
  await storage.close();
  rmSync(dataDir, { recursive: true, force: true });
});

let n = 0;
/** A member of t_cache with its own token, through the real invite and join path. */
async function newMember(): Promise<{ memberId: string; token: string }> {
  n++;
  const invite = `invite-${n}`;
  const token = `token-${n}`;
  await storage.createInvite('t_cache', hashSecret(invite), 'agent', 1);
  const joined = await storage.redeemInvite(hashSecret(invite), { memberId: `m_${n}`, name: `Agent ${n}`, tokenHash: hashSecret(token) }, 2);
  if (!joined.ok) throw new Error(joined.error);
  return { memberId: `m_${n}`, token };
}

/** The storage, counting the lookups that reach it. */
function counted() {
  const source = { queries: 0, memberByTokenHash: (hash: string) => (source.queries++, storage.memberByTokenHash(hash)) };
  return source;
}

function cache(source: ReturnType<typeof counted>, revoked = new Set<string>()) {
  const clock = { now: 1_000_000 };
  return { clock, revoked, members: new MemberCache(source, (id) => revoked.has(id), () => clock.now) };
}

const refusalOf = (promise: Promise<unknown>) => promise.then(() => 'accepted', (e: AuthRefusal) => e.reason);

describe('MemberCache', () => {
  it('asks the database once per token while the entry is fresh, and again once it is not', async () => {
    const ana = await newMember();
    const source = counted();
    const { clock, members } = cache(source);
    for (let i = 0; i < 5; i++) await authorizeDocument(members, ana.token, `t_cache/customer/${i}`);
    expect(source.queries).toBe(1);
    clock.now += MEMBER_CACHE_MS - 1;
    await authorizeDocument(members, ana.token, 't_cache/index');
    expect(source.queries).toBe(1);
    clock.now += 1;
    await authorizeDocument(members, ana.token, 't_cache/index');
    expect(source.queries).toBe(2);
  });

  it('shares one query among the lookups made at once (a worker opening many documents)', async () => {
    const ben = await newMember();
    const source = counted();
    const { members } = cache(source);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => authorizeDocument(members, ben.token, `t_cache/customer/${i}`)));
    expect(results.every((r) => r.context.memberId === ben.memberId)).toBe(true);
    expect(source.queries).toBe(1);
  });

  it('refuses a cached member as soon as the instance hears of its revocation', async () => {
    const cy = await newMember();
    const { members, revoked } = cache(counted());
    await authorizeDocument(members, cy.token, 't_cache/customer/a');
    revoked.add(cy.memberId);
    expect(await refusalOf(authorizeDocument(members, cy.token, 't_cache/customer/a'))).toBe('revoked');
  });

  it('does not keep a revoked row: the database is asked again each time', async () => {
    const dee = await newMember();
    await storage.revokeMember('t_cache', dee.memberId, 3);
    const source = counted();
    const { members } = cache(source);
    expect(await refusalOf(authorizeDocument(members, dee.token, 't_cache/index'))).toBe('revoked');
    expect(await refusalOf(authorizeDocument(members, dee.token, 't_cache/index'))).toBe('revoked');
    expect(source.queries).toBe(2);
  });

  it('does not remember an unknown token: a token issued right after works at once', async () => {
    const source = counted();
    const { members } = cache(source);
    const next = `token-${n + 1}`;
    expect(await refusalOf(authorizeDocument(members, next, 't_cache/index'))).toBe('unknown-token');
    const eve = await newMember();
    expect(eve.token).toBe(next);
    expect((await authorizeDocument(members, eve.token, 't_cache/index')).context.memberId).toBe(eve.memberId);
  });

  it('still refuses another team\'s documents for a cached member', async () => {
    const fay = await newMember();
    const { members } = cache(counted());
    await authorizeDocument(members, fay.token, 't_cache/index');
    expect(await refusalOf(authorizeDocument(members, fay.token, 't_other/index'))).toBe('wrong-team');
  });
});
