import { request } from '../messages/client';
import { TriageCache } from './triage-cache';

/**
 * This page's triage cache (one content script per page, like pagePresence): lookups leave at
 * the end of the task that asked, as the badges' do; errors are logged, never shown to X's page.
 */
export const triageCache = new TriageCache(
  async (statusIds) => (await request('triage.lookup', { statusIds })).answered,
  (fn) => queueMicrotask(fn),
  (error) => console.warn('[Handlebook]', error),
);
