import { useId } from 'react';
import type { Assignee } from '@/lib/db/types';
import type { TeamRoster } from '@/lib/messages/protocol';

/**
 * Who owns this customer's case (team mode): nobody, me, or another agent. A member no longer
 * in the roster (removed since) still shows as the owner until someone changes it.
 */
export function AssigneePicker({ assignee, roster, onChange }: { assignee: Assignee | undefined; roster: TeamRoster; onChange: (to: string | null) => void }) {
  const id = useId();
  const me = roster.me;
  if (!me) return null;
  const others = roster.members.filter((m) => m.member !== me.member);
  const gone = assignee && assignee.member !== me.member && !others.some((m) => m.member === assignee.member);
  return (
    <div className="hb-row">
      <label htmlFor={id}>Owner</label>
      <select id={id} value={assignee?.member ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">Unassigned</option>
        <option value={me.member}>Me ({me.name})</option>
        {others.map((m) => (
          <option key={m.member} value={m.member}>
            {m.name}
          </option>
        ))}
        {gone && <option value={assignee.member}>{assignee.name} (no longer in the team)</option>}
      </select>
    </div>
  );
}
