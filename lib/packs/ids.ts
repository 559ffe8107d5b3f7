// Pack template ids made from titles ("Delayed order" → "delayed-order", then "-2", "-3" if
// taken), for imports that bring no ids of their own (a CSV sheet, a Zendesk export) and for
// exports of templates whose stored ids are not pack ids.

import { PACK_LIMITS } from './format';

/** "Délai de livraison!" → "delai-de-livraison"; "" when nothing usable is left. */
export function slugify(text: string, max = 60): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug;
  return slug.slice(0, max).replace(/-+$/, '');
}

/** `base` if free, else `base-2`, `base-3`, ... (always a valid slug within the id limit). */
export function uniqueId(base: string, taken: ReadonlySet<string>, start = 2): string {
  const root = base === '' ? 'template' : base;
  if (!taken.has(root)) return root;
  for (let n = Math.max(2, start); ; n++) {
    const candidate = numbered(root, n);
    if (!taken.has(candidate)) return candidate;
  }
}

function numbered(root: string, n: number): string {
  const suffix = `-${n}`;
  return `${root.slice(0, PACK_LIMITS.maxIdLength - suffix.length).replace(/[-_]+$/, '')}${suffix}`;
}

/**
 * Hands out unique ids, remembering per base where the numbering got to, so ten thousand rows
 * titled "Thanks" cost ten thousand steps rather than fifty million.
 */
export function idAllocator(taken: Set<string>): (base: string) => string {
  const next = new Map<string, number>();
  return (base) => {
    const root = base === '' ? 'template' : base;
    const id = uniqueId(root, taken, next.get(root) ?? 2);
    const m = /-(\d+)$/.exec(id);
    if (id !== root && m?.[1] !== undefined) next.set(root, Number(m[1]) + 1);
    taken.add(id);
    return id;
  };
}
