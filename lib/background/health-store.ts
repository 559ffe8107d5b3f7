import { browser } from 'wxt/browser';
import { pageHealthSchema, type PageHealth } from '../messages/protocol';

// Per-tab health reports live in storage.session: they outlive a worker restart (the worker
// keeps nothing in memory) and vanish with the browser session, as they should.

const key = (tabId: number) => `health:${tabId}`;

export async function saveHealth(tabId: number, report: PageHealth): Promise<void> {
  await browser.storage.session.set({ [key(tabId)]: report });
}

export async function loadHealth(tabId: number): Promise<PageHealth | null> {
  const stored = (await browser.storage.session.get(key(tabId)))[key(tabId)];
  const parsed = pageHealthSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
