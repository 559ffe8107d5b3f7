import { useId, useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getReadDatabase } from '@/lib/db/reader';
import { readAllInteractions } from '@/lib/db/history-store';
import type { Interaction } from '@/lib/db/types';
import { STATUS_LABELS } from '@/lib/content/badge-label';
import { applyRules, compileRules } from '@/lib/triage/rules';
import { ruleOf, type RuleRow } from './triage-form';

// The rules, edited as rows, and what they would do to the latest logged tweets: the preview
// runs the very function the background applies (lib/triage/rules.ts) on the unsaved rows.

/** Logged tweets the preview runs the rules on. */
export const PREVIEW_TWEETS = 200;
const PREVIEW_SHOWN = 10;

async function recentLoggedTweets(): Promise<Interaction[]> {
  const all = await readAllInteractions(getReadDatabase());
  return all.filter((i) => i.direction === 'in').sort((a, b) => b.at - a.at).slice(0, PREVIEW_TWEETS);
}

export function RulesEditor({
  rules,
  errors,
  onChange,
}: {
  rules: RuleRow[];
  errors: ReadonlyMap<number, string>;
  onChange: (rules: RuleRow[]) => void;
}) {
  const previewId = useId();
  const tweets = useLiveQuery(() => recentLoggedTweets().catch(() => [] as Interaction[]), []);
  const preview = useMemo(() => {
    if (!tweets) return undefined;
    const compiled = compileRules(rules.filter((r) => r.terms.trim()).map(ruleOf));
    const perRule = new Map<string, number>();
    const hits: { tweet: Interaction; tags: string[]; status?: string }[] = [];
    for (const tweet of tweets) {
      const effect = applyRules(compiled, tweet.text);
      if (!effect.ruleIds.length) continue;
      for (const id of effect.ruleIds) perRule.set(id, (perRule.get(id) ?? 0) + 1);
      hits.push({ tweet, tags: effect.tags, ...(effect.status ? { status: STATUS_LABELS[effect.status] } : {}) });
    }
    return { perRule, hits };
  }, [tweets, rules]);

  const update = (i: number, patch: Partial<RuleRow>) => onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <>
      {rules.length > 0 && (
        <ul className="hb-set-patterns hb-rules" aria-label="Rules">
          {rules.map((r, i) => {
            const error = errors.get(i);
            const n = preview?.perRule.get(r.id) ?? 0;
            return (
              <li key={r.id} className="hb-rule" data-rule={r.id}>
                <input type="text" aria-label={`Terms of rule ${i + 1}`} placeholder='refund "money back" -giveaway' value={r.terms} onChange={(e) => update(i, { terms: e.target.value })} aria-invalid={!!error} spellCheck={false} />
                <input type="text" aria-label={`Tags of rule ${i + 1}`} placeholder="billing, urgent" value={r.tags} onChange={(e) => update(i, { tags: e.target.value })} aria-invalid={!!error} />
                <select aria-label={`Status set by rule ${i + 1}`} value={r.status} onChange={(e) => update(i, { status: e.target.value as RuleRow['status'] })}>
                  <option value="">Status unchanged</option>
                  <option value="open">{STATUS_LABELS.open}</option>
                  <option value="waiting_us">{STATUS_LABELS.waiting_us}</option>
                  <option value="waiting_them">{STATUS_LABELS.waiting_them}</option>
                  <option value="resolved">{STATUS_LABELS.resolved}</option>
                </select>
                <button type="button" className="hb-lib-btn hb-lib-btn-quiet" aria-label={`Remove rule ${i + 1}`} onClick={() => onChange(rules.filter((_, j) => j !== i))}>
                  Remove
                </button>
                <span className="hb-lib-muted hb-lib-small" data-rule-matches={n}>
                  {tweets ? `Matches ${n} of the last ${tweets.length} logged tweets` : 'Reading logged tweets…'}
                </span>
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
        disabled={rules.length >= 50}
        onClick={() => onChange([...rules, { id: crypto.randomUUID().slice(0, 8), terms: '', tags: '', status: '' }])}
      >
        Add a rule
      </button>
      {preview && rules.length > 0 && (
        <section className="hb-rule-preview" aria-labelledby={previewId}>
          <h4 id={previewId}>Preview on the latest logged tweets</h4>
          {!preview.hits.length ? (
            <p className="hb-lib-muted">None of the last {tweets!.length} logged tweets matches these rules.</p>
          ) : (
            <table className="hb-mini-table" aria-labelledby={previewId}>
              <thead>
                <tr>
                  <th scope="col">Tweet</th>
                  <th scope="col">Tags added</th>
                  <th scope="col">Case</th>
                </tr>
              </thead>
              <tbody>
                {preview.hits.slice(0, PREVIEW_SHOWN).map(({ tweet, tags, status }) => (
                  <tr key={tweet.id}>
                    <td>
                      <bdi className="hb-lib-clip" dir="auto" title={tweet.text}>
                        {tweet.excerpt}
                      </bdi>
                    </td>
                    <td>{tags.join(', ') || '—'}</td>
                    <td>{status ?? 'unchanged'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {preview.hits.length > PREVIEW_SHOWN && <p className="hb-lib-muted hb-lib-small">and {preview.hits.length - PREVIEW_SHOWN} more.</p>}
        </section>
      )}
    </>
  );
}
