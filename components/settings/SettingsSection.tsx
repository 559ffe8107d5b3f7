import { useId, useMemo, type KeyboardEvent } from 'react';
import { compileCustomPatterns } from '@/lib/text/pii';
import { settingsSchema, type Settings } from '@/lib/settings/schema';
import { Field, Status } from '@/components/templates/library-ui';
import { useSettingsForm } from './use-settings-form';
import '@/components/templates/library.css';

// The person's settings, saved in storage.sync (they follow the person to their other
// browsers). storage.sync allows 8,192 bytes per item and the settings are one item, so the
// form shows how much of that is used and refuses a save that would not fit.

/** chrome.storage.sync.QUOTA_BYTES_PER_ITEM: the key's length plus the JSON of the value. */
export const SYNC_ITEM_QUOTA = 8_192;
const STORAGE_KEY = 'settings';
const MAX_PATTERNS = 30;
const SHORTCUT = /^(?:(?:alt|shift|ctrl|meta|cmd)\+){1,4}[^+\s]{1,12}$/i;

/** Bytes the settings take in storage.sync, counted as Chrome does. */
export function syncBytes(settings: Settings): number {
  return new TextEncoder().encode(STORAGE_KEY + JSON.stringify(settings)).length;
}

interface Form {
  agentName: string;
  initials: string;
  signOff: boolean;
  charLimit: string;
  pickerShortcut: string;
  shortcutExpansion: boolean;
  claimOnReply: boolean;
  guardPatterns: { label: string; pattern: string }[];
}

function formOf(s: Settings): Form {
  return {
    agentName: s.agentName,
    initials: s.initials,
    signOff: s.signOff,
    charLimit: String(s.charLimit),
    pickerShortcut: s.pickerShortcut,
    shortcutExpansion: s.shortcutExpansion,
    claimOnReply: s.claimOnReply,
    guardPatterns: s.guardPatterns.map((p) => ({ ...p })),
  };
}

/** The settings this form edits; the others (watch terms, rules, targets) have their own section. */
type OwnSettings = Pick<Settings, 'agentName' | 'initials' | 'signOff' | 'charLimit' | 'pickerShortcut' | 'shortcutExpansion' | 'claimOnReply' | 'guardPatterns'>;

function settingsOf(f: Form): OwnSettings {
  return {
    agentName: f.agentName.trim(),
    initials: f.initials.trim(),
    signOff: f.signOff,
    charLimit: Number(f.charLimit),
    pickerShortcut: f.pickerShortcut.trim(),
    shortcutExpansion: f.shortcutExpansion,
    claimOnReply: f.claimOnReply,
    guardPatterns: f.guardPatterns.map((p) => ({ label: p.label.trim(), pattern: p.pattern })),
  };
}

function keyName(e: KeyboardEvent): string | null {
  if (['Shift', 'Alt', 'Control', 'Meta', 'AltGraph'].includes(e.key)) return null;
  if (/^Key[A-Z]$/.test(e.code)) return e.code.slice(3);
  if (/^Digit\d$/.test(e.code)) return e.code.slice(5);
  return e.key.length === 1 ? e.key.toUpperCase() : e.key;
}

export function SettingsSection() {
  const headingId = useId();
  const { form, busy, status, stored, dirty, update, revert, save } = useSettingsForm(formOf, settingsOf);

  const checks = useMemo(() => {
    if (!form) return null;
    const fields: Partial<Record<keyof Form, string>> = {};
    if (form.agentName.trim().length > 100) fields.agentName = 'At most 100 characters.';
    if (form.initials.trim().length > 10) fields.initials = 'At most 10 characters.';
    const limit = Number(form.charLimit);
    if (form.charLimit.trim() === '' || !Number.isInteger(limit) || limit < 1 || limit > 25_000) fields.charLimit = 'A whole number from 1 to 25,000.';
    if (!SHORTCUT.test(form.pickerShortcut.trim())) fields.pickerShortcut = 'Like Alt+Shift+R: one or more of Alt, Shift, Ctrl, Meta, then a key.';
    if (form.signOff && form.initials.trim() === '') fields.initials = 'Add your initials to sign replies off.';
    const patternErrors = new Map<number, string>();
    form.guardPatterns.forEach((p, i) => {
      if (p.label.trim() === '') patternErrors.set(i, 'Give the pattern a label.');
      else if (p.label.trim().length > 60) patternErrors.set(i, 'The label can have at most 60 characters.');
      else if (p.pattern.length > 500) patternErrors.set(i, 'The pattern can have at most 500 characters.');
    });
    const compiled = compileCustomPatterns(form.guardPatterns.map((p) => ({ label: p.label, pattern: p.pattern })));
    for (const e of compiled.errors) if (!patternErrors.has(e.index)) patternErrors.set(e.index, e.message);
    const settings: Settings = { ...stored.current, ...settingsOf(form) };
    const valid = settingsSchema.safeParse(settings).success;
    const bytes = syncBytes(settings);
    const ok = Object.keys(fields).length === 0 && patternErrors.size === 0 && valid && bytes <= SYNC_ITEM_QUOTA;
    return { fields, patternErrors, bytes, ok };
  }, [form]);

  if (!form || !checks) {
    return (
      <section className="hb-lib-section" aria-labelledby={headingId}>
        <h2 id={headingId}>Settings</h2>
        <p className="hb-lib-muted">Loading…</p>
      </section>
    );
  }

  const updatePattern = (index: number, patch: Partial<Form['guardPatterns'][number]>) =>
    update({ guardPatterns: form.guardPatterns.map((p, i) => (i === index ? { ...p, ...patch } : p)) });

  const saveForm = () => checks.ok && save('Settings saved. They apply to open x.com tabs right away.');

  return (
    <section className="hb-lib-section hb-settings" aria-labelledby={headingId}>
      <h2 id={headingId}>Settings</h2>
      <p className="hb-lib-intro">These follow you to your other browsers through your browser&apos;s sync.</p>
      <form
        className="hb-set-form"
        aria-label="Settings"
        onSubmit={(e) => {
          e.preventDefault();
          void saveForm();
        }}
      >
        <div className="hb-lib-card">
          <h3>You</h3>
          <div className="hb-lib-fields">
            <Field label="Agent name" help="Fills {{agent}} in replies." error={checks.fields.agentName}>
              {(p) => <input {...p} type="text" value={form.agentName} onChange={(e) => update({ agentName: e.target.value })} />}
            </Field>
            <Field label="Initials" help="Fills {{initials}}." error={checks.fields.initials}>
              {(p) => <input {...p} type="text" value={form.initials} onChange={(e) => update({ initials: e.target.value })} />}
            </Field>
          </div>
          <label className="hb-lib-check" style={{ marginTop: 10 }}>
            <input type="checkbox" checked={form.signOff} onChange={(e) => update({ signOff: e.target.checked })} />
            Sign inserted replies off with ^{form.initials.trim() || 'initials'}
          </label>
        </div>

        <div className="hb-lib-card">
          <h3>Composer</h3>
          <div className="hb-lib-fields">
            <Field label="Character limit" help="280 for most accounts; X Premium allows up to 25,000." error={checks.fields.charLimit}>
              {(p) => (
                <input {...p} type="number" min={1} max={25_000} step={1} value={form.charLimit} onChange={(e) => update({ charLimit: e.target.value })} />
              )}
            </Field>
            <Field label="Picker shortcut" help="Press the keys in this box, or type them like Alt+Shift+R." error={checks.fields.pickerShortcut}>
              {(p) => (
                <input
                  {...p}
                  type="text"
                  value={form.pickerShortcut}
                  onChange={(e) => update({ pickerShortcut: e.target.value })}
                  onKeyDown={(e) => {
                    if (!(e.altKey || e.ctrlKey || e.metaKey)) return;
                    const key = keyName(e);
                    if (!key) return;
                    e.preventDefault();
                    const mods = [e.ctrlKey && 'Ctrl', e.metaKey && 'Meta', e.altKey && 'Alt', e.shiftKey && 'Shift'].filter(Boolean).join('+');
                    update({ pickerShortcut: `${mods}+${key}` });
                  }}
                  spellCheck={false}
                />
              )}
            </Field>
          </div>
          <label className="hb-lib-check" style={{ marginTop: 10 }}>
            <input type="checkbox" checked={form.shortcutExpansion} onChange={(e) => update({ shortcutExpansion: e.target.checked })} />
            Expand ;shortcuts typed in X&apos;s reply box
          </label>
          <label className="hb-lib-check" style={{ marginTop: 10 }}>
            <input type="checkbox" checked={form.claimOnReply} onChange={(e) => update({ claimOnReply: e.target.checked })} />
            In a team: when I reply to an open case nobody owns, assign it to me
          </label>
        </div>

        <div className="hb-lib-card">
          <h3>Send guard: your own patterns</h3>
          <p className="hb-lib-muted" style={{ marginTop: 0 }}>
            Besides e-mail addresses, phone numbers, card numbers and IBANs, warn before sending text that matches these regular expressions (for
            example order numbers: <code>ORD-\d{'{6}'}</code>).
          </p>
          {form.guardPatterns.length > 0 && (
            <ul className="hb-set-patterns" aria-label="Guard patterns">
              {form.guardPatterns.map((p, i) => {
                const error = checks.patternErrors.get(i);
                return (
                  <li key={i} className="hb-set-pattern">
                    <input
                      type="text"
                      aria-label={`Label of pattern ${i + 1}`}
                      placeholder="Label"
                      value={p.label}
                      onChange={(e) => updatePattern(i, { label: e.target.value })}
                      aria-invalid={!!error}
                    />
                    <input
                      type="text"
                      aria-label={`Pattern ${i + 1}`}
                      placeholder="Regular expression"
                      value={p.pattern}
                      onChange={(e) => updatePattern(i, { pattern: e.target.value })}
                      aria-invalid={!!error}
                      spellCheck={false}
                      style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}
                    />
                    <button
                      type="button"
                      className="hb-lib-btn hb-lib-btn-quiet"
                      aria-label={`Remove pattern ${i + 1}`}
                      onClick={() => update({ guardPatterns: form.guardPatterns.filter((_, j) => j !== i) })}
                    >
                      Remove
                    </button>
                    {error && (
                      <span className="hb-lib-field-error" role="alert">
                        {error}
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
          <button
            type="button"
            className="hb-lib-btn"
            style={{ marginTop: 10 }}
            disabled={form.guardPatterns.length >= MAX_PATTERNS}
            onClick={() => update({ guardPatterns: [...form.guardPatterns, { label: '', pattern: '' }] })}
          >
            Add a pattern
          </button>
        </div>

        <p className="hb-lib-muted hb-lib-small" style={{ margin: 0 }} aria-label="Sync space">
          Uses {checks.bytes.toLocaleString()} of {SYNC_ITEM_QUOTA.toLocaleString()} bytes of sync space.
        </p>
        {checks.bytes > SYNC_ITEM_QUOTA && (
          <Status kind="error">
            Too much to sync: the settings would take {checks.bytes.toLocaleString()} bytes and your browser syncs at most{' '}
            {SYNC_ITEM_QUOTA.toLocaleString()}. Shorten or remove some patterns.
          </Status>
        )}
        {status && <Status kind={status.kind}>{status.text}</Status>}
        <div className="hb-lib-row">
          <button type="submit" className="hb-lib-btn hb-lib-btn-primary" disabled={!checks.ok || busy || !dirty}>
            Save settings
          </button>
          {dirty && (
            <button type="button" className="hb-lib-btn" onClick={revert}>
              Discard changes
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
