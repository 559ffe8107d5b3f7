import { useEffect, useRef, useState } from 'react';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import { loadSettings, saveSettings, watchSettings } from '@/lib/settings/store';
import { errorText } from '@/components/templates/library-ui';

// The state of one dashboard form over the synced settings (storage.sync holds them as one
// item; each form edits its own part of it): loaded, kept current when another tab or browser
// saves (unless this form has unsaved edits), saved with the rest of the stored settings left as
// they are.

export interface FormStatus {
  kind: 'ok' | 'error';
  text: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function useSettingsForm<F>(formOf: (s: Settings) => F, settingsOf: (f: F) => Partial<Settings>) {
  const [form, setForm] = useState<F | null>(null);
  const [saved, setSaved] = useState<F | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<FormStatus | null>(null);
  /** All stored settings, so the sync space counted includes the other forms' part. */
  const stored = useRef<Settings>(DEFAULT_SETTINGS);
  const latest = useRef({ form, saved });
  latest.current = { form, saved };

  useEffect(() => {
    const controller = new AbortController();
    const show = (s: Settings) => {
      stored.current = s;
      setForm(formOf(s));
      setSaved(formOf(s));
    };
    void loadSettings().then(show, () => show(DEFAULT_SETTINGS));
    watchSettings((s) => {
      // Saved from another tab or browser: show it unless this form has unsaved edits.
      const unsaved = latest.current.form !== null && !same(latest.current.form, latest.current.saved);
      stored.current = s;
      setSaved(formOf(s));
      if (!unsaved) setForm(formOf(s));
    }, controller.signal);
    return () => controller.abort();
    // formOf is a module-level function in every caller: loading once is right.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return {
    form,
    saved,
    busy,
    status,
    setStatus,
    stored,
    dirty: form !== null && !same(form, saved),
    /** Changes fields of the form (and clears the last status). */
    update: (patch: Partial<F>) => {
      setStatus(null);
      setForm((f) => (f ? { ...f, ...patch } : f));
    },
    /** Puts the form back to what is saved. */
    revert: () => saved && setForm(saved),
    /** Saves the form's part of the settings; `done` is the status shown when it worked. */
    save: async (done: string) => {
      if (!form || busy) return;
      setBusy(true);
      try {
        const next = await saveSettings(settingsOf(form));
        stored.current = next;
        setForm(formOf(next));
        setSaved(formOf(next));
        setStatus({ kind: 'ok', text: done });
      } catch (error) {
        setStatus({ kind: 'error', text: `Not saved: ${errorText(error)}` });
      } finally {
        setBusy(false);
      }
    },
  };
}
