// The `teamLoad` section of `npm run bench`: the load run (team-load.ts) against one server
// instance, then against two behind Redis, with the numbers: 100 members, one change a
// second each, presence kept, 60 s (BENCH_LOAD_MEMBERS / BENCH_LOAD_SECONDS change them).
import { loadRun, type LoadFigures } from './team-load';

type Prefixed<P extends string> = {
  [K in 'ChangesPerSecond' | 'P50Ms' | 'P95Ms' | 'MaxMs' | 'PresenceP95Ms' | 'Lost' | 'Unacknowledged' | 'CpuPercent' | 'PeakMB' | 'MembersCpuPercent' as `${P}${K}`]: number;
};
export type TeamLoadFigures = { members: number; seconds: number } & Prefixed<'one'> & Prefixed<'two'>;
type Figures = { [K in keyof TeamLoadFigures]: TeamLoadFigures[K] | null };

export const LOAD_MEMBERS = Number(process.env.BENCH_LOAD_MEMBERS ?? 100);
export const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);

function describe(f: LoadFigures): string {
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  return (
    `${f.changesPerSecond.toFixed(0)} changes/s; propagation p50 ${ms(f.propagation.p50)}, p95 ${ms(f.propagation.p95)}, max ${ms(f.propagation.max)}; ` +
    `presence p50 ${ms(f.presence.p50)}, p95 ${ms(f.presence.p95)}; lost ${f.lost}, documents unacknowledged 30 s after the writing ${f.reopenedDocuments}, opened again; notes still unacknowledged then ${f.unacknowledged} (not on the server: ${f.unacknowledgedMissing}); server CPU ${f.serverCpuPercent.toFixed(0)} % of a core, peak ${f.serverPeakMB.toFixed(0)} MB; the members' own processes ${f.membersCpuPercent.toFixed(0)} %`
  );
}

function record(figures: Figures, prefix: 'one' | 'two', f: LoadFigures): void {
  figures[`${prefix}ChangesPerSecond`] = f.changesPerSecond;
  figures[`${prefix}P50Ms`] = f.propagation.p50;
  figures[`${prefix}P95Ms`] = f.propagation.p95;
  figures[`${prefix}MaxMs`] = f.propagation.max;
  figures[`${prefix}PresenceP95Ms`] = f.presence.p95;
  figures[`${prefix}Lost`] = f.lost;
  figures[`${prefix}Unacknowledged`] = f.unacknowledged;
  figures[`${prefix}CpuPercent`] = f.serverCpuPercent;
  figures[`${prefix}PeakMB`] = f.serverPeakMB;
  figures[`${prefix}MembersCpuPercent`] = f.membersCpuPercent;
}

export async function benchTeamLoad(log: (line: string) => void, figures: Figures): Promise<void> {
  figures.members = LOAD_MEMBERS;
  figures.seconds = LOAD_SECONDS;
  log(`  one instance (embedded PGlite): ${LOAD_MEMBERS} members, ${LOAD_SECONDS} s`);
  const one = await loadRun(log, { members: LOAD_MEMBERS, seconds: LOAD_SECONDS, instances: 1 });
  record(figures, 'one', one);
  log(`    ${describe(one)}`);
  log(`  two instances behind Redis (Postgres storage), members alternating between them`);
  const two = await loadRun(log, { members: LOAD_MEMBERS, seconds: LOAD_SECONDS, instances: 2 });
  record(figures, 'two', two);
  log(`    ${describe(two)}`);
}
