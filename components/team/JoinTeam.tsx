import { useEffect, useId, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getReadDatabase } from '@/lib/db/reader';
import { readBookCounts } from '@/lib/db/book-counts';
import { request } from '@/lib/messages/client';
import { loadSettings } from '@/lib/settings/store';
import { serverBase } from '@/lib/team/server-client';
import { errorText, Field, plural, Status } from '@/components/templates/library-ui';
import { askForSite, DEFAULT_SERVER, isLoopbackOrigin, type TeamStatus } from './team-ui';

/**
 * Joining a team with an invite. A server on another computer needs the site permission, asked
 * for from the click (before anything is awaited) like pack subscriptions do; refused, nothing is
 * sent. Errors show under the form, which keeps what was typed.
 */
export function JoinTeam({ onJoined }: { onJoined: (status: TeamStatus) => void }) {
  const headingId = useId();
  const bringHelpId = useId();
  const [server, setServer] = useState(DEFAULT_SERVER);
  const [invite, setInvite] = useState('');
  const [name, setName] = useState('');
  const [bring, setBring] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  // This page reads the personal book while not in a team.
  const customers = useLiveQuery(() => readBookCounts(getReadDatabase()).then((c) => c.customers), [], undefined);

  // The agent name from the settings is a good first guess for the name the team sees.
  useEffect(() => {
    let live = true;
    void loadSettings()
      .then((s) => live && s.agentName && setName((n) => (n === '' ? s.agentName : n)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const join = () => {
    if (busy) return;
    let origin: string;
    try {
      origin = serverBase(server);
    } catch (error) {
      setStatus({ kind: 'error', text: errorText(error) });
      return;
    }
    if (invite.trim() === '') return setStatus({ kind: 'error', text: 'Paste the invite your team lead gave you.' });
    if (name.trim() === '') return setStatus({ kind: 'error', text: 'Enter your name: your team sees it on your notes and replies.' });
    if (name.trim().length > 60) return setStatus({ kind: 'error', text: 'Your name can have at most 60 characters.' });
    const host = new URL(origin).host;
    // No await before this call: it must run in the click's user gesture.
    const asked = isLoopbackOrigin(origin) ? Promise.resolve('granted' as const) : askForSite(`${origin}/*`);
    setBusy(true);
    setStatus({ kind: 'info', text: isLoopbackOrigin(origin) ? `Joining the team at ${host}…` : `Asking for permission to reach ${host}…` });
    void (async () => {
      try {
        const permission = await asked;
        if (permission === 'refused') {
          setStatus({ kind: 'error', text: `Not joined: Handlebook needs your permission to reach the team server at ${host}. Nothing was sent.` });
          return;
        }
        if (permission === 'unavailable') {
          setStatus({
            kind: 'error',
            text: `Not joined: Handlebook cannot ask for permission to reach ${origin}. A team server on another computer needs an https:// address. Nothing was sent.`,
          });
          return;
        }
        setStatus({ kind: 'info', text: `Joining the team at ${host}…` });
        const reply = await request('team.join', { server: origin, invite: invite.trim(), name: name.trim(), bringPersonal: bring });
        setStatus(null);
        onJoined(reply);
      } catch (error) {
        setStatus({ kind: 'error', text: errorText(error) });
      } finally {
        setBusy(false);
      }
    })();
  };

  const count = customers ?? 0;
  return (
    <div className="hb-lib-card" role="region" aria-labelledby={headingId}>
      <h3 id={headingId}>Join a team</h3>
      <p className="hb-lib-muted" style={{ marginTop: 0 }}>
        Your team lead gives you the team server&apos;s address and an invite. Each invite works once.
      </p>
      <form
        className="hb-team-form"
        aria-labelledby={headingId}
        onSubmit={(e) => {
          e.preventDefault();
          join();
        }}
      >
        <div className="hb-lib-fields">
          <Field label="Server address">
            {(p) => (
              <input {...p} type="url" value={server} onChange={(e) => setServer(e.target.value)} spellCheck={false} autoComplete="off" disabled={busy} />
            )}
          </Field>
          <Field label="Invite">
            {(p) => (
              <input {...p} type="text" value={invite} onChange={(e) => setInvite(e.target.value)} spellCheck={false} autoComplete="off" disabled={busy} />
            )}
          </Field>
          <Field label="Your name" help="Your team sees it on your notes and replies.">
            {(p) => <input {...p} type="text" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} autoComplete="off" disabled={busy} />}
          </Field>
        </div>
        <div>
          <label className="hb-lib-check">
            <input
              type="checkbox"
              checked={bring}
              onChange={(e) => setBring(e.target.checked)}
              aria-describedby={bringHelpId}
              disabled={busy || count === 0}
              data-team-bring={count}
            />
            Also bring my {plural(count, 'customer')} and canned replies into the team
          </label>
          <p id={bringHelpId} className="hb-lib-muted hb-lib-small hb-team-help">
            Otherwise they stay personal in this browser, out of the team, and come back when you leave it.
          </p>
        </div>
        {status && <Status kind={status.kind}>{status.text}</Status>}
        <div className="hb-lib-row">
          <button type="submit" className="hb-lib-btn hb-lib-btn-primary" disabled={busy}>
            Join
          </button>
        </div>
      </form>
    </div>
  );
}
