// Small pieces shared by the Templates, Packs, Backup and Settings sections. Everything that
// shows text from a file or another person renders it as React text (never as HTML), inside
// elements that isolate bidirectional text and wrap long words.

import { useEffect, useId, useState, type ReactNode } from 'react';
import type { PackError } from '@/lib/packs/json-text';

/** The message of anything thrown, for people. */
export function errorText(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return typeof error === 'string' ? error : 'Something went wrong.';
}

/** "24 Nov 2026, 14:05" in the person's locale. */
export function formatDateTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return '—';
  return new Date(ms).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatDate(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return '—';
  return new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** Every problem of a refused file, each with its place. Text only. */
export function ErrorList({ errors, title, max = 100 }: { errors: readonly PackError[]; title: string; max?: number }) {
  const shown = errors.slice(0, max);
  return (
    <div className="hb-lib-errors" role="alert">
      <p className="hb-lib-errors-title">{title}</p>
      <ul aria-label="Problems found">
        {shown.map((e, i) => (
          <li key={i}>
            {e.path ? (
              <>
                <code className="hb-lib-path" dir="ltr">
                  {e.path}
                </code>
                {': '}
              </>
            ) : null}
            <bdi className="hb-lib-wrap">{e.message}</bdi>
          </li>
        ))}
      </ul>
      {errors.length > max && <p className="hb-muted">…and {plural(errors.length - max, 'more problem')}.</p>}
    </div>
  );
}

/** A short status line that announces itself to screen readers. */
export function Status({ kind, children }: { kind: 'ok' | 'error' | 'info' | 'warn'; children: ReactNode }) {
  return (
    <p className={`hb-lib-status hb-lib-status-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

/** Untrusted text on one line, cut with an ellipsis, its direction isolated. */
export function Clip({ children, title }: { children: string; title?: string }) {
  return (
    <bdi className="hb-lib-clip" title={title ?? children} dir="auto">
      {children}
    </bdi>
  );
}

/** The current time, refreshed every minute (for "last checked" and backup reminders). */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid': boolean;
}

/**
 * A labelled form field whose help and error texts describe the control (aria-describedby)
 * instead of being part of its name.
 */
export function Field({
  label,
  help,
  error,
  children,
}: {
  label: string;
  help?: ReactNode;
  error?: string | null | undefined;
  children: (props: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const describedBy = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="hb-lib-field">
      <label htmlFor={id} className="hb-lib-label">
        {label}
      </label>
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), 'aria-invalid': !!error })}
      {help && (
        <span className="hb-lib-field-help" id={`${id}-help`}>
          {help}
        </span>
      )}
      {error && (
        <span className="hb-lib-field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}
