import { RECENT_KEPT, type CustomerSummary } from '../db/summaries';
import type { CaseStatus } from '../db/types';
import { isOpenCase } from '../db/case-status';

/** "now", "5m", "3h", "2d", "4w", "5mo", "2y": short enough for a badge. */
export function shortDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 14) return `${days}d`;
  if (days < 60) return `${Math.floor(days / 7)}w`;
  if (days < 365) return `${Math.floor(days / 30)}mo`;
  return `${Math.floor(days / 365)}y`;
}

export const STATUS_LABELS: Record<CaseStatus, string> = {
  none: 'No case',
  open: 'Open',
  waiting_us: 'Waiting on us',
  waiting_them: 'Waiting on them',
  resolved: 'Resolved',
};

export interface BadgeLabel {
  text: string;
  /** Full sentence for the tooltip and screen readers. */
  description: string;
  known: boolean;
  /** An open case waiting for our answer. */
  waiting: boolean;
  /** 3 or more interactions in the last 30 days. */
  repeat: boolean;
  /** Team mode: the name of the other member who owns this open case. */
  owner?: string;
}

/**
 * What the badge beside a tweet's author says, e.g. "VIP · 4 · 2d", or "Ben's · VIP · 4 · 2d"
 * when another team member (not `me`, a member id) owns the open case.
 */
export function badgeLabel(handle: string, summary: CustomerSummary | null, now: number, me: string | null = null): BadgeLabel {
  if (!summary) {
    return { text: '+ note', description: `Add a Handlebook note about @${handle}`, known: false, waiting: false, repeat: false };
  }
  const parts: string[] = [];
  const sentences: string[] = [`Handlebook customer @${handle}`];
  const open = isOpenCase(summary);
  const owner = open && summary.assignee && summary.assignee.member !== me ? summary.assignee.name : undefined;
  if (owner) {
    parts.push(`${owner}'s`);
    sentences.push(`${owner}'s case`);
  } else if (open && summary.assignee) {
    sentences.push('your case');
  }
  if (summary.tags.length) {
    parts.push(summary.tags.slice(0, 2).join(' '));
    sentences.push(`tags: ${summary.tags.join(', ')}`);
  }
  if (open) {
    sentences.push(`case: ${STATUS_LABELS[summary.status]}`);
  }
  if (summary.interactionCount > 0) {
    parts.push(String(summary.interactionCount));
    sentences.push(`${summary.interactionCount} past interaction${summary.interactionCount === 1 ? '' : 's'}`);
  }
  if (summary.lastContact > 0) {
    parts.push(shortDuration(now - summary.lastContact));
    sentences.push(`last contact ${shortDuration(now - summary.lastContact)} ago`);
  }
  if (summary.noteCount > 0) {
    sentences.push(`${summary.noteCount} note${summary.noteCount === 1 ? '' : 's'}`);
    if (!parts.length) parts.push(`${summary.noteCount} note${summary.noteCount === 1 ? '' : 's'}`);
  }
  const waiting =
    summary.waitingSince !== undefined && (summary.status === 'open' || summary.status === 'waiting_us');
  if (waiting) {
    parts.push(`waiting ${shortDuration(now - summary.waitingSince!)}`);
    sentences.push(`waiting for our answer for ${shortDuration(now - summary.waitingSince!)}`);
  }
  const repeat = summary.recentInteractions >= 3;
  if (repeat) {
    const n = summary.recentInteractions >= RECENT_KEPT ? `${RECENT_KEPT} or more` : String(summary.recentInteractions);
    sentences.push(`repeat customer: ${n} interactions in 30 days`);
  }
  return { text: parts.join(' · ') || 'customer', description: sentences.join('; '), known: true, waiting, repeat, ...(owner ? { owner } : {}) };
}
