import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { HandlebookDatabase } from '@/lib/db/database';
import { route } from '@/lib/background/router';
import type { HandlerContext } from '@/lib/background/handlers';
import { actionTitle } from '@/lib/background/action-title';

const healthy = { tweet: true, author: true, composer: null, sendButton: null };

describe('the toolbar title', () => {
  it('names what X changed, like the popup', () => {
    expect(actionTitle(null)).toBe('Handlebook');
    expect(actionTitle({ anchors: healthy })).toBe('Handlebook: working on this X page');
    expect(actionTitle({ anchors: { ...healthy, composer: false } })).toBe('Handlebook: X changed its page: composer not found');
    expect(actionTitle({ anchors: { tweet: false, author: null, composer: false, sendButton: false } })).toBe(
      'Handlebook: X changed its page: tweets, composer, send button not found',
    );
  });

  describe("follows each tab's health report", () => {
    const identity = { extensionId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id/' };
    const tab = (id: number) => ({ id: 'ext-id', url: 'https://x.com/home', tab: { id, url: 'https://x.com/home' } });
    const report = (anchors: Record<string, boolean | null>) => ({ handlebook: 1, type: 'health.report', payload: { url: 'https://x.com/home', anchors, disabledFeatures: [] } });
    let db: HandlebookDatabase;
    let ctx: HandlerContext;
    beforeEach(() => {
      fakeBrowser.reset();
      db = new HandlebookDatabase('test-action-title');
      ctx = { db, now: () => 1, changed: () => undefined, version: '1' };
    });
    afterEach(async () => {
      await db.delete();
    });

    it('sets the title of the reporting tab only', async () => {
      expect(await route(report({ ...healthy, composer: false }), tab(7), identity, ctx)).toEqual({ ok: true, data: {} });
      expect(await route(report(healthy), tab(8), identity, ctx)).toEqual({ ok: true, data: {} });
      expect(await browser.action.getTitle({ tabId: 7 })).toBe('Handlebook: X changed its page: composer not found');
      expect(await browser.action.getTitle({ tabId: 8 })).toBe('Handlebook: working on this X page');
      // X put the composer back: the next report says so.
      await route(report({ ...healthy, composer: true }), tab(7), identity, ctx);
      expect(await browser.action.getTitle({ tabId: 7 })).toBe('Handlebook: working on this X page');
    });
  });
});
