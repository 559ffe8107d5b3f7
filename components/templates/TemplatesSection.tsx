import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getReadDatabase } from '@/lib/db/reader';
import { readAllTemplates } from '@/lib/db/template-store';
import type { Pack, Template } from '@/lib/db/types';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { loadSettings, watchSettings } from '@/lib/settings/store';
import { Clip, plural } from './library-ui';
import { TemplateEditor } from './TemplateEditor';
import './library.css';

// The canned replies of the dashboard: every reply, searchable and filterable by folder (and by
// "pack updated"), beside the editor of the one chosen (TemplateEditor.tsx). Reads the database
// directly (liveQuery); every change is a message to the background.

const PAGE = 300;
const NO_FOLDER = '\u0000none';

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
