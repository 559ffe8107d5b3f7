import { useState } from 'react';
import { measure } from '@/lib/text/budget';
import type { XTheme } from '@/lib/x/theme';
import type { ComposerServices } from './composer-services';
import type { PanelController, PanelView } from './panel-controller';

type SplitView = Extract<PanelView, { kind: 'split' }>;

/** Offers an over-long reply as a numbered thread: fill X's thread boxes, or copy the parts. */
export function SplitPanel({ view, panel, theme, composer }: { view: SplitView; panel: PanelController; theme: XTheme; composer: ComposerServices }) {
  const [status, setStatus] = useState<string | null>(null);
  const limit = composer.currentSettings.charLimit;
  return (
    <div className={`hb-panel hb-palette hb-theme-${theme}`} role="dialog" aria-label="Split into a thread" onKeyDown={(e) => e.key === 'Escape' && panel.close()}>
      <h2 className="hb-card-name">Split into {view.parts.length} posts</h2>
      <ol className="hb-split-list">
        {view.parts.map((part, i) => (
          <li key={i}>
            <p className="hb-preview-text" dir="auto">
              {part}
            </p>
            <span className="hb-muted">
              {measure(part, { limit }).weightedLength} / {limit}
            </span>
          </li>
        ))}
      </ol>
      {status && <p role="status">{status}</p>}
      <div className="hb-row">
        <button
          type="button"
          className="hb-primary"
          autoFocus
          onClick={async () => {
            const ok = await composer.fillThread(view.composer, view.parts);
            if (ok) panel.close(false);
            else setStatus("X's thread button was not found: copy the parts instead.");
          }}
        >
          Fill thread boxes
        </button>
        <button
          type="button"
          className="hb-secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(view.parts.join('\n\n'));
            setStatus('Copied all parts.');
          }}
        >
          Copy parts
        </button>
        <button type="button" className="hb-secondary" onClick={() => panel.close()}>
          Cancel
        </button>
      </div>
    </div>
  );
}
