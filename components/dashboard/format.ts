import { shortDuration } from '@/lib/content/badge-label';

/** "3h ago", "now"; "never" for 0. */
export function relativeTime(at: number, now: number): string {
  if (!at) return 'never';
  const label = shortDuration(now - at);
  return label === 'now' ? 'just now' : `${label} ago`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** A short, single-line excerpt of untrusted text (still rendered as text). */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** An error as a sentence for the person. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
