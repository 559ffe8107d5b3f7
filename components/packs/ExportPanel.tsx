import { useId, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getReadDatabase } from '@/lib/db/reader';
import { readAllTemplates } from '@/lib/db/template-store';
import type { Pack, Template } from '@/lib/db/types';
import { buildExportCsv, buildExportPack, packIdFromName } from '@/lib/packs/export';
import type { PackError } from '@/lib/packs/format';
import { Clip, ErrorList, Field, plural, Status } from '@/components/templates/library-ui';
import { downloadBlob } from '@/components/download';

// Export chosen replies (or whole folders) as a pack file to share, or as a CSV sheet. The
// file is checked with the import rules before it is offered, so what Handlebook writes it
// can always read back.

const NO_FOLDER = '';
const FOLDER_LIST_MAX = 500;

export function ExportPanel() {
  const headingId = useId();
  const db = getReadDatabase();
  const templates = useLiveQuery(() => readAllTemplates(db), [], [] as Template[]);
  const packs = useLiveQuery(() => db.packs.toArray(), [], [] as Pack[]);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  // Folder contents are rendered only while open: ten thousand hidden checkboxes slow every update.
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [meta, setMeta] = useState({ id: '', name: '', description: '', author: '' });
  const [touched, setTouched] = useState(false);
  const [errors, setErrors] = useState<PackError[] | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const folders = useMemo(() => {
    const map = new Map<string, Template[]>();
    for (const t of templates) {
      const key = t.folder ?? NO_FOLDER;
      const list = map.get(key) ?? [];
      list.push(t);
      map.set(key, list);
    }
    for (const list of map.values()) list.sort((a, b) => a.title.localeCompare(b.title));
    return [...map.entries()].sort(([a], [b]) => (a === NO_FOLDER ? 1 : b === NO_FOLDER ? -1 : a.localeCompare(b)));
  }, [templates]);

  const selected = useMemo(() => templates.filter((t) => picked.has(t.id)).sort((a, b) => (a.folder ?? '').localeCompare(b.folder ?? '') || a.title.localeCompare(b.title)), [templates, picked]);

  // Until the person types their own, name the export after the pack all chosen replies came from.
  const suggested = useMemo(() => {
    const packIds = new Set(selected.map((t) => t.source?.packId ?? ''));
    const only = packIds.size === 1 ? [...packIds][0] : undefined;
    const pack = only ? packs.find((p) => p.id === only) : undefined;
    return pack
      ? { id: pack.id, name: pack.name, description: pack.description ?? '', author: pack.author ?? '' }
      : { id: 'my-replies', name: 'My replies', description: '', author: '' };
  }, [selected, packs]);
  const effective = touched ? meta : suggested;

  const toggle = (ids: string[], on: boolean) => {
    setDone(null);
    setErrors(null);
    setPicked((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  };
  const editMeta = (field: keyof typeof meta) => (e: { target: { value: string } }) => {
    const base = touched ? meta : suggested;
    const next = { ...base, [field]: e.target.value };
    if (field === 'name' && (base.id === '' || base.id === packIdFromName(base.name))) next.id = packIdFromName(e.target.value);
    setMeta(next);
    setTouched(true);
    setErrors(null);
  };

  const exportPack = () => {
    const result = buildExportPack(selected, {
      id: effective.id.trim(),
      name: effective.name.trim(),
      ...(effective.description.trim() ? { description: effective.description.trim() } : {}),
      ...(effective.author.trim() ? { author: effective.author.trim() } : {}),
    });
    if (!result.ok) {
      setErrors(result.errors);
      setDone(null);
      return;
    }
    setErrors(null);
    downloadBlob(`${result.pack.id}.json`, new Blob([result.text], { type: 'application/json' }));
    setDone(`Downloaded ${result.pack.id}.json with ${plural(result.pack.templates.length, 'reply', 'replies')}.`);
  };

  const exportCsv = () => {
    const id = packIdFromName(effective.id) || 'replies';
    downloadBlob(`${id}.csv`, new Blob([buildExportCsv(selected, effective.id.trim())], { type: 'text/csv;charset=utf-8' }));
    setErrors(null);
    setDone(`Downloaded ${id}.csv with ${plural(selected.length, 'reply', 'replies')}.`);
  };

  const allIds = templates.map((t) => t.id);
  return (
    <div className="hb-lib-card" role="region" aria-labelledby={headingId}>
      <h3 id={headingId}>Export</h3>
      {templates.length === 0 ? (
        <p className="hb-lib-muted">No replies to export yet.</p>
      ) : (
        <>
          <div className="hb-lib-row" style={{ marginBottom: 8 }}>
            <label className="hb-lib-check">
              <input
                type="checkbox"
                checked={picked.size > 0 && picked.size === templates.length}
                ref={(el) => {
                  if (el) el.indeterminate = picked.size > 0 && picked.size < templates.length;
                }}
                onChange={(e) => toggle(allIds, e.target.checked)}
              />
              All replies
            </label>
            <span className="hb-lib-grow" />
            <span className="hb-lib-muted">{plural(selected.length, 'reply', 'replies')} chosen</span>
          </div>
          <ul className="hb-pack-export-folders" aria-label="Replies to export">
            {folders.map(([folder, list]) => {
              const ids = list.map((t) => t.id);
              const count = ids.filter((id) => picked.has(id)).length;
              const label = folder === NO_FOLDER ? 'No folder' : folder;
              return (
                <li key={folder || '\u0000'}>
                  <details
                    onToggle={(e) => {
                      const isOpen = e.currentTarget.open;
                      setOpen((prev) => {
                        const next = new Set(prev);
                        if (isOpen) next.add(folder);
                        else next.delete(folder);
                        return next;
                      });
                    }}
                  >
                    <summary>
                      <input
                        type="checkbox"
                        aria-label={`Folder ${label}`}
                        checked={count === ids.length}
                        ref={(el) => {
                          if (el) el.indeterminate = count > 0 && count < ids.length;
                        }}
                        onClick={(e) => e.stopPropagation()}
                        onChange={(e) => toggle(ids, e.target.checked)}
                      />
                      <Clip>{label}</Clip>
                      <span className="hb-lib-muted hb-lib-small" style={{ whiteSpace: 'nowrap' }}>
                        {count}/{ids.length}
                      </span>
                    </summary>
                    {open.has(folder) && (
                    <ul>
                      {list.slice(0, FOLDER_LIST_MAX).map((t) => (
                        <li key={t.id}>
                          <label>
                            <input type="checkbox" checked={picked.has(t.id)} onChange={(e) => toggle([t.id], e.target.checked)} />
                            <Clip>{t.title}</Clip>
                          </label>
                        </li>
                      ))}
                      {list.length > FOLDER_LIST_MAX && (
                        <li className="hb-lib-muted">…and {(list.length - FOLDER_LIST_MAX).toLocaleString()} more (use the folder checkbox)</li>
                      )}
                    </ul>
                    )}
                  </details>
                </li>
              );
            })}
          </ul>
          <div className="hb-lib-fields" style={{ marginTop: 12 }}>
            <Field label="Pack name">{(p) => <input {...p} type="text" value={effective.name} onChange={editMeta('name')} />}</Field>
            <Field label="Pack id" help="Keep it the same for every version you share.">
              {(p) => <input {...p} type="text" value={effective.id} onChange={editMeta('id')} spellCheck={false} />}
            </Field>
            <Field label="Author">{(p) => <input {...p} type="text" value={effective.author} onChange={editMeta('author')} />}</Field>
            <Field label="Description">{(p) => <input {...p} type="text" value={effective.description} onChange={editMeta('description')} />}</Field>
          </div>
          <div className="hb-lib-row" style={{ marginTop: 12 }}>
            <button type="button" className="hb-lib-btn hb-lib-btn-primary" disabled={selected.length === 0} onClick={exportPack}>
              Download pack
            </button>
            <button type="button" className="hb-lib-btn" disabled={selected.length === 0} onClick={exportCsv}>
              Download CSV
            </button>
          </div>
          {errors && (
            <div style={{ marginTop: 10 }}>
              <ErrorList errors={errors} title="This can't be a pack yet. Fix these first:" />
            </div>
          )}
          {done && (
            <div style={{ marginTop: 10 }}>
              <Status kind="ok">{done}</Status>
            </div>
          )}
        </>
      )}
    </div>
  );
}
