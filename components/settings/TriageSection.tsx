import { useId, useMemo } from 'react';
import { browser } from 'wxt/browser';
import { STATUS_LABELS } from '@/lib/content/badge-label';
import { oneClickSearches } from '@/lib/triage/searches';
import { errorText, Field, Status } from '@/components/templates/library-ui';
import { SYNC_ITEM_QUOTA, syncBytes } from './SettingsSection';
import { RulesEditor } from './RulesEditor';
import { useSettingsForm } from './use-settings-form';
import { checkForm, formOf, isValid, settingsOf, TARGET_STATUSES } from './triage-form';
import '@/components/templates/library.css';

// Watch terms, saved searches, rules and service-level targets: synced like the other settings
// (one storage.sync item, 8 KB with them all), saved by this section alone.

export function TriageSection() {
  const headingId = useId();
  const { form, busy, status, setStatus, stored, dirty, update, revert, save } = useSettingsForm(formOf, settingsOf);

  const checks = useMemo(() => {
    if (!form) return null;
    const fields = checkForm(form);
    const bytes = syncBytes({ ...stored.current, ...settingsOf(form) });
    return { fields, bytes, ok: isValid(fields) && bytes <= SYNC_ITEM_QUOTA };
  }, [form]);

  if (!form || !checks) {
    return (
      <section className="hb-lib-section" aria-labelledby={headingId}>
        <h2 id={headingId}>Watch &amp; rules</h2>
        <p className="hb-lib-muted">Loading…</p>
      </section>
    );
  }

  const searches = oneClickSearches(settingsOf(form));

  const toggleNotify = (on: boolean) => {
    if (!on) return update({ slaNotify: false });
    // Asked here, in the click: the browser shows its prompt only for a person's gesture.
    void browser.permissions.request({ permissions: ['notifications'] }).then(
      (granted) => {
        if (granted) update({ slaNotify: true });
        else setStatus({ kind: 'error', text: 'Desktop alerts need the notifications permission, which was not given.' });
      },
      (error: unknown) => setStatus({ kind: 'error', text: `Could not ask for the notifications permission: ${errorText(error)}` }),
    );
  };

  const saveForm = () => checks.ok && save('Saved. Rules apply to the next tweet you log; the badge counts with the new targets.');

  return (
    <section className="hb-lib-section hb-settings" aria-labelledby={headingId}>
      <h2 id={headingId}>Watch &amp; rules</h2>
      <p className="hb-lib-intro">What the brand listens for on X, what happens to the tweets you log, and how long a customer may wait.</p>
      <form
        className="hb-set-form"
        aria-label="Watch and rules"
        onSubmit={(e) => {
          e.preventDefault();
          void saveForm();
        }}
      >
        <div className="hb-lib-card">
          <h3>Watch terms</h3>
          <div className="hb-lib-fields">
            <Field label="The brand's handles" help="Your accounts on X, like @northwind_help." error={checks.fields.handles}>
              {(p) => <input {...p} type="text" value={form.brandHandles} onChange={(e) => update({ brandHandles: e.target.value })} spellCheck={false} />}
            </Field>
            <Field
              label="Watch terms"
              help={<>Words, &quot;phrases&quot;, #hashtags, $cashtags; a minus before a term leaves out tweets with it (-giveaway). Case and accents do not matter.</>}
              error={checks.fields.watchTerms}
            >
              {(p) => <input {...p} type="text" value={form.watchTerms} onChange={(e) => update({ watchTerms: e.target.value })} spellCheck={false} />}
            </Field>
          </div>
          <h4 style={{ marginTop: 12 }}>Saved searches</h4>
          {form.savedSearches.length > 0 && (
            <ul className="hb-set-patterns" aria-label="Saved searches">
              {form.savedSearches.map((q, i) => {
                const error = checks.fields.searches.get(i);
                const set = (patch: Partial<typeof q>) => update({ savedSearches: form.savedSearches.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
                return (
                  <li key={i} className="hb-set-pattern">
                    <input type="text" aria-label={`Name of search ${i + 1}`} placeholder="Name" value={q.name} onChange={(e) => set({ name: e.target.value })} aria-invalid={!!error} />
                    <input type="text" aria-label={`Search ${i + 1}`} placeholder="What X should search for" value={q.query} onChange={(e) => set({ query: e.target.value })} aria-invalid={!!error} spellCheck={false} />
                    <button type="button" className="hb-lib-btn hb-lib-btn-quiet" aria-label={`Remove search ${i + 1}`} onClick={() => update({ savedSearches: form.savedSearches.filter((_, j) => j !== i) })}>
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
          <div className="hb-lib-row" style={{ marginTop: 10 }}>
            <button type="button" className="hb-lib-btn" disabled={form.savedSearches.length >= 20} onClick={() => update({ savedSearches: [...form.savedSearches, { name: '', query: '' }] })}>
              Add a search
            </button>
          </div>
          {searches.length > 0 && (
            <nav className="hb-lib-row" style={{ marginTop: 10 }} aria-label="Open on X">
              {searches.map((s) => (
                <a key={`${s.name}\n${s.query}`} className="hb-lib-btn" href={s.url} target="_blank" rel="noreferrer" title={s.query}>
                  Search X: {s.name}
                </a>
              ))}
            </nav>
          )}
        </div>

        <div className="hb-lib-card">
          <h3>Rules</h3>
          <p className="hb-lib-muted" style={{ marginTop: 0 }}>
            When you log a tweet that matches a rule&apos;s terms, the customer gets its tags and the case its status (the first rule with a status
            wins).
          </p>
          <RulesEditor rules={form.rules} errors={checks.fields.rules} onChange={(rules) => update({ rules })} />
        </div>

        <div className="hb-lib-card">
          <h3>Waiting too long</h3>
          <p className="hb-lib-muted" style={{ marginTop: 0 }}>
            Minutes a case may stay in each status; the toolbar icon shows how many are past their target. Empty: no target.
          </p>
          <div className="hb-lib-fields">
            {TARGET_STATUSES.map((s) => (
              <Field key={s} label={`${STATUS_LABELS[s]} (minutes)`} error={checks.fields.targets[s]}>
                {(p) => (
                  <input {...p} type="number" min={1} max={43_200} step={1} value={form.targets[s]} onChange={(e) => update({ targets: { ...form.targets, [s]: e.target.value } })} />
                )}
              </Field>
            ))}
          </div>
          <label className="hb-lib-check" style={{ marginTop: 10 }}>
            <input type="checkbox" checked={form.slaNotify} onChange={(e) => toggleNotify(e.target.checked)} />
            Show a desktop notification when a case passes its target
          </label>
        </div>

        <p className="hb-lib-muted hb-lib-small" style={{ margin: 0 }} aria-label="Sync space">
          All settings use {checks.bytes.toLocaleString()} of {SYNC_ITEM_QUOTA.toLocaleString()} bytes of sync space.
        </p>
        {checks.bytes > SYNC_ITEM_QUOTA && <Status kind="error">Too much to sync: shorten or remove some rules or searches.</Status>}
        {status && <Status kind={status.kind}>{status.text}</Status>}
        <div className="hb-lib-row">
          <button type="submit" className="hb-lib-btn hb-lib-btn-primary" disabled={!checks.ok || busy || !dirty}>
            Save watch &amp; rules
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
