import { useEffect, useId, useRef, useState } from 'react';
import type { Customer, CustomerNote } from '@/lib/db/types';
import type { CustomerActions } from '../customer-actions';
import { formatDate } from './format';

const AUTOSAVE_MS = 800;

/** New note field plus the saved notes, newest first; edits save themselves. */
export function Notes({ customer, actions, fail }: { customer: Customer | null; actions: CustomerActions; fail: (e: unknown) => void }) {
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
        dir="auto"
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
      {notes.length > 0 && customer && (
        <ol className="hb-note-list" aria-label="Notes, newest first">
          {notes.map((note) => (
            <NoteItem key={note.id} note={note} customerKey={customer.key} actions={actions} fail={fail} />
          ))}
        </ol>
      )}
    </div>
  );
}

/** A saved note; edits autosave shortly after typing stops, and on leaving the field. */
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
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef(note.text);
  useEffect(() => {
    // Another tab edited it: take theirs unless we are mid-edit.
    if (timer.current === undefined) setText(note.text);
    latest.current = note.text;
  }, [note.text]);
  const commit = (value: string) => {
    clearTimeout(timer.current);
    timer.current = undefined;
    if (value !== latest.current && value.trim()) {
      latest.current = value;
      actions.updateNote(customerKey, note.id, value).catch(fail);
    }
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <li className="hb-note">
      <textarea
        aria-label={`Note from ${formatDate(note.createdAt)}`}
        value={text}
        dir="auto"
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        onChange={(e) => {
          const value = e.target.value;
          setText(value);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(value), AUTOSAVE_MS);
        }}
        onBlur={() => commit(text)}
      />
      <div className="hb-note-meta">
        {note.author && <span className="hb-note-author">{note.author} · </span>}
        <time dateTime={new Date(note.createdAt).toISOString()}>{formatDate(note.createdAt)}</time>
        {note.updatedAt !== note.createdAt && <span className="hb-muted"> · edited {formatDate(note.updatedAt)}</span>}
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
