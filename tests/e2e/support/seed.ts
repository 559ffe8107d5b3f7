import type { Page } from 'playwright-core';
import type { ExtensionSession } from './extension';

/**
 * Sends one Handlebook message from an extension page (full access) and returns its reply.
 * Like lib/messages/client.ts it retries once when the worker was just stopped and Chrome
 * answers "Receiving end does not exist" before it has started a new one.
 */
export async function send<T = unknown>(page: Page, type: string, payload: unknown): Promise<T> {
  const once = () =>
    page.evaluate(([t, p]) => (globalThis as any).chrome.runtime.sendMessage({ handlebook: 1, type: t, payload: p }), [type, payload] as const);
  const reply = await once().catch(async (error: Error) => {
    if (!/Receiving end does not exist/.test(error.message)) throw error;
    await page.waitForTimeout(200);
    return once();
  });
  if (!reply?.ok) throw new Error(`${type} failed: ${JSON.stringify(reply)}`);
  return reply.data as T;
}

/** An extension page to seed data from, closed by the caller or left open. */
export async function seedPage(session: ExtensionSession): Promise<Page> {
  return session.openExtensionPage('dashboard.html');
}
