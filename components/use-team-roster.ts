import { useEffect, useState } from 'react';
import { request } from '@/lib/messages/client';
import type { TeamRoster } from '@/lib/messages/protocol';
import { onRosterChange } from '@/lib/team/roster-signal';

const NO_TEAM: TeamRoster = { me: null, members: [] };

/**
 * This member and the team's agents (team.roster) for an extension page; `me` null outside a
 * team. Asked when the page opens and again whenever the worker says the members changed
 * (roster-signal.ts); joining or leaving reloads the page anyway (lib/team/page-book.ts).
 */
export function useTeamRoster(): TeamRoster {
  const [roster, setRoster] = useState<TeamRoster>(NO_TEAM);
  useEffect(() => {
    let live = true;
    const ask = () =>
      request('team.roster', {})
        .then((next) => live && setRoster((r) => (JSON.stringify(r) === JSON.stringify(next) ? r : next)))
        .catch(() => undefined); // The worker restarting: the next change asks again.
    ask();
    const stop = onRosterChange(() => void ask());
    return () => {
      live = false;
      stop();
    };
  }, []);
  return roster;
}
