import { useId, useState } from 'react';
import { request } from '@/lib/messages/client';
import { Clip, errorText, formatDate, formatDateTime, Status } from '@/components/templates/library-ui';
import { formatClock, roleText, type TeamStatus } from './team-ui';

/** Connecting / connected / offline: the team, this member, the connection, what is still to send, the members, leaving. */
export function InTeam({ status, onLeft }: { status: TeamStatus; onLeft: (status: TeamStatus) => void }) {
  const headingId = useId();
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const members = [...(status.members ?? [])].sort(
    (a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || a.joinedAt - b.joinedAt || a.memberId.localeCompare(b.memberId),
  );

  const leave = async () => {
    setBusy(true);
    setError(null);
    try {
      onLeft(await request('team.leave', {}));
    } catch (e) {
      setError(`Not left: ${errorText(e)}`);
      setBusy(false);
    }
  };

  return (
    <div className="hb-lib-card" role="region" aria-labelledby={headingId}>
      <h3 id={headingId} className="hb-team-title">
        <Clip>{status.teamName ?? 'Your team'}</Clip>
      </h3>
      <ConnectionLine status={status} />
      <dl className="hb-team-facts">
        <dt>You</dt>
        <dd>
          <bdi className="hb-lib-wrap">{status.name ?? '—'}</bdi> · {roleText(status.role)}
          {status.role === 'viewer' && <span className="hb-lib-muted"> (you can read the team&apos;s customers but not change them)</span>}
        </dd>
        <dt>Server</dt>
        <dd>
          <code className="hb-lib-path">{status.server ?? '—'}</code>
        </dd>
        <dt>Sending</dt>
        <dd data-team-pending={status.pending}>
          {status.pending > 0
            ? `${status.pending.toLocaleString()} ${status.pending === 1 ? 'change' : 'changes'} waiting to be sent`
            : 'Everything is sent'}
        </dd>
      </dl>

      <h4 className="hb-team-subtitle">Members</h4>
      {members.length === 0 ? (
        <p className="hb-lib-muted hb-lib-small">The members appear once the team server has been reached.</p>
      ) : (
        <ul className="hb-team-members" aria-label="Team members">
          {members.map((m) => (
            <li key={m.memberId} className="hb-team-member" data-member-id={m.memberId} data-revoked={m.revokedAt !== null ? 'true' : undefined}>
              <span className="hb-team-member-name">
                <Clip>{m.name}</Clip>
              </span>
              {m.memberId === status.memberId && <span className="hb-lib-badge hb-lib-badge-accent">you</span>}
              <span className="hb-lib-badge">{roleText(m.role)}</span>
              <span className="hb-lib-muted hb-lib-small">joined {formatDate(m.joinedAt)}</span>
              {m.revokedAt !== null && (
                <span className="hb-lib-badge hb-lib-badge-warn" title={`Removed ${formatDateTime(m.revokedAt)}`}>
                  removed
                </span>
              )}
            </li>
          ))}
        </ul>
      )}

      {error && <Status kind="error">{error}</Status>}
      <div className="hb-lib-row hb-team-actions">
        {confirm ? (
          <span className="hb-lib-row" role="group" aria-label="Confirm leaving">
            <span className="hb-lib-small">
              The team&apos;s customers and replies will be removed from this browser. Your personal book comes back.
              {status.pending > 0 &&
                ` ${status.pending.toLocaleString()} ${status.pending === 1 ? 'change of yours has' : 'changes of yours have'} not reached the team server yet and will be lost: wait until everything is sent.`}
            </span>
            <button type="button" className="hb-lib-btn hb-lib-btn-danger" onClick={() => void leave()} disabled={busy}>
              Yes, leave the team
            </button>
            <button type="button" className="hb-lib-btn" onClick={() => setConfirm(false)} disabled={busy}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" className="hb-lib-btn hb-lib-btn-danger" onClick={() => setConfirm(true)}>
            Leave team
          </button>
        )}
      </div>
    </div>
  );
}

function ConnectionLine({ status }: { status: TeamStatus }) {
  const text =
    status.state === 'connected'
      ? 'Connected'
      : status.state === 'offline'
        ? `Offline${status.offlineSince !== undefined ? ` since ${formatClock(status.offlineSince)}` : ''} — your changes are kept and will be sent when the server is back`
        : 'Connecting…';
  return (
    <p className={`hb-team-state hb-team-state-${status.state}`} data-team-state={status.state} role="status">
      <span className="hb-team-dot" aria-hidden="true" />
      {text}
    </p>
  );
}

/** The server removed this member: the team's data is gone from here; Dismiss forgets the team. */
export function RemovedFromTeam({ status, onDismissed }: { status: TeamStatus; onDismissed: (status: TeamStatus) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dismiss = async () => {
    setBusy(true);
    setError(null);
    try {
      onDismissed(await request('team.leave', {}));
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <div className="hb-lib-card hb-team-removed">
      <p className="hb-lib-status hb-lib-status-warn hb-team-state" data-team-state="removed" role="status">
        You were removed from <bdi className="hb-lib-wrap">{status.teamName ?? 'your team'}</bdi>
        {status.removedAt !== undefined ? ` on ${formatDateTime(status.removedAt)}` : ''}. The team&apos;s data was removed from this browser; your
        personal data is still here.
      </p>
      {error && <Status kind="error">{error}</Status>}
      <div className="hb-lib-row hb-team-actions">
        <button type="button" className="hb-lib-btn" onClick={() => void dismiss()} disabled={busy}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
