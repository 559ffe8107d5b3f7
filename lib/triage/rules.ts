import type { TriageRule } from '../settings/schema';
import { matchedTerms, parseTerms, type TermQuery } from '../text/terms';

// Rules are data (lib/settings/schema.ts): terms, tags to add, a status to set. The background
// applies them to a tweet as it is logged (interactions.logIncoming); the dashboard previews
// them on recent logged tweets with the same function before they are saved.

export type RuleStatus = NonNullable<TriageRule['status']>;

/** What the rules do to a customer when a tweet is logged. */
export interface RuleEffect {
  /** Tags to add, in rule order, without repeats. */
  tags: string[];
  /** The status of the first matching rule that sets one. */
  status?: RuleStatus;
  /** The ids of the rules that matched. */
  ruleIds: string[];
}

export interface CompiledRule {
  rule: TriageRule;
  query: TermQuery;
}

/** Parses each rule's terms once (the background keeps them until the settings change). */
export function compileRules(rules: readonly TriageRule[]): CompiledRule[] {
  return rules.map((rule) => ({ rule, query: parseTerms(rule.terms) }));
}

/** The effect of the rules on a tweet's text; nothing when no rule matches. */
export function applyRules(rules: readonly CompiledRule[], text: string): RuleEffect {
  const tags: string[] = [];
  const ruleIds: string[] = [];
  let status: RuleStatus | undefined;
  for (const { rule, query } of rules) {
    if (!matchedTerms(query, text).length) continue;
    ruleIds.push(rule.id);
    for (const tag of rule.tags) if (!tags.includes(tag)) tags.push(tag);
    status ??= rule.status;
  }
  return { tags, ruleIds, ...(status ? { status } : {}) };
}

export const isEmptyEffect = (effect: RuleEffect) => effect.ruleIds.length === 0;
