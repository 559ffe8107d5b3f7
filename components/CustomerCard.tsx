import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { CaseStatus, Customer, CustomerNote } from '@/lib/db/types';
import { STATUS_LABELS } from '@/lib/content/badge-label';
import type { CustomerActions } from './customer-actions';

export interface CustomerCardProps {
  /** null: no record yet (the first note or tag creates it). */
  customer: Customer | null;
  handle: string;
  displayName: string;
  actions: CustomerActions;
  onError: (message: string) => void;
}

function formatDate(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The customer card: who this is, what we know and promised. Used in X's page (inside the
 * panel's shadow root) and in the dashboard. Every text is rendered as text, never as HTML.
 */
export function CustomerCard({ customer, handle, displayName, actions, onError }: CustomerCardProps) {
  const headingId = useId();
  const fail = (error: unknown) => onError(error instanceof Error ? error.message : String(error));
  const name = customer?.displayName || displayName;
  return (
    <section className="hb-card" aria-labelledby={headingId}>
      <header className="hb-card-header">
        <h2 id={headingId} className="hb-card-name" dir="auto">
          {name}
        </h2>
        <div className="hb-card-handle">
          @{customer?.handle ?? handle}
          {customer?.handleHistory.length ? (
            <span className="hb-muted"> · formerly {customer.handleHistory.map((h) => `@${h.handle}`).join(', ')}</span>
          ) : null}
        </div>
      </header>
      <StatusPicker
        status={customer?.status ?? 'none'}
        onChange={(status) => actions.update({ status }).catch(fail)}
      />
      <TagEditor tags={customer?.tags ?? []} onChange={(tags) => actions.update({ tags }).catch(fail)} />
      <Notes customer={customer} actions={actions} fail={fail} />
    </section>
  );
}

function StatusPicker({ status, onChange }: { status: CaseStatus; onChange: (s: CaseStatus) => void }) {
  const id = useId();
  return (
    <div className="hb-row">
      <label htmlFor={id}>Case</label>
      <select id={id} value={status} onChange={(e) => onChange(e.target.value as CaseStatus)}>
        {(Object.keys(STATUS_LABELS) as CaseStatus[]).map((s) => (
          <option key={s} value={s}>
            {STATUS_LABELS[s]}
          </option>
        ))}
      </select>
    </div>
  );
}

function TagEditor({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const add = () => {
    const next = draft
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    setDraft('');
    if (next.length) onChange([...new Set([...tags, ...next])]);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add();
    } else if (e.key === 'Backspace' && !draft && tags.length) {
      onChange(tags.slice(0, -1));
    }
  };
  return (
    <div className="hb-row hb-tags">
      <label htmlFor={id}>Tags</label>
      <ul className="hb-tag-list" aria-label="Tags">
        {tags.map((tag) => (
          <li key={tag} className="hb-tag" dir="auto">
            {tag}
            <button type="button" aria-label={`Remove tag ${tag}`} onClick={() => onChange(tags.filter((t) => t !== tag))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        id={id}
        value={draft}
        placeholder="Add a tag"
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={add}
      />
    </div>
  );
}

function Notes({
  customer,
  actions,
  fail,
}: {
  customer: Customer | null;
  actions: CustomerActions;
  fail: (e: unknown) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const text = draft.trim();
    if (!text || saving) return;
    setSaving(true);
    try {
      await actions.addNote(text);
      setDraft('');
    } catch (error) {
      fail(error);
    } finally {
      setSaving(false);
    }
  };
  const notes = [...(customer?.notes ?? [])].sort((a, b) => b.createdAt - a.createdAt);
  return (
    <div className="hb-notes">
      <label htmlFor={id}>New note</label>
      <textarea
        id={id}
        value={draft}
        rows={3}
        placeholder="What should the team remember? (Ctrl+Enter saves)"
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <button type="button" className="hb-primary" disabled={!draft.trim() || saving} onClick={() => void save()}>
        Save note
      </button>
      {notes.length > 0 && (
        <ol className="hb-note-list" aria-label="Notes, newest first">
          {notes.map((note) => (
            <NoteItem key={note.id} note={note} customerKey={customer!.key} actions={actions} fail={fail} />
          ))}
        </ol>
      )}
    </div>
  );
}

/** A saved note; edits are saved when the field loses focus. */
function NoteItem({
  note,
  customerKey,
  actions,
  fail,
}: {
  note: CustomerNote;
  customerKey: string;
  actions: CustomerActions;
  fail: (e: unknown) => void;
}) {
  const [text, setText] = useState(note.text);
  useEffect(() => setText(note.text), [note.text]);
  const commit = () => {
    if (text !== note.text && text.trim()) actions.updateNote(customerKey, note.id, text).catch(fail);
  };
  return (
    <li className="hb-note">
      <textarea
        aria-label={`Note from ${formatDate(note.createdAt)}`}
        value={text}
        dir="auto"
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
      />
      <div className="hb-note-meta">
        <time dateTime={new Date(note.createdAt).toISOString()}>{formatDate(note.createdAt)}</time>
        {note.updatedAt !== note.createdAt && <span className="hb-muted"> · edited</span>}
        <button
          type="button"
          className="hb-link"
          aria-label={`Delete note from ${formatDate(note.createdAt)}`}
          onClick={() => actions.deleteNote(customerKey, note.id).catch(fail)}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
