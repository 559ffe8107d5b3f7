import { afterAll, afterEach, beforeAll } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../server/support/server-process';
import { newTeam, type TeamMember } from './team';

/**
 * For a test file of the team desk: one team server process (embedded storage) for the whole
 * file, and every member a test opens closed after that test.
 */
export function teamServerPerFile() {
  let server: ServerProcess | undefined;
  const open: TeamMember[] = [];
  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterEach(async () => {
    for (const member of open.splice(0)) await member.close().catch(() => undefined);
  });
  afterAll(async () => {
    await server?.stop();
    server?.cleanup();
  });
  return {
    server: (): ServerProcess => server!,
    /** Starts the stopped server again, on its port and storage. */
    startAgain: async (): Promise<void> => {
      server = await startServerProcess(server!.options);
    },
    /** Closes these members after the test too. */
    keep: (...members: TeamMember[]) => void open.push(...members),
    /** A new team with two members, Ana and Ben, each in their own browser. */
    anaAndBen: async (): Promise<[TeamMember, TeamMember]> => {
      const [ana, ben] = await newTeam([server!], ['Ana', 'Ben']);
      open.push(ana!, ben!);
      return [ana!, ben!];
    },
  };
}
