import { describe, expect, it } from 'vitest';
import { chunk, pruneSelection, selectionState, selectRange, toggleAll, toggleKey } from '@/lib/customers/selection';

const order = ['a', 'b', 'c', 'd', 'e', 'f'];
const sorted = (s: ReadonlySet<string>) => [...s].sort();

describe('selection', () => {
  it('toggles one key without changing the original set', () => {
    const empty = new Set<string>();
    const one = toggleKey(empty, 'a');
    expect(sorted(one)).toEqual(['a']);
    expect(empty.size).toBe(0);
    expect(sorted(toggleKey(one, 'a'))).toEqual([]);
  });

  it('shift-click selects the range from the anchor, in either direction', () => {
    expect(sorted(selectRange(new Set(['b']), order, 'b', 'e'))).toEqual(['b', 'c', 'd', 'e']);
    expect(sorted(selectRange(new Set(['e']), order, 'e', 'b'))).toEqual(['b', 'c', 'd', 'e']);
  });

  it('shift-click on a selected row clears the range', () => {
    const all = new Set(order);
    expect(sorted(selectRange(all, order, 'b', 'd'))).toEqual(['a', 'e', 'f']);
  });

  it('without a usable anchor, shift-click toggles just the row', () => {
    expect(sorted(selectRange(new Set(), order, null, 'c'))).toEqual(['c']);
    expect(sorted(selectRange(new Set(), order, 'gone', 'c'))).toEqual(['c']);
  });

  it('keeps selected rows outside the visible order', () => {
    expect(sorted(selectRange(new Set(['hidden']), order, 'a', 'b'))).toEqual(['a', 'b', 'hidden']);
  });

  it('reports none, some or all of the shown keys as selected', () => {
    expect(selectionState(new Set(), order)).toBe('none');
    expect(selectionState(new Set(['x']), order)).toBe('none');
    expect(selectionState(new Set(['a']), order)).toBe('some');
    expect(selectionState(new Set(order), order)).toBe('all');
    expect(selectionState(new Set(order), [])).toBe('none');
  });

  it('select all takes every shown key; again clears them and keeps the rest', () => {
    const some = toggleAll(new Set(['x', 'a']), order);
    expect(sorted(some)).toEqual([...order, 'x'].sort());
    expect(sorted(toggleAll(some, order))).toEqual(['x']);
  });

  it('prunes deleted keys and keeps the same set when nothing changed', () => {
    const s = new Set(['a', 'b']);
    expect(pruneSelection(s, () => true)).toBe(s);
    expect(sorted(pruneSelection(s, (k) => k === 'b'))).toEqual(['b']);
  });

  it('chunks lists for batch messages', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});
