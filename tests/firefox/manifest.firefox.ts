import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { X_MATCH_PATTERNS } from '../../lib/x/hosts';
import { FIREFOX_EXTENSION_DIR } from './support/firefox';

// The Firefox build's manifest: Manifest V2 (why: wxt.config.ts) with the same narrow
// permissions as Chrome's. A new permission must be added here on purpose, with a reason
// (docs/store-review.md), or this fails.

const manifest = () => JSON.parse(readFileSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8'));

describe('Firefox manifest', () => {
  it('is Manifest V2 with a persistent background page', () => {
    const m = manifest();
    expect(m.manifest_version).toBe(2);
    expect(m.background.scripts).toEqual(['background.js']);
    // Persistent (MV2's default): the team WebSocket stays open.
    expect(m.background.persistent).not.toBe(false);
    expect(m.background.service_worker).toBeUndefined();
  });

  it('asks only for storage, alarms, unlimitedStorage and X; notifications and other origins are optional', () => {
    const m = manifest();
    expect([...m.permissions].sort()).toEqual([...X_MATCH_PATTERNS, 'alarms', 'storage', 'unlimitedStorage'].sort());
    // Pack subscriptions ask for their one origin at the moment of subscribing.
    expect(m.optional_permissions).toEqual(['notifications', 'https://*/*']);
    expect(m.host_permissions).toBeUndefined();
    for (const script of m.content_scripts) expect([...script.matches].sort()).toEqual([...X_MATCH_PATTERNS].sort());
    expect(JSON.stringify(m)).not.toMatch(/<all_urls>|"tabs"|"scripting"|"webRequest|"cookies"|"history"/);
    // No remote code: the CSP is Firefox's default (nothing loosened).
    expect(m.content_security_policy).toBeUndefined();
    expect(m.externally_connectable).toBeUndefined();
  });

  it('declares its id, the Firefox versions that know every key it uses, and that it collects nothing', () => {
    const { gecko, gecko_android } = manifest().browser_specific_settings;
    expect(gecko.id).toBe('handlebook@handlebook.app');
    // data_collection_permissions: Firefox 140, Firefox for Android 142.
    expect(gecko.strict_min_version).toBe('140.0');
    expect(gecko_android.strict_min_version).toBe('142.0');
    expect(gecko.data_collection_permissions).toEqual({ required: ['none'] });
  });
});
