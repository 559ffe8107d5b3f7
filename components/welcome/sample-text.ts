import type { ReplyOf } from '@/lib/messages/protocol';
import { plural } from '@/components/templates/library-ui';

// What the welcome page and the popup say after loading or removing the sample desk.

export function loadedText(r: ReplyOf<'sample.load'>): string {
  const parts = [`Loaded ${plural(r.added, 'sample customer')} and ${plural(r.replies, 'sample reply', 'sample replies')}, each marked “sample”.`];
  if (r.alreadyLoaded > 0) parts.push(`${plural(r.alreadyLoaded, 'sample customer was', 'sample customers were')} already here.`);
  if (r.skipped.length > 0) parts.push(`Left alone, because you already keep a record of them: ${r.skipped.map((h) => `@${h}`).join(', ')}.`);
  return parts.join(' ');
}

export function removedText(r: ReplyOf<'sample.remove'>): string {
  const parts = [`Removed ${plural(r.removed, 'sample customer')} and ${plural(r.repliesRemoved, 'sample reply', 'sample replies')}.`];
  if (r.kept.length > 0) {
    parts.push(`Kept ${r.kept.map((h) => `@${h}`).join(', ')}: you wrote to ${r.kept.length === 1 ? 'this customer' : 'these customers'} since (they keep the “sample” tag; delete them from the dashboard if you like).`);
  }
  if (r.repliesKept > 0) parts.push(`Kept ${plural(r.repliesKept, 'reply', 'replies')} you edited, as your own.`);
  return parts.join(' ');
}
