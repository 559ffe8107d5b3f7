import { useEffect, useId, useRef, useState } from 'react';

/**
 * Custom fields (order_id, email...): private to this browser, usable in canned replies as
 * {{field.<key>}}. Each row saves when it loses focus; an emptied key removes the row.
 */
export function FieldsEditor({
  fields,
  onChange,
}: {
  fields: Record<string, string>;
  onChange: (fields: Record<string, string>) => void;
}) {
  const id = useId();
  const [rows, setRows] = useState<[string, string][]>(() => Object.entries(fields));
  // While the person is editing a row, a save coming back (or another tab's) must not reset
  // what they are typing; stored fields that change after focus left are taken as they come.
  const editing = useRef(false);
  useEffect(() => {
    if (!editing.current) setRows(Object.entries(fields));
  }, [fields]);
  const commit = (next: [string, string][]) => {
    const clean = next.map(([k, v]) => [k.trim(), v] as [string, string]).filter(([k]) => k);
    const asObject = Object.fromEntries(clean);
    if (JSON.stringify(asObject) !== JSON.stringify(fields)) onChange(asObject);
  };
  const edit = (i: number, part: 0 | 1, value: string) =>
    setRows((r) => r.map((row, j) => (j === i ? ((part === 0 ? [value, row[1]] : [row[0], value]) as [string, string]) : row)));
  return (
    <fieldset
      className="hb-fields"
      aria-labelledby={id}
      onFocus={() => (editing.current = true)}
      onBlur={(e) => {
        if (e.currentTarget.contains(e.relatedTarget as Node | null)) return;
        editing.current = false;
      }}
    >
      <legend id={id}>Custom fields</legend>
      {rows.map(([key, value], i) => (
        <div className="hb-field-row" key={i}>
          <input aria-label="Field name" value={key} placeholder="order_id" onChange={(e) => edit(i, 0, e.target.value)} onBlur={() => commit(rows)} />
          <input aria-label={`Value of ${key || 'field'}`} value={value} onChange={(e) => edit(i, 1, e.target.value)} onBlur={() => commit(rows)} />
          <button
            type="button"
            className="hb-link"
            aria-label={`Remove field ${key}`}
            onClick={() => {
              const next = rows.filter((_, j) => j !== i);
              setRows(next);
              commit(next);
            }}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="hb-link" onClick={() => setRows((r) => [...r, ['', '']])}>
        + Add field
      </button>
    </fieldset>
  );
}
