import * as z from 'zod/mini';

// The person's own settings. They sync across their browsers through storage.sync (small,
// within its 8 KB-per-item quota); everything else stays local in Dexie.

export const customPatternSchema = z.object({
  label: z.string().check(z.minLength(1), z.maxLength(60)),
  pattern: z.string().check(z.minLength(1), z.maxLength(500)),
});

/** A named search of X (opened as X's own search, latest tab). The query is X's search syntax. */
export const savedSearchSchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(60)),
  query: z.string().check(z.minLength(1), z.maxLength(500)),
});
export type SavedSearch = z.infer<typeof savedSearchSchema>;

/** The statuses a rule may set and a service-level target may be given for. */
export const ruleStatusSchema = z.enum(['open', 'waiting_us', 'waiting_them', 'resolved']);

/**
 * A rule, as data: when a logged tweet matches `terms` (lib/text/terms.ts syntax), the customer
 * gets `tags` and, when given, the case `status`. Rules apply in order; the first status wins.
 */
export const triageRuleSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(40)),
  terms: z.string().check(z.minLength(1), z.maxLength(300)),
  tags: z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(10)),
  status: z.optional(ruleStatusSchema),
});
export type TriageRule = z.infer<typeof triageRuleSchema>;

/** Minutes a case may stay in a status before it is past target (up to 30 days). */
const targetMinutes = z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(43_200)));
export const slaTargetsSchema = z.object({ open: targetMinutes, waiting_us: targetMinutes, waiting_them: targetMinutes });
export type SlaTargets = z.infer<typeof slaTargetsSchema>;

export const settingsSchema = z.object({
  agentName: z.string().check(z.maxLength(100)),
  initials: z.string().check(z.maxLength(10)),
  /** Append "^<initials>" to inserted canned replies. */
  signOff: z.boolean(),
  /** 280 by default; X Premium allows up to 25,000. */
  charLimit: z.number().check(z.int(), z.minimum(1), z.maximum(25_000)),
  /** Extra personal-data patterns (regular expressions) for the send guard. */
  guardPatterns: z.array(customPatternSchema).check(z.maxLength(30)),
  /** Keyboard shortcut that opens the canned-reply picker, e.g. "Alt+Shift+R". */
  pickerShortcut: z.string().check(z.maxLength(40)),
  /** Expand ";shortcut" typed in X's box. */
  shortcutExpansion: z.boolean(),
  /** Team mode: replying to an open case nobody owns makes it mine. */
  claimOnReply: z.boolean(),
  /** The brand's own accounts on X, without the @. */
  brandHandles: z.array(z.string().check(z.regex(/^[A-Za-z0-9_]{1,20}$/))).check(z.maxLength(10)),
  /** What the brand listens for (lib/text/terms.ts): words, "phrases", #hashtags, $cashtags, -minus words. */
  watchTerms: z.string().check(z.maxLength(500)),
  savedSearches: z.array(savedSearchSchema).check(z.maxLength(20)),
  triageRules: z.array(triageRuleSchema).check(z.maxLength(50)),
  /** Service-level targets by case status, in minutes; a status without one has no target. */
  slaTargets: slaTargetsSchema,
  /** A desktop notification when a case passes its target (needs the optional notifications permission). */
  slaNotify: z.boolean(),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  agentName: '',
  initials: '',
  signOff: false,
  charLimit: 280,
  guardPatterns: [],
  pickerShortcut: 'Alt+Shift+R',
  shortcutExpansion: true,
  claimOnReply: true,
  brandHandles: [],
  watchTerms: '',
  savedSearches: [],
  triageRules: [],
  slaTargets: { waiting_us: 60 },
  slaNotify: false,
};

/**
 * Reads stored settings field by field: a field that is missing or invalid (older version,
 * hand-edited sync data) falls back to its default instead of losing the whole object.
 */
export function parseSettings(stored: unknown): Settings {
  const source = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const field = settingsSchema.shape[key];
    const parsed = Object.hasOwn(source, key) ? field.safeParse(source[key]) : null;
    out[key] = parsed?.success ? parsed.data : DEFAULT_SETTINGS[key];
  }
  return out as Settings;
}

/** Matches a KeyboardEvent against "Alt+Shift+R"-style shortcuts (by physical key). */
export function matchesShortcut(event: KeyboardEvent, shortcut: string): boolean {
  const parts = shortcut.split('+').map((p) => p.trim().toLowerCase());
  const key = parts.pop();
  if (!key) return false;
  const want = { alt: parts.includes('alt'), shift: parts.includes('shift'), ctrl: parts.includes('ctrl'), meta: parts.includes('meta') || parts.includes('cmd') };
  if (event.altKey !== want.alt || event.shiftKey !== want.shift || event.ctrlKey !== want.ctrl || event.metaKey !== want.meta) return false;
  const code = event.code.toLowerCase();
  return code === `key${key}` || code === `digit${key}` || event.key.toLowerCase() === key;
}
