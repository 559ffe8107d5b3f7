import { savedSearchSchema, type Settings, type TriageRule } from '@/lib/settings/schema';
import type { RuleStatus } from '@/lib/triage/rules';

// The "Watch & rules" form as the person edits it (text boxes hold text), and its way to and
// from the settings it saves. Pure, so the section stays about layout.

export const TRIAGE_KEYS = ['brandHandles', 'watchTerms', 'savedSearches', 'triageRules', 'slaTargets', 'slaNotify'] as const;
export type TriageSettings = Pick<Settings, (typeof TRIAGE_KEYS)[number]>;

export interface RuleRow {
  id: string;
  terms: string;
  /** Comma-separated. */
  tags: string;
  status: '' | RuleStatus;
}

export const TARGET_STATUSES = ['waiting_us', 'open', 'waiting_them'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export interface TriageForm {
  /** Space- or comma-separated, with or without @. */
  brandHandles: string;
  watchTerms: string;
  savedSearches: { name: string; query: string }[];
  rules: RuleRow[];
  /** Minutes as typed; empty: no target. */
  targets: Record<TargetStatus, string>;
  slaNotify: boolean;
}

export function formOf(s: TriageSettings): TriageForm {
  return {
    brandHandles: s.brandHandles.map((h) => `@${h}`).join(' '),
    watchTerms: s.watchTerms,
    savedSearches: s.savedSearches.map((q) => ({ ...q })),
    rules: s.triageRules.map((r) => ({ id: r.id, terms: r.terms, tags: r.tags.join(', '), status: r.status ?? '' })),
    targets: { waiting_us: minutes(s.slaTargets.waiting_us), open: minutes(s.slaTargets.open), waiting_them: minutes(s.slaTargets.waiting_them) },
    slaNotify: s.slaNotify,
  };
}

const minutes = (m: number | undefined) => (m === undefined ? '' : String(m));

export function splitTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
}

export function ruleOf(row: RuleRow): TriageRule {
  return { id: row.id, terms: row.terms.trim(), tags: splitTags(row.tags), ...(row.status ? { status: row.status } : {}) };
}

export function settingsOf(f: TriageForm): TriageSettings {
  const targets: TriageSettings['slaTargets'] = {};
  for (const status of TARGET_STATUSES) if (f.targets[status].trim() !== '') targets[status] = Number(f.targets[status]);
  return {
    brandHandles: [...new Set(f.brandHandles.split(/[\s,]+/).map((h) => h.replace(/^@/, '')).filter(Boolean))],
    watchTerms: f.watchTerms.trim(),
    savedSearches: f.savedSearches.map((q) => ({ name: q.name.trim(), query: q.query.trim() })),
    triageRules: f.rules.map(ruleOf),
    slaTargets: targets,
    slaNotify: f.slaNotify,
  };
}

export interface TriageChecks {
  handles?: string;
  watchTerms?: string;
  searches: Map<number, string>;
  rules: Map<number, string>;
  targets: Partial<Record<TargetStatus, string>>;
}

/** What is wrong with the form, field by field (nothing: it can be saved). */
export function checkForm(f: TriageForm): TriageChecks {
  const s = settingsOf(f);
  const checks: TriageChecks = { searches: new Map(), rules: new Map(), targets: {} };
  const badHandle = s.brandHandles.find((h) => !/^[A-Za-z0-9_]{1,20}$/.test(h));
  if (badHandle !== undefined) checks.handles = `"${badHandle}" is not an X handle (letters, digits and _, at most 20).`;
  else if (s.brandHandles.length > 10) checks.handles = 'At most 10 handles.';
  if (s.watchTerms.length > 500) checks.watchTerms = 'At most 500 characters.';
  s.savedSearches.forEach((q, i) => {
    if (!q.name) checks.searches.set(i, 'Give the search a name.');
    else if (!q.query) checks.searches.set(i, 'Type what to search for.');
    else if (!savedSearchSchema.safeParse(q).success) checks.searches.set(i, 'The name can have at most 60 characters, the search 500.');
  });
  s.triageRules.forEach((r, i) => {
    if (!r.terms) checks.rules.set(i, 'Type the terms the rule reacts to.');
    else if (r.terms.length > 300) checks.rules.set(i, 'The terms can have at most 300 characters.');
    else if (!r.tags.length && !r.status) checks.rules.set(i, 'Choose a tag to add or a status to set.');
    else if (r.tags.length > 10 || r.tags.some((t) => t.length > 100)) checks.rules.set(i, 'At most 10 tags of 100 characters.');
  });
  for (const status of TARGET_STATUSES) {
    const text = f.targets[status].trim();
    const n = Number(text);
    if (text !== '' && (!Number.isInteger(n) || n < 1 || n > 43_200)) checks.targets[status] = 'Whole minutes, from 1 to 43,200 (30 days), or empty for no target.';
  }
  return checks;
}

export function isValid(c: TriageChecks): boolean {
  return !c.handles && !c.watchTerms && c.searches.size === 0 && c.rules.size === 0 && Object.keys(c.targets).length === 0;
}
