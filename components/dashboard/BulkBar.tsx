import { useId, useState } from 'react';
import type { CaseStatus } from '@/lib/db/types';
import type { TeamRoster } from '@/lib/messages/protocol';
import { STATUS_LABELS } from '@/lib/content/badge-label';
import { LIMITS } from '@/lib/messages/entities';
import { formatCount } from './format';

export interface BulkBarProps {
  selected: number;
  /** Selected customers the current filters hide. */
  hidden: number;
  matching: number;
  busy: boolean;
  knownTags: readonly string[];
  /** Tags carried by at least one selected customer (what "remove tag" can remove). */
  selectedTags: readonly string[];
  onSelectAll: () => void;
  onClear: () => void;
  onAddTag: (tag: string) => void;
  onRemoveTag: (tag: string) => void;
  onSetStatus: (status: CaseStatus) => void;
  /** Team mode: assign every selected case (a member id, or null: unassign). Absent outside a team. */
  onAssign?: (to: string | null) => void;
  roster?: TeamRoster;
  onDelete: () => void;
}

/** What can be done to every selected customer at once. */
export function BulkBar(props: BulkBarProps) {
  const ids = { add: useId(), addList: useId(), remove: useId(), status: useId(), owner: useId() };
  const [owner, setOwner] = useState('');
  const [addTag, setAddTag] = useState('');
  const [removeTag, setRemoveTag] = useState('');
  const [status, setStatus] = useState<CaseStatus>('resolved');
  const tagToAdd = addTag.trim();
  const tagToRemove = props.selectedTags.includes(removeTag) ? removeTag : (props.selectedTags[0] ?? '');
  return (
    <section className="hb-bulk" aria-label="Bulk actions" aria-busy={props.busy}>
      <p className="hb-bulk-count" aria-live="polite">
        <strong>{formatCount(props.selected)} selected</strong>
        {props.hidden > 0 && <span className="hb-muted"> ({formatCount(props.hidden)} hidden by filters)</span>}
      </p>
      {props.selected - props.hidden < props.matching && (
        <button type="button" className="hb-btn hb-btn-quiet" onClick={props.onSelectAll} disabled={props.busy}>
          Select all {formatCount(props.matching)} matching
        </button>
      )}
      <button type="button" className="hb-btn hb-btn-quiet" onClick={props.onClear} disabled={props.busy}>
        Clear selection
      </button>
      <span className="hb-bulk-sep" aria-hidden="true" />
      <form
        className="hb-bulk-group"
        onSubmit={(e) => {
          e.preventDefault();
          if (!tagToAdd) return;
          props.onAddTag(tagToAdd);
          setAddTag('');
        }}
      >
        <label htmlFor={ids.add} className="hb-sr-only">
          Tag to add to the selected customers
        </label>
        <input
          id={ids.add}
          className="hb-input hb-input-small"
          list={ids.addList}
          value={addTag}
          maxLength={LIMITS.tagChars}
          placeholder="Tag"
          autoComplete="off"
          dir="auto"
          onChange={(e) => setAddTag(e.target.value)}
        />
        <datalist id={ids.addList}>
          {props.knownTags.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <button type="submit" className="hb-btn" disabled={props.busy || !tagToAdd}>
          Add tag
        </button>
      </form>
      <form
        className="hb-bulk-group"
        onSubmit={(e) => {
          e.preventDefault();
          if (tagToRemove) props.onRemoveTag(tagToRemove);
        }}
      >
        <label htmlFor={ids.remove} className="hb-sr-only">
          Tag to remove from the selected customers
        </label>
        <select
          id={ids.remove}
          className="hb-input hb-input-small"
          value={tagToRemove}
          disabled={!props.selectedTags.length}
          onChange={(e) => setRemoveTag(e.target.value)}
        >
          {!props.selectedTags.length && <option value="">No tags</option>}
          {props.selectedTags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <button type="submit" className="hb-btn" disabled={props.busy || !tagToRemove}>
          Remove tag
        </button>
      </form>
      <form
        className="hb-bulk-group"
        onSubmit={(e) => {
          e.preventDefault();
          props.onSetStatus(status);
        }}
      >
        <label htmlFor={ids.status} className="hb-sr-only">
          Case status for the selected customers
        </label>
        <select id={ids.status} className="hb-input hb-input-small" value={status} onChange={(e) => setStatus(e.target.value as CaseStatus)}>
          {(Object.keys(STATUS_LABELS) as CaseStatus[]).map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <button type="submit" className="hb-btn" disabled={props.busy}>
          Set status
        </button>
      </form>
      {props.onAssign && props.roster?.me && (
        <form
          className="hb-bulk-group"
          onSubmit={(e) => {
            e.preventDefault();
            props.onAssign!(owner || null);
          }}
        >
          <label htmlFor={ids.owner} className="hb-sr-only">
            Owner for the selected cases
          </label>
          <select id={ids.owner} className="hb-input hb-input-small" value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="">Unassigned</option>
            {props.roster.members.map((m) => (
              <option key={m.member} value={m.member}>
                {m.member === props.roster!.me!.member ? `Me (${m.name})` : m.name}
              </option>
            ))}
          </select>
          <button type="submit" className="hb-btn" disabled={props.busy}>
            Assign
          </button>
        </form>
      )}
      <span className="hb-bulk-sep" aria-hidden="true" />
      <button type="button" className="hb-btn hb-btn-danger" onClick={props.onDelete} disabled={props.busy}>
        Delete {formatCount(props.selected)}
      </button>
    </section>
  );
}
