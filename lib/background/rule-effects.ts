import { loadSettings } from '../settings/store';
import type { TriageRule } from '../settings/schema';
import { applyRules, compileRules, type CompiledRule, type RuleEffect } from '../triage/rules';

// The rules in force, read from the settings at each logged tweet (storage.sync is the truth: a
// rule saved in another browser applies here at once). Parsing is kept while the rules stay the same.

let compiled: { source: readonly TriageRule[]; rules: CompiledRule[] } | undefined;

/** What the person's rules do to a tweet with this text; undefined when no rule matches. */
export async function ruleEffectFor(text: string): Promise<RuleEffect | undefined> {
  const { triageRules } = await loadSettings();
  if (!triageRules.length) return undefined;
  if (!compiled || JSON.stringify(compiled.source) !== JSON.stringify(triageRules)) compiled = { source: triageRules, rules: compileRules(triageRules) };
  const effect = applyRules(compiled.rules, text);
  return effect.ruleIds.length ? effect : undefined;
}
