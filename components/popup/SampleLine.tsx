import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getReadDatabase } from '@/lib/db/reader';
import { request } from '@/lib/messages/client';
import { readSampleState, sampleLoaded } from '@/lib/sample/state';
import { errorText } from '@/components/templates/library-ui';
import { removedText } from '@/components/welcome/sample-text';

/** While the sample desk is loaded: says so, with the one click that takes it out again. */
export function SampleLine() {
  const db = getReadDatabase();
  const state = useLiveQuery(() => readSampleState(db), [], undefined);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    try {
      setMessage(removedText(await request('sample.remove', {})));
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  if (message) return <p className="hb-sample-line" role="status">{message}</p>;
  if (!sampleLoaded(state)) return null;
  return (
    <p className="hb-sample-line">
      The sample desk is loaded.{' '}
      <button type="button" className="hb-link-button" onClick={() => void remove()} disabled={busy}>
        {busy ? 'Removing…' : 'Remove sample'}
      </button>
    </p>
  );
}
