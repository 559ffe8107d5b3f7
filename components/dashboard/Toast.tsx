import { useEffect, useState } from 'react';
import { errorMessage } from './format';

export interface ToastMessage {
  message: string;
  /** Offered as an "Undo" button for as long as the toast shows. */
  undo?: () => Promise<void>;
  /** Default: 10 s with undo, 5 s without. */
  durationMs?: number;
}

export type Notify = (toast: ToastMessage) => void;

export const UNDO_MS = 10_000;
const PLAIN_MS = 5_000;

/**
 * One toast at a time at the bottom of the page, announced politely. A newer toast replaces
 * the older one (and with it the older undo). Hovering or focusing it keeps it open.
 */
export function Toast({
  toast,
  onDone,
  onError,
}: {
  toast: (ToastMessage & { id: number }) | null;
  onDone: () => void;
  onError: (message: string) => void;
}) {
  const [undoing, setUndoing] = useState(false);
  const [paused, setPaused] = useState(false);
  useEffect(() => setUndoing(false), [toast?.id]);
  useEffect(() => {
    if (!toast || paused || undoing) return;
    const timer = setTimeout(onDone, toast.durationMs ?? (toast.undo ? UNDO_MS : PLAIN_MS));
    return () => clearTimeout(timer);
  }, [toast, paused, undoing, onDone]);

  return (
    // Always in the DOM so screen readers hear the text when it changes.
    <div className="hb-toast-region" role="status" aria-live="polite">
      {toast && (
        <div
          className="hb-toast"
          onMouseEnter={() => setPaused(true)}
          onMouseLeave={() => setPaused(false)}
          onFocus={() => setPaused(true)}
          onBlur={() => setPaused(false)}
        >
          <span>{toast.message}</span>
          {toast.undo && (
            <button
              type="button"
              className="hb-toast-action"
              disabled={undoing}
              onClick={() => {
                setUndoing(true);
                toast.undo!().then(
                  () => undefined,
                  (error: unknown) => {
                    onError(`Undo failed: ${errorMessage(error)}`);
                    onDone();
                  },
                );
              }}
            >
              {undoing ? 'Undoing…' : 'Undo'}
            </button>
          )}
          <button type="button" className="hb-toast-close" aria-label="Dismiss" onClick={onDone}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
