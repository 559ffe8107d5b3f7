import { useEffect, useId, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { browser } from 'wxt/browser';
import { getReadDatabase } from '@/lib/db/reader';
import { readBookCounts } from '@/lib/db/book-counts';
import { countTemplates } from '@/lib/db/template-store';
import { backupFileName, exportBackup } from '@/lib/backup/export';
import { parseBackup, type BackupData, type BackupError } from '@/lib/backup/format';
import { restoreThroughBackground, RestoreFailedError, type RestoreProgress } from '@/lib/backup/client';
import type { RestoreMode } from '@/lib/backup/restore';
import { loadSettings } from '@/lib/settings/store';
import { ErrorList, errorText, formatDate, formatDateTime, plural, Status, useMinuteClock } from '@/components/templates/library-ui';
import { downloadBlob } from '@/components/download';
import '@/components/templates/library.css';

// Backup and restore: one file with every customer, interaction, reply, pack and the settings.
// Export reads the database here (reads are allowed in extension pages); restore previews the
// file's counts, then streams it to the background, which writes everything in one transaction.

/** storage.local key of the last completed export (ms since epoch). */
export const LAST_BACKUP_KEY = 'backup.lastExportedAt';
const REMIND_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

export function BackupSection() {
  const headingId = useId();
  return (
    <section className="hb-lib-section hb-backup" aria-labelledby={headingId}>
      <h2 id={headingId}>Backup and restore</h2>
      <p className="hb-lib-intro">
        Everything Handlebook keeps lives only in this browser. Export a backup now and then, and keep it somewhere safe: it holds your
        customers&apos; notes and history.
      </p>
      <BackupReminder />
      <ExportCard />
      <RestoreCard />
    </section>
  );
}

function useLastBackup(): number | null | undefined {
  const [last, setLast] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const read = (value: unknown) => setLast(typeof value === 'number' && Number.isFinite(value) ? value : null);
    void browser.storage.local
      .get(LAST_BACKUP_KEY)
      .then((stored) => live && read(stored[LAST_BACKUP_KEY]))
      .catch(() => live && setLast(null));
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'local' && changes[LAST_BACKUP_KEY]) read(changes[LAST_BACKUP_KEY].newValue);
    };
    browser.storage.onChanged.addListener(listener);
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(listener);
    };
  }, []);
  return last;
}

function BackupReminder() {
  const last = useLastBackup();
  const now = useMinuteClock();
  if (last === undefined) return null;
  if (last === null) return <Status kind="warn">You have not exported a backup from this browser yet.</Status>;
  if (now - last > REMIND_AFTER_MS) {
    return <Status kind="warn">Your last backup is from {formatDate(last)}, more than 30 days ago. Export a new one.</Status>;
  }
  return <Status kind="info">Last backup: {formatDateTime(last)}.</Status>;
}

function ExportCard() {
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | null>(null);

  const exportNow = async () => {
    setBusy(true);
    setStatus({ kind: 'info', text: 'Reading your data…' });
    try {
      const started = performance.now();
      const now = new Date();
      const { parts, counts } = await exportBackup(getReadDatabase(), await loadSettings(), now);
      const blob = new Blob(parts, { type: 'application/json' });
      const name = backupFileName(now);
      downloadBlob(name, blob);
      await browser.storage.local.set({ [LAST_BACKUP_KEY]: now.getTime() });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      setStatus({
        kind: 'ok',
        text: `Downloaded ${name} (${(blob.size / 1024 / 1024).toFixed(1)} MB, ${seconds} s): ${plural(counts.customers, 'customer')}, ${plural(counts.interactions, 'interaction')}, ${plural(counts.templates, 'reply', 'replies')}, ${plural(counts.packs, 'pack')} and your settings.`,
      });
    } catch (error) {
      setStatus({ kind: 'error', text: `The backup could not be made: ${errorText(error)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="hb-lib-card" role="region" aria-labelledby={headingId}>
      <h3 id={headingId}>Export a backup</h3>
      <p className="hb-lib-muted" style={{ marginTop: 0 }}>
        One JSON file with every customer, note, interaction, canned reply, pack and your settings.
      </p>
      <button type="button" className="hb-lib-btn hb-lib-btn-primary" onClick={() => void exportNow()} disabled={busy}>
        {busy ? 'Exporting…' : 'Export backup'}
      </button>
      {status && (
        <div style={{ marginTop: 10 }}>
          <Status kind={status.kind}>{status.text}</Status>
        </div>
      )}
    </div>
  );
}

type RestoreState =
  | { step: 'idle' }
  | { step: 'checking'; fileName: string }
  | { step: 'invalid'; fileName: string; errors: BackupError[] }
  | { step: 'preview'; fileName: string; backup: BackupData }
  | { step: 'restoring'; fileName: string; backup: BackupData; progress: RestoreProgress | null }
  | { step: 'done'; text: string }
  | { step: 'failed'; fileName: string; backup: BackupData; errors: BackupError[] };

export function RestoreCard() {
  const headingId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const db = getReadDatabase();
  const current = useLiveQuery(
    async () => ({
      ...(await readBookCounts(db)),
      templates: await countTemplates(db),
      packs: await db.packs.count(),
    }),
    [],
  );
  const [state, setState] = useState<RestoreState>({ step: 'idle' });
  const [mode, setMode] = useState<RestoreMode>('merge');
  const [withSettings, setWithSettings] = useState(true);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setState({ step: 'checking', fileName: file.name });
    // Let "Checking…" paint before the (synchronous) check of a big file.
    await new Promise((r) => setTimeout(r, 30));
    try {
      const result = parseBackup(await file.text());
      setState(result.ok ? { step: 'preview', fileName: file.name, backup: result.backup } : { step: 'invalid', fileName: file.name, errors: result.errors });
    } catch (error) {
      setState({ step: 'invalid', fileName: file.name, errors: [{ path: '', message: `could not read the file: ${errorText(error)}` }] });
    }
  };

  const reset = () => {
    setState({ step: 'idle' });
    if (fileRef.current) fileRef.current.value = '';
  };

  const restore = async (fileName: string, backup: BackupData) => {
    setState({ step: 'restoring', fileName, backup, progress: null });
    try {
      const started = performance.now();
      const { outcome, settingsRestored, timings } = await restoreThroughBackground(backup, { mode, restoreSettings: withSettings }, (progress) =>
        setState({ step: 'restoring', fileName, backup, progress }),
      );
      const customers =
        outcome.mode === 'merge' && outcome.customers.keptLocal
          ? `${plural(outcome.customers.written, 'customer')} (${outcome.customers.keptLocal} newer here kept)`
          : plural(outcome.customers.written, 'customer');
      const interactions =
        outcome.interactions.skippedDuplicates > 0
          ? `${plural(outcome.interactions.written, 'interaction')} (${outcome.interactions.skippedDuplicates} already here skipped)`
          : plural(outcome.interactions.written, 'interaction');
      // Kept for diagnostics (visible in the page's console, and read by the e2e timing test).
      console.info('[Handlebook] restore timings', { totalMs: Math.round(performance.now() - started), ...timings });
      setState({
        step: 'done',
        text: `Restored ${customers}, ${interactions}, ${plural(outcome.templates, 'reply', 'replies')} and ${plural(outcome.packs, 'pack')}${settingsRestored ? ', and your settings' : ''}.`,
      });
      if (fileRef.current) fileRef.current.value = '';
    } catch (error) {
      const errors = error instanceof RestoreFailedError ? error.errors : [{ path: '', message: errorText(error) }];
      setState({ step: 'failed', fileName, backup, errors });
    }
  };

  const preview = state.step === 'preview' || state.step === 'restoring' || state.step === 'failed' ? state : null;

  return (
    <div className="hb-lib-card" role="region" aria-labelledby={headingId}>
      <h3 id={headingId}>Restore from a backup</h3>
      <p className="hb-lib-muted" style={{ marginTop: 0 }}>
        Choose a backup file. You see what it holds before anything changes; the restore is saved all at once or not at all.
      </p>
      <input
        ref={fileRef}
        type="file"
        accept=".json,application/json"
        aria-label="Choose a backup file to restore"
        onChange={(e) => void onFile(e.target.files?.[0])}
        disabled={state.step === 'restoring'}
      />
      {state.step === 'checking' && <p className="hb-lib-muted">Checking {state.fileName}…</p>}
      {state.step === 'invalid' && (
        <div style={{ marginTop: 10 }}>
          <ErrorList errors={state.errors} title={`This file can't be restored (nothing was changed): ${plural(state.errors.length, 'problem')}.`} />
        </div>
      )}
      {state.step === 'done' && (
        <div style={{ marginTop: 10 }}>
          <Status kind="ok">{state.text}</Status>
        </div>
      )}
      {preview && (
        <div className="hb-pack-preview" role="region" aria-label="Restore preview" style={{ marginTop: 12 }}>
          <p style={{ margin: 0 }}>
            <bdi>{preview.fileName}</bdi> — exported {formatDateTime(Date.parse(preview.backup.exportedAt))}
          </p>
          <div className="hb-lib-row" style={{ alignItems: 'flex-start', gap: 32 }}>
            <div>
              <h4>In the file</h4>
              <dl className="hb-backup-counts" aria-label="In the file">
                <dt>Customers</dt>
                <dd>{preview.backup.customers.length.toLocaleString()}</dd>
                <dt>Interactions</dt>
                <dd>{preview.backup.interactions.length.toLocaleString()}</dd>
                <dt>Canned replies</dt>
                <dd>{preview.backup.templates.length.toLocaleString()}</dd>
                <dt>Packs</dt>
                <dd>{preview.backup.packs.length.toLocaleString()}</dd>
              </dl>
            </div>
            {current && (
              <div>
                <h4>In this browser now</h4>
                <dl className="hb-backup-counts" aria-label="In this browser now">
                  <dt>Customers</dt>
                  <dd>{current.customers.toLocaleString()}</dd>
                  <dt>Interactions</dt>
                  <dd>{current.interactions.toLocaleString()}</dd>
                  <dt>Canned replies</dt>
                  <dd>{current.templates.toLocaleString()}</dd>
                  <dt>Packs</dt>
                  <dd>{current.packs.toLocaleString()}</dd>
                </dl>
              </div>
            )}
          </div>
          <fieldset className="hb-backup-modes" disabled={state.step === 'restoring'}>
            <legend>How to restore</legend>
            <label className="hb-lib-check">
              <input type="radio" name="hb-restore-mode" checked={mode === 'merge'} onChange={() => setMode('merge')} />
              Merge: add the backup to what is here (for the same customer, the more recently updated record wins)
            </label>
            <label className="hb-lib-check">
              <input type="radio" name="hb-restore-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} />
              Replace: delete everything here first, then restore the backup exactly
            </label>
          </fieldset>
          <label className="hb-lib-check">
            <input type="checkbox" checked={withSettings} onChange={(e) => setWithSettings(e.target.checked)} disabled={state.step === 'restoring'} />
            Also restore settings (your name, initials, character limit, guard patterns…)
          </label>
          {mode === 'replace' && current && current.customers + current.interactions + current.templates + current.packs > 0 && (
            <Status kind="warn">
              Replace deletes the {plural(current.customers, 'customer')}, {plural(current.interactions, 'interaction')},{' '}
              {plural(current.templates, 'reply', 'replies')} and {plural(current.packs, 'pack')} in this browser.
            </Status>
          )}
          {state.step === 'restoring' && (
            <div>
              <progress
                aria-label="Restore progress"
                max={Math.max(1, state.progress?.total ?? 1)}
                value={state.progress ? state.progress.sent : 0}
              />
              <p className="hb-lib-muted" style={{ margin: '4px 0 0' }}>
                {state.progress?.phase === 'saving'
                  ? 'Saving everything in one step…'
                  : `Sending ${(state.progress?.sent ?? 0).toLocaleString()} of ${(state.progress?.total ?? 0).toLocaleString()} records…`}
              </p>
            </div>
          )}
          {state.step === 'failed' && <ErrorList errors={state.errors} title="Nothing was restored:" />}
          <div className="hb-lib-row">
            <button
              type="button"
              className={`hb-lib-btn ${mode === 'replace' ? 'hb-lib-btn-danger' : 'hb-lib-btn-primary'}`}
              disabled={state.step === 'restoring'}
              onClick={() => void restore(preview.fileName, preview.backup)}
            >
              {mode === 'replace' ? 'Replace and restore' : 'Restore'}
            </button>
            <button type="button" className="hb-lib-btn" onClick={reset} disabled={state.step === 'restoring'}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
