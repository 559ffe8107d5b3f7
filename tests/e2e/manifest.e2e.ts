import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from './support/extension';

// The built manifest asks for the least that works. A new permission must be added here on
// purpose, with a reason, or this fails. (Firefox's: tests/firefox/manifest.firefox.ts.)

function manifest(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

const X_HOSTS = ['https://x.com/*', 'https://twitter.com/*', 'https://mobile.x.com/*', 'https://mobile.twitter.com/*'];

describe('built manifest', () => {
  it('Chrome MV3 asks only for storage, alarms, unlimitedStorage and X', () => {
    const m = manifest(EXTENSION_DIR);
    expect(m.manifest_version).toBe(3);
    expect([...m.permissions].sort()).toEqual(['alarms', 'storage', 'unlimitedStorage']);
    expect([...m.host_permissions].sort()).toEqual([...X_HOSTS].sort());
    // Pack subscriptions ask for their one origin at the moment of subscribing.
    expect(m.optional_host_permissions).toEqual(['https://*/*']);
    // Desktop alerts for cases past their target: asked only when the person turns them on.
    expect(m.optional_permissions).toEqual(['notifications']);
    expect(m.externally_connectable).toBeUndefined(); // no web page may message the extension
    for (const script of m.content_scripts) expect([...script.matches].sort()).toEqual([...X_HOSTS].sort());
    expect(JSON.stringify(m)).not.toMatch(/<all_urls>|"tabs"|"scripting"|"webRequest|"cookies"|"history"/);
    // No remote code: the CSP is the MV3 default (nothing loosened).
    expect(m.content_security_policy).toBeUndefined();
  });
});
