import { useId, useRef, useState } from 'react';
import { createInvite, createTeam, listMembers, revokeMember } from '@/lib/team/admin-client';
import type { MemberListEntry, MemberRole } from '@/lib/team/server-api';
import { Clip, errorText, Field, formatDate, formatDateTime, Status } from '@/components/templates/library-ui';
import { DEFAULT_SERVER, roleText } from './team-ui';

type Line = { kind: 'ok' | 'error' | 'info'; text: string } | null;

/**
 * The team lead's part, folded away by default: create a team on the server with the admin token,
 * hand out invites, see and revoke members. The admin token lives in this component's state only:
 * it is never stored, and goes only to the server typed next to it.
 */
export function TeamLead({ server: knownServer, teamId: knownTeamId }: { server?: string | undefined; teamId?: string | undefined }) {
  const [server, setServer] = useState(knownServer ?? DEFAULT_SERVER);
  const [token, setToken] = useState('');
  const [teamName, setTeamName] = useState('');
  const [teamId, setTeamId] = useState(knownTeamId ?? '');
  const [invite, setInvite] = useState<{ invite: string; role: MemberRole } | null>(null);
  const [role, setRole] = useState<MemberRole>('agent');
  const [members, setMembers] = useState<MemberListEntry[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [createLine, setCreateLine] = useState<Line>(null);
  const [inviteLine, setInviteLine] = useState<Line>(null);
  const [membersLine, setMembersLine] = useState<Line>(null);
  const inviteRef = useRef<HTMLInputElement>(null);
  const inviteHelpId = useId();

  const needToken = (set: (line: Line) => void): boolean => {
    if (token.trim() !== '') return false;
    set({ kind: 'error', text: 'Enter the admin token first.' });
    return true;
  };
  const needTeam = (set: (line: Line) => void): boolean => {
    if (needToken(set)) return true;
    if (teamId.trim() !== '') return false;
    set({ kind: 'error', text: 'Create a team first, or enter its team id.' });
    return true;
  };

  const run = async (set: (line: Line) => void, work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      set({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  const loadMembers = (id = teamId) =>
    run(setMembersLine, async () => {
      setMembers(await listMembers(server, token, id));
      setMembersLine(null);
    });

  const create = () => {
    if (needToken(setCreateLine)) return;
    if (teamName.trim() === '') return setCreateLine({ kind: 'error', text: 'Give the team a name.' });
    setCreateLine({ kind: 'info', text: 'Creating the team…' });
    void run(setCreateLine, async () => {
      const created = await createTeam(server, token, teamName);
      setTeamId(created.teamId);
      setInvite({ invite: created.invite, role: 'agent' });
      setInviteLine(null);
      setMembers([]);
      setMembersLine(null);
      setCreateLine({ kind: 'ok', text: `Team “${teamName.trim()}” created. Hand the invitation below to your first agent.` });
    });
  };

  const another = () => {
    if (needTeam(setInviteLine)) return;
    setInviteLine({ kind: 'info', text: 'Making an invitation…' });
    void run(setInviteLine, async () => {
      const made = await createInvite(server, token, teamId, role);
      setInvite({ invite: made.invite, role });
      setInviteLine({ kind: 'ok', text: `A new ${roleText(role).toLowerCase()} invitation. It works once.` });
    });
  };

  const copy = async () => {
    if (!invite) return;
    try {
      await navigator.clipboard.writeText(invite.invite);
      setInviteLine({ kind: 'ok', text: 'Copied.' });
    } catch {
      inviteRef.current?.select();
      setInviteLine({ kind: 'info', text: 'Could not copy: it is selected, copy it with Ctrl+C (⌘C).' });
    }
  };

  const revoke = (member: MemberListEntry) => {
    if (needTeam(setMembersLine)) return;
    void run(setMembersLine, async () => {
      const revoked = await revokeMember(server, token, teamId, member.memberId);
      setMembers((list) => (list ?? []).map((m) => (m.memberId === revoked.memberId ? { ...m, revokedAt: revoked.revokedAt } : m)));
      setMembersLine({ kind: 'ok', text: `${member.name} was removed from the team. Their browser drops the team's data within seconds.` });
    });
  };

  return (
    <details className="hb-lib-card hb-team-lead">
      <summary>{knownTeamId ? 'Team lead: invitations and members' : 'Start a team (team lead)'}</summary>
      <p className="hb-lib-muted hb-lib-small">
        The admin token: <code>npm run server</code> prints where it keeps it (<code>.handlebook-server/admin-token</code>, or the{' '}
        <code>HANDLEBOOK_ADMIN_TOKEN</code> it was started with). It is only kept while this page is open.
      </p>
      <div className="hb-lib-fields">
        <Field label="Team server">
          {(p) => <input {...p} type="url" value={server} onChange={(e) => setServer(e.target.value)} spellCheck={false} autoComplete="off" />}
        </Field>
        <Field label="Admin token">
          {(p) => (
            <input {...p} type="password" value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false} autoComplete="off" />
          )}
        </Field>
      </div>

      <form
        className="hb-team-lead-step"
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <div className="hb-lib-row hb-team-align-end">
          <Field label="Team name">
            {(p) => <input {...p} type="text" value={teamName} maxLength={100} onChange={(e) => setTeamName(e.target.value)} autoComplete="off" />}
          </Field>
          <button type="submit" className="hb-lib-btn hb-lib-btn-primary" disabled={busy}>
            Create team
          </button>
        </div>
        {createLine && <Status kind={createLine.kind}>{createLine.text}</Status>}
      </form>

      <div className="hb-team-lead-step">
        <div className="hb-lib-row hb-team-align-end">
          <Field label="Team id" help="Filled in when you create a team; type it to manage a team made earlier.">
            {(p) => (
              <input
                {...p}
                type="text"
                value={teamId}
                onChange={(e) => {
                  setTeamId(e.target.value);
                  setMembers(null);
                }}
                spellCheck={false}
                autoComplete="off"
                data-team-id={teamId || undefined}
              />
            )}
          </Field>
        </div>
        {invite && (
          <div className="hb-lib-field">
            <label className="hb-lib-label" htmlFor={`${inviteHelpId}-field`}>
              {roleText(invite.role)} invitation (works once)
            </label>
            <div className="hb-lib-row">
              <input
                ref={inviteRef}
                id={`${inviteHelpId}-field`}
                className="hb-lib-grow hb-team-secret"
                type="text"
                readOnly
                value={invite.invite}
                onFocus={(e) => e.currentTarget.select()}
                data-team-invite={invite.role}
              />
              <button type="button" className="hb-lib-btn" onClick={() => void copy()}>
                Copy
              </button>
            </div>
          </div>
        )}
        <div className="hb-lib-row">
          <label className="hb-lib-check">
            Role
            <select value={role} onChange={(e) => setRole(e.target.value as MemberRole)}>
              <option value="agent">Agent (reads and writes)</option>
              <option value="viewer">Viewer (reads only)</option>
            </select>
          </label>
          <button type="button" className="hb-lib-btn" onClick={another} disabled={busy}>
            Make another invite
          </button>
        </div>
        {inviteLine && <Status kind={inviteLine.kind}>{inviteLine.text}</Status>}
      </div>

      <div className="hb-team-lead-step">
        <div className="hb-lib-row">
          <h4 className="hb-team-subtitle-inline hb-lib-grow">Members</h4>
          <button type="button" className="hb-lib-btn" onClick={() => !needTeam(setMembersLine) && void loadMembers()} disabled={busy}>
            {members ? 'Refresh members' : 'Show members'}
          </button>
        </div>
        {members && members.length === 0 && <p className="hb-lib-muted hb-lib-small">Nobody has joined yet.</p>}
        {members && members.length > 0 && (
          <ul className="hb-team-members" aria-label="Members on the server">
            {members.map((m) => (
              <AdminMemberRow key={m.memberId} member={m} busy={busy} onRevoke={() => revoke(m)} />
            ))}
          </ul>
        )}
        {membersLine && <Status kind={membersLine.kind}>{membersLine.text}</Status>}
      </div>
    </details>
  );
}

function AdminMemberRow({ member, busy, onRevoke }: { member: MemberListEntry; busy: boolean; onRevoke: () => void }) {
  const [confirm, setConfirm] = useState(false);
  const revoked = member.revokedAt !== null;
  return (
    <li className="hb-team-member" data-admin-member-id={member.memberId} data-revoked={revoked ? 'true' : undefined}>
      <span className="hb-team-member-name">
        <Clip>{member.name}</Clip>
      </span>
      <span className="hb-lib-badge">{roleText(member.role)}</span>
      <span className="hb-lib-muted hb-lib-small">joined {formatDate(member.joinedAt)}</span>
      {revoked && (
        <span className="hb-lib-badge hb-lib-badge-warn" title={`Removed ${formatDateTime(member.revokedAt ?? undefined)}`}>
          removed
        </span>
      )}
      <span className="hb-lib-grow" />
      {!revoked &&
        (confirm ? (
          <span className="hb-lib-row" role="group" aria-label={`Confirm removing ${member.name}`}>
            <span className="hb-lib-small">Their browser loses the team&apos;s data.</span>
            <button
              type="button"
              className="hb-lib-btn hb-lib-btn-danger"
              disabled={busy}
              onClick={() => {
                setConfirm(false);
                onRevoke();
              }}
            >
              Yes, revoke
            </button>
            <button type="button" className="hb-lib-btn" onClick={() => setConfirm(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" className="hb-lib-btn hb-lib-btn-danger" aria-label={`Revoke ${member.name}`} onClick={() => setConfirm(true)} disabled={busy}>
            Revoke
          </button>
        ))}
    </li>
  );
}
