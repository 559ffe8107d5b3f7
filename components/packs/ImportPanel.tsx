import { useId, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getReadDatabase } from '@/lib/db/reader';
import { readPackTemplates } from '@/lib/db/template-store';
import type { Template } from '@/lib/db/types';
import { request } from '@/lib/messages/client';
import { IMPORT_MAX_CHARS, parseImport, templateBodyProblems, type ImportKind, type ParsedImport } from '@/lib/packs/import';
import { planPackImport, type ConflictResolution, type PlanItem } from '@/lib/packs/merge';
import type { PackTemplate } from '@/lib/packs/format';
import { Clip, ErrorList, errorText, plural, Status } from '@/components/templates/library-ui';

// Import a pack file, a Zendesk export or a CSV sheet: read it here to preview what would
// change (new, changed, unchanged, conflicts with both versions, removed upstream), let the
// person choose per conflict, then ONE message applies it in one transaction. The background
// reads the text again; a refused file changes nothing.

const KIND_LABEL: Record<ImportKind, string> = { pack: 'Handlebook pack', zendesk: 'Zendesk macros export', csv: 'CSV sheet' };
const LIST_MAX = 200;

interface Source {
  text: string;
  fileName?: string;
}

export function ImportPanel() {
  const headingId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [paste, setPaste] = useState('');
  const [source, setSource] = useState<Source | null>(null);
  const [parsed, setParsed] = useState<ParsedImport | null>(null);
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [reading, setReading] = useState(false);

  const load = (next: Source) => {
    setResult(null);
    setSource(next);
    setParsed(parseImport(next.text, next.fileName !== undefined ? { fileName: next.fileName } : {}));
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setResult(null);
    if (file.size > IMPORT_MAX_CHARS) {
      setSource(null);
      setParsed({ ok: false, kind: 'pack', errors: [{ path: '', message: `this file is too big (${(file.size / 1024 / 1024).toFixed(1)} MB); packs can be at most 5 MB and Zendesk exports 20 MB` }] });
      return;
    }
    setReading(true);
    try {
      load({ text: await file.text(), fileName: file.name });
    } catch (error) {
      setParsed({ ok: false, kind: 'pack', errors: [{ path: '', message: `could not read the file: ${errorText(error)}` }] });
    } finally {
      setReading(false);
    }
  };

  const reset = () => {
    setSource(null);
    setParsed(null);
    if (fileRef.current) fileRef.current.value = '';
  };

  return (
    <div className={`hb-lib-card${parsed ? ' hb-pack-wide' : ''}`} role="region" aria-labelledby={headingId}>
      <h3 id={headingId}>Import</h3>
      <p className="hb-lib-muted" style={{ marginTop: 0 }}>
        A Handlebook pack (.json), a Zendesk macros export (.json) or a CSV sheet with title and body columns. You see what changes before
        anything is saved.
      </p>
      <div className="hb-lib-row">
        <input
          ref={fileRef}
          type="file"
          accept=".json,.csv,application/json,text/csv,text/plain"
          aria-label="Choose a file to import"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
        {reading && <span className="hb-lib-muted">Reading…</span>}
      </div>
      <details className="hb-pack-paste" style={{ marginTop: 10 }}>
        <summary style={{ cursor: 'pointer' }}>…or paste the text</summary>
        <textarea
          aria-label="Pasted pack, Zendesk export or CSV"
          value={paste}
          onChange={(e) => setPaste(e.target.value)}
          spellCheck={false}
          placeholder='{ "format": "handlebook-pack", ... }  or  title,body'
        />
        <div className="hb-lib-row" style={{ marginTop: 6 }}>
          <button type="button" className="hb-lib-btn" disabled={paste.trim() === ''} onClick={() => load({ text: paste })}>
            Preview pasted text
          </button>
        </div>
      </details>

      {result && (
        <div style={{ marginTop: 12 }}>
          <Status kind={result.kind}>{result.text}</Status>
        </div>
      )}
      {parsed && !parsed.ok && (
        <div style={{ marginTop: 12 }}>
          <ErrorList
            errors={parsed.errors}
            title={`Nothing was imported: this ${KIND_LABEL[parsed.kind].replace(/^Handlebook /, '')} has ${plural(parsed.errors.length, 'problem')}.`}
          />
          <div className="hb-lib-row" style={{ marginTop: 8 }}>
            <button type="button" className="hb-lib-btn" onClick={reset}>
              Clear
            </button>
          </div>
        </div>
      )}
      {parsed?.ok && source && (
        <ImportPreview
          parsed={parsed}
          source={source}
          onDone={(text) => {
            setResult({ kind: 'ok', text });
            reset();
            setPaste('');
          }}
          onFailed={(text) => setResult({ kind: 'error', text })}
          onCancel={reset}
        />
      )}
    </div>
  );
}

interface PreviewProps {
  parsed: Extract<ParsedImport, { ok: true }>;
  source: Source;
  onDone: (message: string) => void;
  onFailed: (message: string) => void;
  onCancel: () => void;
}

function ImportPreview({ parsed, source, onDone, onFailed, onCancel }: PreviewProps) {
  const db = getReadDatabase();
  const { pack, kind, skipped } = parsed;
  const local = useLiveQuery(() => readPackTemplates(db, pack.id), [pack.id]);
  const existing = useLiveQuery(() => db.packs.get(pack.id), [pack.id]);
  const plan = useMemo(() => (local ? planPackImport(pack, local) : null), [pack, local]);
  const [choices, setChoices] = useState<Record<string, ConflictResolution>>({});
  const [busy, setBusy] = useState(false);
  const warnings = useMemo(
    () => pack.templates.flatMap((t) => templateBodyProblems(t.body).slice(0, 1).map((p) => ({ title: t.title, problem: p }))),
    [pack],
  );

  if (!plan) return <p className="hb-lib-muted">Comparing with your replies…</p>;
  const byStatus = (status: PlanItem['status']) => plan.items.filter((i) => i.status === status);
  const conflicts = byStatus('conflict') as Extract<PlanItem, { local: Template }>[];

  const apply = async () => {
    setBusy(true);
    try {
      const reply = await request('packs.import', {
        kind,
        text: source.text,
        ...(source.fileName !== undefined ? { fileName: source.fileName.slice(0, 255) } : {}),
        resolutions: choices,
      });
      const c = reply.counts;
      onDone(
        `Imported “${reply.packName}”: ${c.new} new, ${c.changed} updated, ${c.conflict} conflicts resolved, ${c.unchanged} unchanged, ${plural(reply.deleted, 'reply', 'replies')} removed.`,
      );
    } catch (error) {
      onFailed(`Nothing was imported: ${errorText(error)}`);
      setBusy(false);
    }
  };

  const nothingChanges = plan.counts.new + plan.counts.changed + plan.counts.conflict + plan.counts.removedUpstream === 0;

  return (
    <div className="hb-pack-preview" role="region" aria-label="Import preview" style={{ marginTop: 14 }}>
      <div>
        <h4>
          <bdi>{pack.name}</bdi> <span className="hb-lib-muted hb-lib-small">({KIND_LABEL[kind]})</span>
        </h4>
        <p className="hb-lib-muted hb-lib-small" style={{ margin: 0 }}>
          Pack id <code className="hb-lib-path">{pack.id}</code> · {plural(pack.templates.length, 'template')}
          {pack.author ? (
            <>
              {' '}
              · by <bdi>{pack.author}</bdi>
            </>
          ) : null}
          {existing ? ' · you have an earlier import of this pack' : ' · new pack'}
          {existing?.subscriptionUrl ? ' (subscribed)' : ''}
        </p>
        {kind === 'csv' && (
          <p className="hb-lib-muted hb-lib-small" style={{ margin: '6px 0 0' }}>
            A CSV sheet becomes a pack named after its file, so importing the same file again updates these replies (and removes rows you
            deleted from the sheet, unless you edited them here).
          </p>
        )}
        {kind === 'zendesk' && (
          <p className="hb-lib-muted hb-lib-small" style={{ margin: '6px 0 0' }}>
            Each Zendesk import replaces the previous one: put all your macros in one export.
          </p>
        )}
        {pack.description && (
          <p className="hb-lib-wrap" style={{ margin: '6px 0 0' }}>
            {pack.description}
          </p>
        )}
      </div>
      <ul className="hb-pack-counts" aria-label="What changes">
        <li data-status="new">New: {plan.counts.new}</li>
        <li data-status="changed">Changed: {plan.counts.changed}</li>
        <li data-status="conflict">Conflicts: {plan.counts.conflict}</li>
        <li data-status="unchanged">Unchanged: {plan.counts.unchanged}</li>
        <li data-status="removed">Removed upstream: {plan.counts.removedUpstream}</li>
      </ul>
      {nothingChanges && <Status kind="info">You already have this version: nothing would change.</Status>}
      {warnings.length > 0 && (
        <Status kind="warn">
          {plural(warnings.length, 'reply has', 'replies have')} placeholder problems and would be blocked when sending (first: “
          <bdi>{warnings[0]!.title}</bdi>”: {warnings[0]!.problem}). You can fix them after importing.
        </Status>
      )}
      {skipped.length > 0 && (
        <details className="hb-pack-group">
          <summary>Skipped Zendesk macros ({skipped.length})</summary>
          <ul>
            {skipped.slice(0, LIST_MAX).map((s) => (
              <li key={s.index}>
                <bdi className="hb-lib-wrap">{s.title || `Macro ${s.macroId ?? s.index + 1}`}</bdi>: {s.message}
              </li>
            ))}
          </ul>
        </details>
      )}

      {conflicts.length > 0 && (
        <div>
          <h4>Conflicts: the pack changed replies you edited</h4>
          <ul className="hb-pack-conflicts" aria-label="Conflicts">
            {conflicts.map((item) => (
              <ConflictItem
                key={item.upstream.id}
                item={item}
                choice={choices[item.upstream.id] ?? 'keep-mine'}
                onChoose={(c) => setChoices((prev) => ({ ...prev, [item.upstream.id]: c }))}
              />
            ))}
          </ul>
        </div>
      )}
      <Group title="New" items={byStatus('new').map((i) => i.upstream.title)} open={plan.counts.new <= 20} />
      <Group title="Changed (updated, you had not edited them)" items={byStatus('changed').map((i) => i.upstream.title)} open={plan.counts.changed <= 20} />
      <Group
        title="Removed upstream"
        items={plan.removedUpstream.map((t) => `${t.title}${t.source?.edited ? ' — kept as your own reply (you edited it)' : ' — will be deleted'}`)}
        open
      />
      <Group title="Unchanged" items={byStatus('unchanged').map((i) => i.upstream.title)} open={false} />

      <div className="hb-lib-row">
        <button type="button" className="hb-lib-btn hb-lib-btn-primary" onClick={() => void apply()} disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
        <button type="button" className="hb-lib-btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function Group({ title, items, open }: { title: string; items: string[]; open: boolean }) {
  if (items.length === 0) return null;
  return (
    <details className="hb-pack-group" open={open}>
      <summary>
        {title} ({items.length.toLocaleString()})
      </summary>
      <ul aria-label={title}>
        {items.slice(0, LIST_MAX).map((t, i) => (
          <li key={i}>
            <bdi className="hb-lib-wrap">{t}</bdi>
          </li>
        ))}
        {items.length > LIST_MAX && <li className="hb-lib-muted">…and {(items.length - LIST_MAX).toLocaleString()} more</li>}
      </ul>
    </details>
  );
}

function Version({ label, t }: { label: string; t: Pick<PackTemplate, 'title' | 'body' | 'shortcut' | 'folder' | 'tags'> }) {
  return (
    <div className="hb-pack-version">
      <h5>{label}</h5>
      <strong className="hb-lib-wrap" style={{ display: 'block' }}>
        {t.title}
      </strong>
      <pre dir="auto">{t.body}</pre>
      {(t.shortcut || t.folder || (t.tags && t.tags.length > 0)) && (
        <p className="hb-lib-muted hb-lib-small hb-lib-wrap" style={{ margin: '6px 0 0' }}>
          {[t.shortcut ? `;${t.shortcut}` : '', t.folder ? `folder ${t.folder}` : '', t.tags?.length ? `tags ${t.tags.join(', ')}` : '']
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
    </div>
  );
}

function ConflictItem({
  item,
  choice,
  onChoose,
}: {
  item: Extract<PlanItem, { local: Template }>;
  choice: ConflictResolution;
  onChoose: (c: ConflictResolution) => void;
}) {
  const name = useId();
  const options: { value: ConflictResolution; label: string }[] = [
    { value: 'keep-mine', label: 'Keep mine' },
    { value: 'take-theirs', label: 'Take theirs' },
    { value: 'keep-both', label: 'Keep both' },
  ];
  return (
    <li className="hb-pack-conflict" aria-label={`Conflict: ${item.upstream.title}`}>
      <Clip>{item.upstream.title}</Clip>
      <div className="hb-pack-versions">
        <Version label="Yours" t={item.local} />
        <Version label="The pack's new version" t={item.upstream} />
      </div>
      <fieldset className="hb-pack-choice">
        <legend>What to keep</legend>
        {options.map((o) => (
          <label key={o.value} className="hb-lib-check">
            <input type="radio" name={name} value={o.value} checked={choice === o.value} onChange={() => onChoose(o.value)} />
            {o.label}
          </label>
        ))}
      </fieldset>
    </li>
  );
}

