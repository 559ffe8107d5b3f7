import { useId, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getReadDatabase } from '@/lib/db/reader';
import { request } from '@/lib/messages/client';
import { SAMPLE_CUSTOMERS, SAMPLE_PACK, SAMPLE_TAG, SAMPLE_TOUR_HANDLE } from '@/lib/sample/desk';
import { readSampleState, sampleLoaded } from '@/lib/sample/state';
import { profileUrl } from '@/lib/x/urls';
import { errorText, Status } from '@/components/templates/library-ui';
import { loadedText, removedText } from './sample-text';

type Outcome = { kind: 'ok' | 'error'; text: string };

/**
 * Load the sample desk, then a link to x.com where one of its customers surely has posts (X's
 * own account), and one click to take it all out again. The page reads what is loaded live;
 * the writes are the worker's (sample.load, sample.remove).
 */
export function SampleDeskPanel({ teamName }: { teamName: string | undefined }) {
  const headingId = useId();
  const db = getReadDatabase();
  const state = useLiveQuery(() => readSampleState(db), [], undefined);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const loaded = sampleLoaded(state);

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    try {
      setOutcome({ kind: 'ok', text: await action() });
    } catch (error) {
      setOutcome({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };
  const load = () => run(async () => loadedText(await request('sample.load', {})));
  const remove = () => run(async () => removedText(await request('sample.remove', {})));

  return (
    <section className="hb-welcome-card" aria-labelledby={headingId} data-sample-loaded={state === undefined ? undefined : String(loaded)}>
      <h2 id={headingId}>Try it with a sample desk</h2>
      <p className="hb-muted">
        {SAMPLE_CUSTOMERS.length} made-up customers with notes, open cases and a little history, and {SAMPLE_PACK.templates.length} canned
        replies. Each customer is tagged <span className="hb-welcome-tag">{SAMPLE_TAG}</span> and the replies come as the pack “{SAMPLE_PACK.name}”:
        one click takes them all out again, and never touches your own.
      </p>
      {teamName !== undefined && !loaded && (
        <p className="hb-lib-status hb-lib-status-info" role="note">
          This browser is in the team “<bdi>{teamName}</bdi>”: the sample desk would be shared with every member, so it is not offered here. Try
          it in a browser profile that is not in a team.
        </p>
      )}
      {state !== undefined && !loaded && (
        <button type="button" className="hb-lib-btn hb-lib-btn-primary" onClick={() => void load()} disabled={busy || teamName !== undefined}>
          {busy ? 'Loading…' : 'Load the sample desk'}
        </button>
      )}
      {loaded && (
        <>
          <p>
            <a className="hb-lib-btn hb-lib-btn-primary hb-welcome-link" href={profileUrl(SAMPLE_TOUR_HANDLE)} target="_blank" rel="noreferrer">
              See it on x.com
            </a>
          </p>
          <p className="hb-muted">
            Opens the profile of X’s own account, one of the sample customers: its badge says “{SAMPLE_TAG}”. Click the badge for its card, then
            look at the dashboard for the rest of the desk.
          </p>
          <button type="button" className="hb-lib-btn" onClick={() => void remove()} disabled={busy}>
            {busy ? 'Removing…' : 'Remove the sample desk'}
          </button>
        </>
      )}
      {outcome && <Status kind={outcome.kind}>{outcome.text}</Status>}
    </section>
  );
}
