// One canned reply's editor: placeholder mistakes shown as you type (Save stays disabled until
// they are fixed), the reply's length as X counts it, and, for a reply whose pack changed after
// you edited it, the choice between yours and the pack's. Every change is a message to the
// background.

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Template } from '@/lib/db/types';
import { request } from '@/lib/messages/client';
import { KNOWN_VARIABLES, VARIABLE_DESCRIPTIONS } from '@/lib/text/templates';
import { measure } from '@/lib/text/budget';
import { Clip, errorText, Field, formatDate, plural, Status } from './library-ui';
import { checkForm, EMPTY_FORM, formOf, tagsOf, type Form } from './template-form';

interface EditorProps {
  template: Template | undefined;
  packName: string | undefined;
  charLimit: number;
  folders: string[];
  shortcutOwners: Map<string, Template>;
  onSaved: (id: string) => void;
  onClosed: () => void;
}

export function TemplateEditor({ template, packName, charLimit, folders, shortcutOwners, onSaved, onClosed }: EditorProps) {
  const [form, setForm] = useState<Form>(() => (template ? formOf(template) : EMPTY_FORM));
  const [saved, setSaved] = useState<Form>(() => (template ? formOf(template) : EMPTY_FORM));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const ids = useId();
  const dirty = JSON.stringify(form) !== JSON.stringify(saved);

  // A change saved elsewhere (another tab, a pack update) shows up when there is no unsaved edit.
  useEffect(() => {
    if (!template) return;
    const fresh = formOf(template);
    if (!dirty && JSON.stringify(fresh) !== JSON.stringify(saved)) {
      setForm(fresh);
      setSaved(fresh);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [template]);

  const check = useMemo(() => checkForm(form), [form]);
  const budget = useMemo(() => measure(form.body, { limit: charLimit }), [form.body, charLimit]);
  const shortcut = form.shortcut.trim().replace(/^;/, '');
  const clash = shortcut ? shortcutOwners.get(shortcut.toLowerCase()) : undefined;
  const clashOther = clash && clash.id !== template?.id ? clash : undefined;

  const set = (field: keyof Form) => (e: { target: { value: string } }) => {
    setMessage(null);
    setForm((f) => ({ ...f, [field]: e.target.value }));
  };

  const insertVariable = (name: string) => {
    const el = bodyRef.current;
    const token = `{{${name}}}`;
    const start = el?.selectionStart ?? form.body.length;
    const end = el?.selectionEnd ?? form.body.length;
    const body = form.body.slice(0, start) + token + form.body.slice(end);
    setForm((f) => ({ ...f, body }));
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const save = async () => {
    if (!check.ok || busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const draft = {
        ...(template ? { id: template.id } : {}),
        title: form.title.trim(),
        body: form.body,
        ...(shortcut ? { shortcut } : {}),
        ...(form.folder.trim() ? { folder: form.folder.trim() } : {}),
        tags: tagsOf(form.tags),
        ...(form.lang.trim() ? { lang: form.lang.trim() } : {}),
      };
      const { template: stored } = await request('templates.save', { draft });
      const fresh = formOf(stored);
      setForm(fresh);
      setSaved(fresh);
      setMessage({ kind: 'ok', text: 'Saved.' });
      onSaved(stored.id);
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  const duplicate = async () => {
    if (!template) return;
    setBusy(true);
    try {
      const { template: copy } = await request('templates.duplicate', { id: template.id });
      onSaved(copy.id);
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!template) return;
    setBusy(true);
    try {
      await request('templates.delete', { ids: [template.id] });
      onClosed();
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
      setBusy(false);
    }
  };

  const resolve = async (choice: 'take-theirs' | 'keep-mine') => {
    if (!template) return;
    setBusy(true);
    setMessage(null);
    try {
      const { template: stored } = await request('templates.resolveUpstream', { id: template.id, choice });
      const fresh = formOf(stored);
      setForm(fresh);
      setSaved(fresh);
      setMessage({ kind: 'ok', text: choice === 'take-theirs' ? "Replaced with the pack's version." : 'Kept your version.' });
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  // Title and body say "required" only once the person started typing.
  const shownError = (field: 'title' | 'body') => (check.fields[field] && (form[field] !== '' || dirty) ? check.fields[field] : undefined);

  return (
    <form
      className="hb-lib-card hb-tpl-editor"
      aria-label={template ? 'Edit reply' : 'New reply'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="hb-lib-row">
        <h3 className="hb-lib-grow" style={{ margin: 0 }}>
          {template ? <Clip>{template.title}</Clip> : 'New reply'}
        </h3>
        {template?.source && (
          <span className="hb-lib-badge hb-lib-badge-accent" title={`From the pack ${packName ?? template.source.packId}`}>
            Pack: {packName ?? template.source.packId}
            {template.source.edited ? ' · edited' : ''}
          </span>
        )}
      </div>

      {template?.source?.upstreamChanged && (
        <div className="hb-tpl-upstream" role="region" aria-label="Pack updated upstream">
          <p>
            <strong>Pack updated upstream; you kept your edit.</strong>{' '}
            <span className="hb-lib-muted">
              The pack <bdi>{packName ?? template.source.packId}</bdi> has a newer version of this reply. Keep yours, or take the pack&apos;s version
              (your text is replaced).
            </span>
          </p>
          <div className="hb-lib-row">
            <button type="button" className="hb-lib-btn" disabled={busy} onClick={() => void resolve('take-theirs')}>
              Take theirs
            </button>
            <button type="button" className="hb-lib-btn hb-lib-btn-quiet" disabled={busy} onClick={() => void resolve('keep-mine')}>
              Keep mine
            </button>
          </div>
        </div>
      )}

      <Field label="Title" error={shownError('title')}>
        {(p) => <input {...p} type="text" value={form.title} onChange={set('title')} maxLength={400} />}
      </Field>

      <div className="hb-lib-field">
        <label htmlFor={`${ids}-body`} className="hb-lib-label">
          Reply text
        </label>
        <textarea
          id={`${ids}-body`}
          ref={bodyRef}
          value={form.body}
          onChange={set('body')}
          rows={8}
          dir="auto"
          aria-invalid={check.bodyErrors.length > 0 || !!shownError('body')}
          aria-describedby={`${ids}-body-problems ${ids}-budget${shownError('body') ? ` ${ids}-body-error` : ''}`}
        />
        {shownError('body') && (
          <span className="hb-lib-field-error" id={`${ids}-body-error`}>
            {shownError('body')}
          </span>
        )}
      </div>
      <div className="hb-lib-row">
        <span id={`${ids}-budget`} className="hb-tpl-meter" data-over={budget.weightedLength > charLimit} aria-label="Length as X counts it">
          {budget.weightedLength.toLocaleString()} / {charLimit.toLocaleString()}
          {budget.weightedLength > charLimit ? ` · ${(budget.weightedLength - charLimit).toLocaleString()} over` : ''}
        </span>
        <span className="hb-lib-muted hb-lib-small">length as X counts it, before placeholders are filled in</span>
      </div>
      <div id={`${ids}-body-problems`} aria-live="polite">
        {check.bodyErrors.length > 0 && (
          <div className="hb-lib-errors">
            <p className="hb-lib-errors-title">Fix the placeholders before saving:</p>
            <ul aria-label="Placeholder problems">
              {check.bodyErrors.map((e, i) => (
                <li key={i}>
                  Line {e.line}: <bdi className="hb-lib-wrap">{e.message}</bdi>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <details>
        <summary className="hb-lib-label" style={{ cursor: 'pointer' }}>
          Placeholders
        </summary>
        <p className="hb-lib-muted hb-lib-small" style={{ margin: '6px 0' }}>
          Click one to insert it. <code>{'{{first_name|there}}'}</code> gives a fallback, <code>{'{{field.order_id}}'}</code> reads a customer
          field, <code>{'{{?order number}}'}</code> asks you before inserting.
        </p>
        <ul className="hb-tpl-vars" aria-label="Placeholders">
          {KNOWN_VARIABLES.map((name) => (
            <li key={name}>
              <button type="button" title={VARIABLE_DESCRIPTIONS[name]} onClick={() => insertVariable(name)}>
                {`{{${name}}}`}
              </button>{' '}
              <span className="hb-lib-muted hb-lib-small">{VARIABLE_DESCRIPTIONS[name]}</span>
            </li>
          ))}
        </ul>
      </details>

      <div className="hb-tpl-editor-grid">
        <Field
          label="Shortcut"
          error={check.fields.shortcut}
          help={clashOther && !check.fields.shortcut ? <>Also used by “<bdi>{clashOther.title}</bdi>”.</> : undefined}
        >
          {(p) => (
            <span className="hb-lib-prefix">
              <span aria-hidden="true">;</span>
              <input {...p} type="text" value={form.shortcut} onChange={set('shortcut')} spellCheck={false} />
            </span>
          )}
        </Field>
        <Field label="Folder" error={check.fields.folder}>
          {(p) => (
            <>
              <input {...p} type="text" value={form.folder} onChange={set('folder')} list={`${ids}-folders`} />
              <datalist id={`${ids}-folders`}>
                {folders.map((f) => (
                  <option key={f} value={f} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="Tags" error={check.fields.tags}>
          {(p) => <input {...p} type="text" value={form.tags} onChange={set('tags')} placeholder="refund, shipping" />}
        </Field>
        <Field label="Language" error={check.fields.lang}>
          {(p) => <input {...p} type="text" value={form.lang} onChange={set('lang')} placeholder="en" spellCheck={false} />}
        </Field>
      </div>

      {template && (
        <p className="hb-tpl-stats" aria-label="Usage">
          <span>{template.usageCount > 0 ? `Used ${plural(template.usageCount, 'time')}` : 'Never used'}</span>
          <span>Last used: {formatDate(template.lastUsedAt)}</span>
          <span>Updated: {formatDate(template.updatedAt)}</span>
        </p>
      )}

      {message && <Status kind={message.kind}>{message.text}</Status>}

      <div className="hb-lib-row">
        <button type="submit" className="hb-lib-btn hb-lib-btn-primary" disabled={!check.ok || busy || (!!template && !dirty)}>
          Save
        </button>
        {dirty && template && (
          <button type="button" className="hb-lib-btn" onClick={() => setForm(saved)} disabled={busy}>
            Discard changes
          </button>
        )}
        <span className="hb-lib-grow" />
        {template && (
          <>
            <button type="button" className="hb-lib-btn" onClick={() => void duplicate()} disabled={busy}>
              Duplicate
            </button>
            {confirmDelete ? (
              <span className="hb-lib-row" role="group" aria-label="Confirm delete">
                <span>Delete this reply?</span>
                <button type="button" className="hb-lib-btn hb-lib-btn-danger" onClick={() => void remove()} disabled={busy}>
                  Yes, delete
                </button>
                <button type="button" className="hb-lib-btn" onClick={() => setConfirmDelete(false)}>
                  Cancel
                </button>
              </span>
            ) : (
              <button type="button" className="hb-lib-btn hb-lib-btn-danger" onClick={() => setConfirmDelete(true)} disabled={busy}>
                Delete
              </button>
            )}
          </>
        )}
        {!template && (
          <button type="button" className="hb-lib-btn" onClick={onClosed}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
