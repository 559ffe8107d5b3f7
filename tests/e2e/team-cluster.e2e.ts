import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresProcess } from '../server/support/postgres';
import { startRedis, type RedisProcess } from '../server/support/redis';
import { startServerProcess, type ServerProcess } from '../server/support/server-process';
import { send } from './support/seed';
import { customerOf, expectAllSent, expectState, newTeam, type TeamMember } from './support/team';

// The team desk on the production setup: real Postgres for storage, real Redis between two
// server instances, one member on each instance, each in their own Chromium profile.

let postgres: PostgresProcess;
let redis: RedisProcess;
let instances: ServerProcess[] = [];
let members: TeamMember[] = [];

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = await postgres.createDatabase('handlebook_e2e');
  const adminToken = 'e2e-admin-token';
  for (let i = 0; i < 2; i++) instances.push(await startServerProcess({ databaseUrl, redisUrl: redis.url, adminToken }));
});

afterEach(async () => {
  for (const m of members) await m.close().catch(() => undefined);
  members = [];
});

afterAll(async () => {
  for (const s of instances) await s.stop().catch(() => undefined);
  for (const s of instances) s.cleanup();
  await redis?.stop();
  await postgres?.stop();
});

describe('team desk on Postgres and Redis', () => {
  it('two members on two instances see each other’s edits, and keep offline edits across a restart of both', async () => {
    const [a, b] = instances as [ServerProcess, ServerProcess];
    const [ana, ben] = (await newTeam([a, b], ['Ana', 'Ben'])) as [TeamMember, TeamMember];
    members.push(ana, ben);

    await send(ana.dashboard, 'notes.add', { ref: { handle: 'cluster_customer' }, displayName: 'C', text: 'via instance A' });
    await expect.poll(async () => (await customerOf(ben, 'cluster_customer'))?.notes.map((n) => n.text), { timeout: 10_000 }).toEqual(['via instance A']);
    await send(ben.dashboard, 'customers.update', { ref: { handle: 'cluster_customer' }, displayName: 'C', patch: { tags: ['vip'] } });
    await expect.poll(async () => (await customerOf(ana, 'cluster_customer'))?.tags, { timeout: 10_000 }).toEqual(['vip']);
    await expectAllSent(ana);
    await expectAllSent(ben);

    // Both instances down (stored in Postgres), both members write, both instances back.
    for (const s of instances) await s.stop();
    await expectState(ana, 'offline');
    await expectState(ben, 'offline');
    await send(ana.dashboard, 'notes.add', { ref: { handle: 'cluster_customer' }, displayName: 'C', text: 'Ana offline' });
    await send(ben.dashboard, 'customers.update', { ref: { handle: 'cluster_customer' }, displayName: 'C', patch: { tags: ['vip', 'refund'] } });
    instances = [await startServerProcess(a.options), await startServerProcess(b.options)];
    for (const m of [ana, ben]) {
      await expect
        .poll(async () => {
          const c = await customerOf(m, 'cluster_customer');
          return { notes: c?.notes.map((n) => n.text), tags: c?.tags };
        }, { timeout: 30_000, message: `${m.name}'s book` })
        .toEqual({ notes: ['via instance A', 'Ana offline'], tags: ['refund', 'vip'] });
    }
    await expectAllSent(ana);
    await expectAllSent(ben);
  });
});
