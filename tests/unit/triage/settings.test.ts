import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from '@/lib/settings/schema';
import { parseBackupSettings } from '@/lib/backup/format';
import { oneClickSearches, watchQuery } from '@/lib/triage/searches';
import { searchUrl } from '@/lib/x/urls';

const OLDER = { agentName: 'Dana', initials: 'DK', signOff: true, charLimit: 280, guardPatterns: [], pickerShortcut: 'Alt+Shift+R', shortcutExpansion: true };

describe('triage settings', () => {
  it('loads settings stored before watch terms, rules and targets existed, with their defaults', () => {
    const s = parseSettings({ ...OLDER, claimOnReply: false });
    expect(s).toMatchObject({ agentName: 'Dana', claimOnReply: false, brandHandles: [], watchTerms: '', savedSearches: [], triageRules: [], slaNotify: false });
    expect(s.slaTargets).toEqual({ waiting_us: 60 });
  });

  it('restores a backup made before them, and one made with them', () => {
    const old = parseBackupSettings(OLDER);
    expect(old.ok && old.settings).toEqual({ ...DEFAULT_SETTINGS, ...OLDER });
    const rules = [{ id: 'r1', terms: 'refund', tags: ['billing'], status: 'open' as const }];
    const now = parseBackupSettings({ ...DEFAULT_SETTINGS, triageRules: rules, slaTargets: { open: 30 } });
    expect(now.ok && now.settings.triageRules).toEqual(rules);
    expect(now.ok && now.settings.slaTargets).toEqual({ open: 30 });
  });

  it('refuses a rule that is not data it understands, with its place', () => {
    const bad = parseBackupSettings({ ...DEFAULT_SETTINGS, triageRules: [{ id: 'r1', terms: 'refund', tags: ['billing'], status: 'urgent' }] });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]?.path).toBe('settings.triageRules.0.status');
  });

  it("opens X's own search on the Latest tab", () => {
    const url = new URL(searchUrl('(refund OR "money back") -giveaway'));
    expect(url.origin + url.pathname).toBe('https://x.com/search');
    expect(url.searchParams.get('q')).toBe('(refund OR "money back") -giveaway');
    expect(url.searchParams.get('f')).toBe('live');
  });

  it('offers the handles and watch terms as one search, then the saved searches', () => {
    const settings = { brandHandles: ['northwind_help'], watchTerms: 'refund #NorthwindCoffee -giveaway', savedSearches: [{ name: 'Late', query: 'late order' }] };
    expect(watchQuery(settings)).toBe('(@northwind_help OR refund OR #NorthwindCoffee) -giveaway');
    expect(oneClickSearches(settings).map((s) => s.name)).toEqual(['Watch terms', 'Late']);
    expect(oneClickSearches({ brandHandles: [], watchTerms: '', savedSearches: [] })).toEqual([]);
  });
});
