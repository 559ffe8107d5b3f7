import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Template } from '@/lib/db/types';
import { measure } from '@/lib/text/budget';
import { listFillIns } from '@/lib/text/templates';
import { readBoxText } from '@/lib/x/composer';
import type { XTheme } from '@/lib/x/theme';
import type { ComposerServices, InsertMode } from './composer-services';
import type { PanelController, PanelView } from './panel-controller';

type PickerView = Extract<PanelView, { kind: 'picker' }>;

/**
 * The keyboard-first canned-reply palette: type to search (fuzzy over title, body, tags),
 * arrows to choose, Enter inserts at the caret, Shift+Enter replaces everything. With an empty
 * query the replies that fit the tweet being answered come first. The preview shows the text
 * as it will be posted and its budget.
 */
export function PickerPanel({ view, panel, theme, composer }: { view: PickerView; panel: PanelController; theme: XTheme; composer: ComposerServices }) {
  const listId = useId();
  const [query, setQuery] = useState(view.query ?? '');
  const [active, setActive] = useState(0);
  const [ready, setReady] = useState(false);
  const context = view.composer.replyTo?.tweetText ?? '';
  useEffect(() => {
    void composer.templates.ready().then(() => setReady(true));
  }, [composer]);
  const results = useMemo(() => {
    if (!ready) return [];
    if (view.templateId) {
      const only = composer.templates.get(view.templateId);
      return only ? [only] : [];
    }
    return composer.templates.search(query, context, 50);
  }, [ready, query, context, composer, view.templateId]);
  const selected = results[Math.min(active, results.length - 1)];
  // The preview owns insertion (it has the expanded text); Enter in the search box calls it.
  const insertRef = useRef<((mode: InsertMode) => void) | null>(null);

  const close = () => {
    panel.close(false);
    view.composer.box.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, results.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    }
  };

  return (
    <div className={`hb-panel hb-palette hb-theme-${theme}`} role="dialog" aria-label="Canned replies" onKeyDown={onKeyDown}>
      <input
        autoFocus
        className="hb-palette-search"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={selected ? `${listId}-${selected.id}` : undefined}
        aria-label="Search canned replies"
        placeholder={ready ? 'Search canned replies…' : 'Loading…'}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && selected) {
            e.preventDefault();
            insertRef.current?.(e.shiftKey ? 'replace' : 'caret');
          }
        }}
      />
      <div className="hb-palette-body">
        <ul id={listId} role="listbox" aria-label="Canned replies" className="hb-palette-list">
          {results.map((t, i) => (
            <li
              key={t.id}
              id={`${listId}-${t.id}`}
              role="option"
              aria-selected={t === selected}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => setActive(i)}
            >
              <span className="hb-option-title" dir="auto">
                {t.title}
              </span>
              {t.shortcut && <span className="hb-muted"> ;{t.shortcut}</span>}
            </li>
          ))}
          {ready && !results.length && <li className="hb-muted">No canned replies match. Add some in the dashboard.</li>}
        </ul>
        {selected && <Preview key={selected.id} template={selected} view={view} composer={composer} close={close} insertRef={insertRef} />}
      </div>
    </div>
  );
}

function Preview({
  template,
  view,
  composer,
  close,
  insertRef,
}: {
  template: Template;
  view: PickerView;
  composer: ComposerServices;
  close: () => void;
  insertRef: { current: ((mode: InsertMode) => void) | null };
}) {
  const fillIns = useMemo(() => listFillIns(template.body), [template.body]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [expanded, setExpanded] = useState<{ text: string; cursor: number | null; missing: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const firstFill = useRef<HTMLInputElement>(null);
  useEffect(() => {
    let live = true;
    composer
      .expand(template, view.composer, values)
      .then((e) => live && setExpanded({ text: e.signed, cursor: e.cursor, missing: e.missing }))
      .catch((e: unknown) => live && setError(String(e)));
    return () => {
      live = false;
    };
  }, [template, values, composer, view.composer]);
  useEffect(() => {
    if (view.templateId) firstFill.current?.focus();
  }, [view.templateId]);

  const limit = composer.currentSettings.charLimit;
  const existing = readBoxText(view.composer.box);
  const unfilled = fillIns.filter((label) => !values[label]?.trim());
  const insert = async (mode: InsertMode) => {
    if (!expanded) return;
    if (unfilled.length) {
      // Fill-ins are asked before inserting: take the person to the first empty one.
      firstFill.current?.focus();
      return;
    }
    close();
    await composer.insert(view.composer, template, expanded.text, expanded.cursor, mode);
  };
  insertRef.current = (mode) => void insert(mode);
  const after = expanded ? measure(existing.trim() ? `${existing}${expanded.text}` : expanded.text, { limit }) : null;
  const alone = expanded ? measure(expanded.text, { limit }) : null;

  return (
    <div className="hb-palette-preview">
      {fillIns.length > 0 && (
        <fieldset className="hb-fields">
          <legend>Fill in</legend>
          {fillIns.map((label, i) => (
            <label key={label} className="hb-fill-in">
              <span dir="auto">{label}</span>
              <input
                ref={i === 0 ? firstFill : undefined}
                value={values[label] ?? ''}
                onChange={(e) => setValues((v) => ({ ...v, [label]: e.target.value }))}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    void insert(e.shiftKey ? 'replace' : 'caret');
                  }
                }}
              />
            </label>
          ))}
        </fieldset>
      )}
      <p className="hb-preview-text" dir="auto" aria-label="Preview">
        {expanded?.text ?? ''}
      </p>
      {error && <p className="hb-error">{error}</p>}
      {alone && after && (
        <p className={after.valid ? 'hb-muted' : 'hb-over'} aria-live="polite">
          {alone.weightedLength} characters · {after.valid ? `${limit - after.weightedLength} left after inserting` : `${after.weightedLength - limit} over the limit after inserting`}
        </p>
      )}
      {expanded && expanded.missing.length > 0 && !unfilled.length && (
        <p className="hb-over">Not filled: {expanded.missing.join(', ')} — the send guard will stop it.</p>
      )}
      <div className="hb-row">
        <button type="button" className="hb-primary" disabled={!expanded || unfilled.length > 0} onClick={() => void insert('caret')}>
          Insert
        </button>
        <button type="button" className="hb-secondary" disabled={!expanded || unfilled.length > 0} onClick={() => void insert('replace')}>
          Replace all
        </button>
        <span className="hb-muted">Enter inserts · Shift+Enter replaces</span>
      </div>
    </div>
  );
}
