import { useId } from 'react';
import { Status } from '@/components/templates/library-ui';
import { JoinTeam } from './JoinTeam';
import { TeamLead } from './TeamLead';
import { InTeam, RemovedFromTeam } from './TeamStatusCard';
import { useTeamStatus } from './team-ui';
import '@/components/templates/library.css';
import './team.css';

/**
 * Team mode: join a team with an invite (or, as team lead, create one on the team server), see
 * the connection, what is still to send and the members, and leave. The status comes from the
 * worker (team.status, polled every second while the tab is shown). Joining or leaving changes
 * the book every page reads, so the dashboard reloads itself then (lib/team/page-book.ts).
 */
export function TeamSection() {
  const headingId = useId();
  const { status, error, set } = useTeamStatus();
  const inTeam = status && (status.state === 'connecting' || status.state === 'connected' || status.state === 'offline');

  return (
    <section className="hb-lib-section hb-team" aria-labelledby={headingId} data-team-section="">
      <h2 id={headingId}>Team</h2>
      <p className="hb-lib-intro">
        Work on one customer book with your team, through a Handlebook team server. Changes you make while the server is out of reach are kept
        and sent later.
      </p>
      {error && <Status kind="error">Could not read the team status: {error}</Status>}
      {!status && !error && <p className="hb-lib-muted">Loading…</p>}
      {status?.state === 'none' && (
        <>
          <p className="hb-lib-muted hb-team-none" data-team-state="none">
            This browser is not in a team: Handlebook shows your personal book.
          </p>
          <JoinTeam onJoined={set} />
          <TeamLead />
        </>
      )}
      {status?.state === 'removed' && <RemovedFromTeam status={status} onDismissed={set} />}
      {status && inTeam && (
        <>
          <InTeam status={status} onLeft={set} />
          <TeamLead server={status.server} teamId={status.teamId} />
        </>
      )}
    </section>
  );
}
