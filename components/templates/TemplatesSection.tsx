import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getReadDatabase } from '@/lib/db/reader';
import { readAllTemplates } from '@/lib/db/template-store';
import type { Pack, Template } from '@/lib/db/types';
import { request } from '@/lib/messages/client';
import { TEMPLATE_LIMITS } from '@/lib/messages/entities';
import { KNOWN_VARIABLES, parseTemplate, VARIABLE_DESCRIPTIONS } from '@/lib/text/templates';
import { measure } from '@/lib/text/budget';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { loadSettings, watchSettings } from '@/lib/settings/store';
import { Clip, errorText, Field, formatDate, plural, Status } from './library-ui';
import './library.css';

// The template editor: every canned reply, searchable and filterable by folder, with an editor
// that shows placeholder mistakes as you type (Save stays disabled until they are fixed), the
// reply's length as X counts it, and templates whose pack changed after you edited them.
// Reads the database directly (liveQuery); every change is a message to the background.

const PAGE = 300;
const NO_FOLDER = '\u0000none';

interface Form {
  title: string;
  body: string;
  shortcut: string;
  folder: string;
  tags: string;
  lang: string;
}

const EMPTY_FORM: Form = { title: '', body: '', shortcut: '', folder: '', tags: '', lang: '' };

function formOf(t: Template): Form {
  return { title: t.title, body: t.body, shortcut: t.shortcut ?? '', folder: t.folder ?? '', tags: t.tags.join(', '), lang: t.lang ?? '' };
}

function chars(s: string): number {
  return Array.from(s).length;
}

function tagsOf(text: string): string[] {
  return [...new Set(text.split(/[,;\n]/).map((t) => t.trim()).filter(Boolean))];
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

interface FormCheck {
  fields: Partial<Record<keyof Form, string>>;
  bodyErrors: { message: string; line: number }[];
  ok: boolean;
}

function checkForm(form: Form): FormCheck {
  const fields: FormCheck['fields'] = {};
  if (form.title.trim() === '') fields.title = 'A title is required.';
  else if (chars(form.title.trim()) > TEMPLATE_LIMITS.title) fields.title = `At most ${TEMPLATE_LIMITS.title} characters.`;
  if (form.body.trim() === '') fields.body = 'The reply text is required.';
  else if (form.body.length > TEMPLATE_LIMITS.body) fields.body = `At most ${TEMPLATE_LIMITS.body.toLocaleString()} characters.`;
  const shortcut = form.shortcut.trim().replace(/^;/, '');
  if (/[\s;]/.test(shortcut)) fields.shortcut = 'No spaces or ";" in a shortcut.';
  else if (shortcut.length > TEMPLATE_LIMITS.shortcut) fields.shortcut = `At most ${TEMPLATE_LIMITS.shortcut} characters.`;
  if (form.folder.trim().length > TEMPLATE_LIMITS.folder) fields.folder = `At most ${TEMPLATE_LIMITS.folder} characters.`;
  const tags = tagsOf(form.tags);
  if (tags.length > TEMPLATE_LIMITS.tags) fields.tags = `At most ${TEMPLATE_LIMITS.tags} tags.`;
  else if (tags.some((t) => t.length > TEMPLATE_LIMITS.tag)) fields.tags = `Each tag at most ${TEMPLATE_LIMITS.tag} characters.`;
  if (form.lang.trim().length > TEMPLATE_LIMITS.lang) fields.lang = `At most ${TEMPLATE_LIMITS.lang} characters.`;
  const bodyErrors = parseTemplate(form.body).errors.map((e) => ({ message: e.message, line: lineOf(form.body, e.start) }));
  return { fields, bodyErrors, ok: Object.keys(fields).length === 0 && bodyErrors.length === 0 };
}

function matches(t: Template, query: string): boolean {
  if (query === '') return true;
  const hay = `${t.title}\n${t.body}\n${t.shortcut ?? ''}\n${t.folder ?? ''}\n${t.tags.join(' ')}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => hay.includes(word.replace(/^;/, '')));
}

export function TemplatesSection() {
  const db = getReadDatabase();
  const headingId = useId();
  const templates = useLiveQuery(() => readAllTemplates(db), []);
  const packs = useLiveQuery(() => db.packs.toArray(), [], [] as Pack[]);
  const [charLimit, setCharLimit] = useState(DEFAULT_SETTINGS.charLimit);
  const [query, setQuery] = useState('');
  const [folder, setFolder] = useState('');
  const [shown, setShown] = useState(PAGE);
  const [selected, setSelected] = useState<string | 'new' | null>(null);
  const [flaggedOnly, setFlaggedOnly] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    void loadSettings()
      .then((s) => setCharLimit(s.charLimit))
      .catch(() => undefined);
    try {
      watchSettings((s) => setCharLimit(s.charLimit), controller.signal);
    } catch {
      // storage unavailable (tests outside the extension)
    }
    return () => controller.abort();
  }, []);

  const folders = useMemo(
    () => [...new Set((templates ?? []).map((t) => t.folder).filter((f): f is string => !!f))].sort((a, b) => a.localeCompare(b)),
    [templates],
  );
  const packNames = useMemo(() => new Map(packs.map((p) => [p.id, p.name])), [packs]);
  const flaggedCount = useMemo(() => (templates ?? []).filter((t) => t.source?.upstreamChanged).length, [templates]);
  const filtered = useMemo(() => {
    const list = (templates ?? []).filter(
      (t) =>
        matches(t, query.trim()) &&
        (folder === '' || (folder === NO_FOLDER ? !t.folder : t.folder === folder)) &&
        (!flaggedOnly || t.source?.upstreamChanged === true),
    );
    return list.sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  }, [templates, query, folder, flaggedOnly]);

  useEffect(() => setShown(PAGE), [query, folder, flaggedOnly]);

  const current = selected && selected !== 'new' ? templates?.find((t) => t.id === selected) : undefined;
  // Ids seen in the list: a just-saved reply may not be there yet (loading), a vanished one was deleted.
  const seen = useRef(new Set<string>());
  for (const t of templates ?? []) seen.current.add(t.id);
  const shortcutOwners = useMemo(() => {
    const map = new Map<string, Template>();
    for (const t of templates ?? []) if (t.shortcut) map.set(t.shortcut.toLowerCase(), t);
    return map;
  }, [templates]);

  return (
    <section className="hb-lib-section hb-templates" aria-labelledby={headingId}>
      <h2 id={headingId}>Canned replies</h2>
      <p className="hb-lib-intro">
        Write the replies you send often. Type <code>;shortcut</code> in X&apos;s reply box or open the picker to insert them.
      </p>
      <div className="hb-lib-row">
        <input
          type="search"
          className="hb-lib-grow"
          style={{ maxWidth: 360 }}
          placeholder="Search replies"
          aria-label="Search replies"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <select aria-label="Folder filter" value={folder} onChange={(e) => setFolder(e.target.value)} style={{ maxWidth: 220 }}>
          <option value="">All folders</option>
          <option value={NO_FOLDER}>No folder</option>
          {folders.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        {flaggedCount > 0 && (
          <label className="hb-lib-check">
            <input type="checkbox" checked={flaggedOnly} onChange={(e) => setFlaggedOnly(e.target.checked)} />
            Pack updated ({flaggedCount})
          </label>
        )}
        <span className="hb-lib-grow" />
        <span className="hb-lib-muted" aria-live="polite">
          {templates ? `${filtered.length.toLocaleString()} of ${plural(templates.length, 'reply', 'replies')}` : 'Loading…'}
        </span>
        <button type="button" className="hb-lib-btn hb-lib-btn-primary" onClick={() => setSelected('new')}>
          New reply
        </button>
      </div>
      <div className="hb-tpl-layout">
        <div>
          {templates && templates.length === 0 ? (
            <p className="hb-lib-muted">No canned replies yet. Create one, or import a team pack.</p>
          ) : (
            <ul className="hb-tpl-list" aria-label="Canned replies">
              {filtered.slice(0, shown).map((t) => (
                <li key={t.id}>
                  <button type="button" className="hb-tpl-item" aria-current={selected === t.id} onClick={() => setSelected(t.id)}>
                    <span className="hb-tpl-item-title">
                      <Clip>{t.title}</Clip>
                      {t.shortcut && <span className="hb-lib-badge">;{t.shortcut}</span>}
                      {t.source?.upstreamChanged && (
                        <span className="hb-lib-badge hb-lib-badge-warn" title="The pack has a newer version; you kept your edit">
                          Pack updated
                        </span>
                      )}
                    </span>
                    <span className="hb-tpl-item-meta">
                      {t.folder && <Clip>{t.folder}</Clip>}
                      {t.folder && <span aria-hidden="true">·</span>}
                      {t.source && <span title="From a team pack">pack</span>}
                      {t.source && <span aria-hidden="true">·</span>}
                      <span style={{ whiteSpace: 'nowrap' }}>{t.usageCount > 0 ? `used ${plural(t.usageCount, 'time')}` : 'never used'}</span>
                    </span>
                  </button>
                </li>
              ))}
              {filtered.length > shown && (
                <li className="hb-tpl-more">
                  <span className="hb-lib-muted">
                    Showing {shown.toLocaleString()} of {filtered.length.toLocaleString()}.{' '}
                  </span>
                  <button type="button" className="hb-lib-btn hb-lib-btn-quiet" onClick={() => setShown((n) => n + PAGE)}>
                    Show more
                  </button>
                </li>
              )}
              {filtered.length === 0 && templates && <li className="hb-tpl-more hb-lib-muted">No reply matches.</li>}
            </ul>
          )}
        </div>
        {selected === 'new' || current ? (
          <TemplateEditor
            key={selected === 'new' ? 'new' : current!.id}
            template={current}
            packName={current?.source ? (packNames.get(current.source.packId) ?? current.source.packId) : undefined}
            charLimit={charLimit}
            folders={folders}
            shortcutOwners={shortcutOwners}
            onSaved={(id) => setSelected(id)}
            onClosed={() => setSelected(null)}
          />
        ) : (
          <div className="hb-lib-card hb-lib-muted">
            {selected && templates ? (seen.current.has(selected) ? 'This reply was deleted.' : 'Loading…') : 'Choose a reply to edit it, or create a new one.'}
          </div>
        )}
      </div>
    </section>
  );
}

interface EditorProps {
  template: Template | undefined;
  packName: string | undefined;
  charLimit: number;
  folders: string[];
  shortcutOwners: Map<string, Template>;
  onSaved: (id: string) => void;
  onClosed: () => void;
}

function TemplateEditor({ template, packName, charLimit, folders, shortcutOwners, onSaved, onClosed }: EditorProps) {
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
