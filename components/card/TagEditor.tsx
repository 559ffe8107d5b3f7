import { useId, useState, type KeyboardEvent } from 'react';

/** Tags as removable chips; new ones typed (Enter or comma) with suggestions from all tags. */
export function TagEditor({
  tags,
  knownTags,
  onChange,
}: {
  tags: string[];
  knownTags: string[];
  onChange: (tags: string[]) => void;
}) {
  const id = useId();
  const listId = useId();
  const [draft, setDraft] = useState('');
  const add = () => {
    const next = draft
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    setDraft('');
    if (next.length) onChange([...new Set([...tags, ...next])]);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add();
    } else if (e.key === 'Backspace' && !draft && tags.length) {
      onChange(tags.slice(0, -1));
    }
  };
  return (
    <div className="hb-row hb-tags">
      <label htmlFor={id}>Tags</label>
      <ul className="hb-tag-list" aria-label="Tags">
        {tags.map((tag) => (
          <li key={tag} className="hb-tag" dir="auto">
            {tag}
            <button type="button" aria-label={`Remove tag ${tag}`} onClick={() => onChange(tags.filter((t) => t !== tag))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        id={id}
        list={listId}
        value={draft}
        placeholder="Add a tag"
        autoComplete="off"
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={add}
      />
      <datalist id={listId}>
        {knownTags
          .filter((t) => !tags.includes(t))
          .map((t) => (
            <option key={t} value={t} />
          ))}
      </datalist>
    </div>
  );
}
