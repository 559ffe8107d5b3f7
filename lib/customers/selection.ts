// Row selection in the customers table: click toggles one row, shift-click sets every row
// between the anchor (the last row clicked) and the clicked row, "select all" takes every row
// that matches the filters. Selections are sets of customer keys, never mutated in place.

export type SelectionState = 'none' | 'some' | 'all';

/** The selection after toggling one key. */
export function toggleKey(selection: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(selection);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

/**
 * Shift-click: every key from the anchor to the target (inclusive, either direction) takes
 * the state the target is switched to. Without an anchor in `order`, only the target toggles.
 */
export function selectRange(
  selection: ReadonlySet<string>,
  order: readonly string[],
  anchorKey: string | null,
  targetKey: string,
): Set<string> {
  const to = order.indexOf(targetKey);
  const from = anchorKey === null ? -1 : order.indexOf(anchorKey);
  if (to === -1 || from === -1) return toggleKey(selection, targetKey);
  const select = !selection.has(targetKey);
  const next = new Set(selection);
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
    if (select) next.add(order[i]!);
    else next.delete(order[i]!);
  }
  return next;
}

/** How many of `keys` are selected, as the header checkbox shows it. */
export function selectionState(selection: ReadonlySet<string>, keys: readonly string[]): SelectionState {
  if (!selection.size || !keys.length) return 'none';
  let selected = 0;
  for (const key of keys) if (selection.has(key)) selected++;
  return selected === 0 ? 'none' : selected === keys.length ? 'all' : 'some';
}

/** The header checkbox: selects every key shown, or clears them when all are selected already. */
export function toggleAll(selection: ReadonlySet<string>, keys: readonly string[]): Set<string> {
  const next = new Set(selection);
  if (selectionState(selection, keys) === 'all') for (const key of keys) next.delete(key);
  else for (const key of keys) next.add(key);
  return next;
}

/** Drops keys that no longer exist (deleted elsewhere); returns the same set when nothing changed. */
export function pruneSelection(selection: ReadonlySet<string>, exists: (key: string) => boolean): ReadonlySet<string> {
  for (const key of selection) {
    if (!exists(key)) return new Set([...selection].filter(exists));
  }
  return selection;
}

/** Splits a list into pieces of at most `size` (messages have a batch limit). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (size < 1) throw new RangeError('chunk size must be at least 1');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
