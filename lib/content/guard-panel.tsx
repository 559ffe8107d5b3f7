import { useEffect, useRef } from 'react';
import type { XTheme } from '@/lib/x/theme';
import type { PanelController, PanelView } from './panel-controller';

type GuardView = Extract<PanelView, { kind: 'guard' }>;

/**
 * Stops a send that would post personal data, an unfilled {{placeholder}} or too much text,
 * and asks. Nothing is sent unless the person says so.
 */
export function GuardPanel({ view, panel, theme }: { view: GuardView; panel: PanelController; theme: XTheme }) {
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), []);
  const personal = view.issues.some((i) => i.kind === 'personal-data');
  const answered = view.issues.some((i) => i.kind === 'team-replied');
  return (
    <div
      className={`hb-panel hb-palette hb-theme-${theme}`}
      role="alertdialog"
      aria-label="Check before sending"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          panel.close();
        }
      }}
    >
      <h2 className="hb-card-name">Check before sending</h2>
      <ul className="hb-guard-list">
        {view.issues.map((issue, i) => (
          <li key={i} className={`hb-guard-${issue.kind}`} dir="auto">
            {issue.message}
          </li>
        ))}
      </ul>
      {personal && (
        <p className="hb-muted">This reply is public. Ask the customer to continue in a direct message instead of posting their details.</p>
      )}
      {answered && <p className="hb-muted">Both answers would be public. Make sure this one adds something.</p>}
      <div className="hb-row">
        <button ref={back} type="button" className="hb-primary" onClick={() => panel.close()}>
          Go back and edit
        </button>
        <button
          type="button"
          className="hb-secondary"
          onClick={() => {
            panel.close(false);
            view.onSend();
          }}
        >
          Send anyway
        </button>
      </div>
    </div>
  );
}
