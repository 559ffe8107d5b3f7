import { useId, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { browser } from 'wxt/browser';
import { getReadDatabase } from '@/lib/db/reader';
import { readAllTemplates } from '@/lib/db/template-store';
import type { Pack, Template } from '@/lib/db/types';
import { request } from '@/lib/messages/client';
import { checkSubscriptionUrl } from '@/lib/packs/subscriptions';
import { Clip, errorText, formatDateTime, plural, Status, useMinuteClock } from '@/components/templates/library-ui';

// Subscribing to a pack by URL and the list of installed packs (with their last check, the last
// error and the time it happened, "Update now" and removal).
//
// The site permission is asked for inside the click handler, before anything is awaited: Chrome
// only shows the prompt during a user gesture. If the permission is already granted, Chrome
// answers at once without a prompt.

async function askForSite(pattern: string): Promise<boolean> {
  try {
    return await browser.permissions.request({ origins: [pattern] });
  } catch {
    return false;
  }
}

export function SubscribePanel() {
  const headingId = useId();
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | null>(null);

  const subscribe = () => {
    const checked = checkSubscriptionUrl(url);
    if (!checked.ok) {
      setStatus({ kind: 'error', text: checked.message });
      return;
    }
    setBusy(true);
    setStatus({ kind: 'info', text: `Asking for permission to read ${new URL(checked.url).hostname}…` });
    // No await before this call: it must run in the click's user gesture.
    const asked = askForSite(checked.pattern);
    void (async () => {
      try {
        if (!(await asked)) {
          setStatus({ kind: 'error', text: `Not subscribed: Handlebook needs permission to read ${new URL(checked.url).hostname} to download the pack.` });
          return;
        }
        setStatus({ kind: 'info', text: 'Downloading the pack…' });
        const reply = await request('packs.subscribe', { url: checked.url });
        setStatus({
          kind: 'ok',
          text: `Subscribed to “${reply.packName}”: ${plural(reply.counts.new, 'new reply', 'new replies')}${reply.counts.conflict ? `, ${reply.counts.conflict} kept as you edited them` : ''}. It is checked for updates every 6 hours.`,
        });
        setUrl('');
      } catch (error) {
        setStatus({ kind: 'error', text: errorText(error) });
      } finally {
        setBusy(false);
      }
    })();
  };

  return (
    <div className="hb-lib-card" role="region" aria-labelledby={headingId}>
      <h3 id={headingId}>Subscribe by URL</h3>
      <p className="hb-lib-muted" style={{ marginTop: 0 }}>
        Your team lead publishes a pack at an HTTPS address; Handlebook checks it every 6 hours and keeps replies you edited.
      </p>
      <form
        className="hb-lib-row"
        onSubmit={(e) => {
          e.preventDefault();
          subscribe();
        }}
      >
        <input
          type="url"
          className="hb-lib-grow"
          placeholder="https://example.com/team-pack.json"
          aria-label="Pack address"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          spellCheck={false}
        />
        <button type="submit" className="hb-lib-btn hb-lib-btn-primary" disabled={busy || url.trim() === ''}>
          Subscribe
        </button>
      </form>
      {status && (
        <div style={{ marginTop: 10 }}>
          <Status kind={status.kind}>{status.text}</Status>
        </div>
      )}
    </div>
  );
}

export function InstalledPacks() {
  const headingId = useId();
  const db = getReadDatabase();
  const packs = useLiveQuery(() => db.packs.toArray(), []);
  const templates = useLiveQuery(async () => (await readAllTemplates(db)).filter((t) => t.source !== undefined), [], [] as Template[]);
  const now = useMinuteClock();
  const byPack = useMemo(() => {
    const map = new Map<string, { total: number; edited: number; flagged: number }>();
    for (const t of templates) {
      const s = t.source;
      if (!s) continue;
      const entry = map.get(s.packId) ?? { total: 0, edited: 0, flagged: 0 };
      entry.total++;
      if (s.edited) entry.edited++;
      if (s.upstreamChanged) entry.flagged++;
      map.set(s.packId, entry);
    }
    return map;
  }, [templates]);
  const sorted = useMemo(() => [...(packs ?? [])].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)), [packs]);

  return (
    <div className="hb-lib-card" role="region" aria-labelledby={headingId}>
      <h3 id={headingId}>Installed packs</h3>
      {packs && packs.length === 0 && <p className="hb-lib-muted">No packs yet. Import a file or subscribe to a URL.</p>}
      <ul className="hb-pack-list" aria-label="Installed packs">
        {sorted.map((p) => (
          <PackItem key={p.id} pack={p} stats={byPack.get(p.id) ?? { total: 0, edited: 0, flagged: 0 }} now={now} />
        ))}
      </ul>
    </div>
  );
}

function PackItem({ pack, stats, now }: { pack: Pack; stats: { total: number; edited: number; flagged: number }; now: number }) {
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | null>(null);
  const subscribed = pack.subscriptionUrl !== undefined;

  const update = () => {
    const checked = checkSubscriptionUrl(pack.subscriptionUrl ?? '');
    if (!checked.ok) {
      setStatus({ kind: 'error', text: checked.message });
      return;
    }
    setBusy(true);
    setStatus({ kind: 'info', text: 'Checking for a new version…' });
    // In the click's gesture: re-asks for the site if the permission was removed meanwhile.
    const asked = askForSite(checked.pattern);
    void (async () => {
      try {
        await asked;
        const { results } = await request('packs.refresh', { packId: pack.id });
        const r = results[0];
        if (!r) setStatus(null);
        else if (r.status === 'not-modified') setStatus({ kind: 'ok', text: 'Up to date: the pack has not changed.' });
        else if (r.status === 'updated') {
          const c = r.counts;
          setStatus({ kind: 'ok', text: `Updated: ${c?.new ?? 0} new, ${c?.changed ?? 0} changed, ${c?.conflict ?? 0} kept as you edited them, ${c?.removedUpstream ?? 0} removed upstream.` });
        } else setStatus(null); // the error is shown from the pack row
      } catch (error) {
        setStatus({ kind: 'error', text: errorText(error) });
      } finally {
        setBusy(false);
      }
    })();
  };

  const remove = async () => {
    setBusy(true);
    try {
      await request('packs.remove', { packId: pack.id });
    } catch (error) {
      setStatus({ kind: 'error', text: errorText(error) });
      setBusy(false);
    }
  };

  const unedited = stats.total - stats.edited;
  return (
    <li className="hb-pack-item" aria-label={`Pack ${pack.name}`}>
      <div className="hb-pack-item-head">
        <strong>
          <Clip>{pack.name}</Clip>
        </strong>
        <code className="hb-lib-path">{pack.id}</code>
        {subscribed && <span className="hb-lib-badge hb-lib-badge-accent">Subscribed</span>}
        {stats.flagged > 0 && <span className="hb-lib-badge hb-lib-badge-warn">{stats.flagged} updated upstream</span>}
      </div>
      {pack.description && (
        <p className="hb-lib-muted hb-lib-small hb-lib-wrap" style={{ margin: 0 }}>
          {pack.description}
        </p>
      )}
      <dl>
        <dt>Replies</dt>
        <dd>
          {plural(stats.total, 'reply', 'replies')} in your library{stats.edited ? `, ${stats.edited} edited by you` : ''} (the pack has{' '}
          {pack.templateCount.toLocaleString()})
        </dd>
        {pack.author && (
          <>
            <dt>Author</dt>
            <dd>
              <Clip>{pack.author}</Clip>
            </dd>
          </>
        )}
        {subscribed ? (
          <>
            <dt>Address</dt>
            <dd>
              <Clip>{pack.subscriptionUrl!}</Clip>
            </dd>
            <dt>Last checked</dt>
            <dd data-field="lastCheckedAt">{formatDateTime(pack.lastCheckedAt)}</dd>
            <dt>Last update</dt>
            <dd>{formatDateTime(pack.lastSuccessAt)}</dd>
          </>
        ) : (
          <>
            <dt>Imported</dt>
            <dd>{formatDateTime(pack.importedAt)}</dd>
          </>
        )}
      </dl>
      {pack.lastError && (
        <div className="hb-lib-status hb-lib-status-error" role="alert" aria-label="Last refresh failed">
          <strong>The last check failed</strong> ({formatDateTime(pack.lastCheckedAt)}
          {pack.lastCheckedAt && now - pack.lastCheckedAt < 60_000 ? ', just now' : ''}): <bdi className="hb-lib-wrap">{pack.lastError}</bdi>. The
          last good version stays.
        </div>
      )}
      {status && <Status kind={status.kind}>{status.text}</Status>}
      <div className="hb-lib-row">
        {subscribed && (
          <button type="button" className="hb-lib-btn" onClick={update} disabled={busy}>
            Update now
          </button>
        )}
        <span className="hb-lib-grow" />
        {confirm ? (
          <span className="hb-lib-row" role="group" aria-label="Confirm removal">
            <span className="hb-lib-small">
              {unedited > 0 ? `${plural(unedited, 'unedited reply', 'unedited replies')} will be deleted` : 'No unedited replies to delete'}
              {stats.edited ? `; ${stats.edited} you edited stay` : ''}.
            </span>
            <button type="button" className="hb-lib-btn hb-lib-btn-danger" onClick={() => void remove()} disabled={busy}>
              {subscribed ? 'Yes, unsubscribe' : 'Yes, remove'}
            </button>
            <button type="button" className="hb-lib-btn" onClick={() => setConfirm(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" className="hb-lib-btn hb-lib-btn-danger" onClick={() => setConfirm(true)} disabled={busy}>
            {subscribed ? 'Unsubscribe' : 'Remove pack'}
          </button>
        )}
      </div>
    </li>
  );
}
