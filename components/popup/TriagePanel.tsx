import { useEffect, useId, useState } from 'react';
import { request } from '@/lib/messages/client';
import type { PastTargetCase } from '@/lib/messages/protocol';
import { loadSettings, watchSettings } from '@/lib/settings/store';
import { STATUS_LABELS, shortDuration } from '@/lib/content/badge-label';
import { oneClickSearches, type OneClickSearch } from '@/lib/triage/searches';
import { profileUrl, statusUrl } from '@/lib/x/urls';

// The popup's triage part: the cases past their service-level target (what the toolbar badge
// counts), each a click from the tweet to answer on X, and the brand's searches of X.

const SHOWN = 8;

export function TriagePanel() {
  const lateId = useId();
  const [late, setLate] = useState<{ cases: PastTargetCase[]; now: number } | null | undefined>(undefined);
  const [searches, setSearches] = useState<OneClickSearch[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    // Asking the worker also brings the badge up to date with what the list shows.
    void request('sla.check', {})
      .then(() => request('sla.pastTarget', {}))
      .then(setLate, () => setLate(null));
    void loadSettings().then((s) => setSearches(oneClickSearches(s)), () => setSearches([]));
    watchSettings((s) => setSearches(oneClickSearches(s)), controller.signal);
    return () => controller.abort();
  }, []);

  return (
    <>
      {late === null && <p className="hb-error">Could not read the cases past target.</p>}
      {late && late.cases.length > 0 && (
        <section className="hb-popup-late" aria-labelledby={lateId}>
          <h2 id={lateId} className="hb-popup-heading">
            Past target · {late.cases.length}
          </h2>
          <ol className="hb-popup-list" aria-label="Cases past target, longest waiting first">
            {late.cases.slice(0, SHOWN).map((c) => (
              <li key={c.key} data-key={c.key}>
                <a
                  className="hb-popup-case"
                  href={c.tweetId ? statusUrl(c.handle, c.tweetId) : profileUrl(c.handle)}
                  target="_blank"
                  rel="noreferrer"
                  title={c.tweetId ? 'Open the tweet on X' : 'Open the profile on X'}
                >
                  <strong dir="auto">{c.displayName.trim() || c.handle}</strong> <span className="hb-muted">@{c.handle}</span>
                  <span className="hb-popup-wait">
                    {STATUS_LABELS[c.status]} {shortDuration(late.now - c.since)}
                  </span>
                </a>
              </li>
            ))}
          </ol>
          {late.cases.length > SHOWN && <p className="hb-muted hb-popup-more">and {late.cases.length - SHOWN} more in the dashboard&apos;s overview</p>}
        </section>
      )}
      {searches.length > 0 && (
        <nav className="hb-popup-searches" aria-label="Searches on X">
          {searches.map((s) => (
            <a key={`${s.name}\n${s.query}`} className="hb-popup-search" href={s.url} target="_blank" rel="noreferrer" title={s.query}>
              {s.name}
            </a>
          ))}
        </nav>
      )}
    </>
  );
}
