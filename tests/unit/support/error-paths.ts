// For the parsers' fuzz tests (packs and backups): every error names a place in the file.

/**
 * The parent of an error's path exists in the file (a missing field's object does). Keys may
 * contain dots, so each step tries every way of grouping the remaining segments into one key.
 */
export function pathParentExists(raw: unknown, path: string): boolean {
  if (path === '') return true;
  const segs = path.split('.');
  const walk = (cur: unknown, i: number): boolean => {
    if (typeof cur !== 'object' || cur === null) return false;
    // `cur` holds the last segment (present, or missing and reported as required).
    if (i >= segs.length - 1) return true;
    if (Object.prototype.hasOwnProperty.call(cur, segs.slice(i).join('.'))) return true;
    for (let j = i + 1; j < segs.length; j++) {
      const key = segs.slice(i, j).join('.');
      if (Object.prototype.hasOwnProperty.call(cur, key) && walk((cur as Record<string, unknown>)[key], j)) return true;
    }
    return false;
  };
  return walk(raw, 0);
}
