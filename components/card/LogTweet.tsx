import { useId, useState } from 'react';

/** "Log this tweet": records the customer's tweet in their history, optionally opening a case. */
export function LogTweet({ onLog }: { onLog: (openCase: boolean) => Promise<void> }) {
  const id = useId();
  const [openCase, setOpenCase] = useState(true);
  const [state, setState] = useState<'idle' | 'saving' | 'done'>('idle');
  return (
    <div className="hb-row hb-log-tweet">
      <button
        type="button"
        className="hb-secondary"
        disabled={state === 'saving'}
        onClick={() => {
          setState('saving');
          onLog(openCase).then(
            () => setState('done'),
            () => setState('idle'),
          );
        }}
      >
        {state === 'done' ? 'Logged ✓' : 'Log this tweet'}
      </button>
      <input id={id} type="checkbox" checked={openCase} onChange={(e) => setOpenCase(e.target.checked)} />
      <label htmlFor={id} className="hb-inline-label">
        open a case (waiting on us)
      </label>
    </div>
  );
}
