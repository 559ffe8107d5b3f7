import type { ExtensionSession } from './extension';
import { send } from './seed';
import { SAMPLE_CUSTOMERS, SAMPLE_PACK, SAMPLE_TOUR_HANDLE } from '../../../lib/sample/desk';

// The sample support desk the README and store screenshots show: the welcome page's
// sample desk (lib/sample/desk.ts), written the way a person would have written it, through the
// ordinary messages, so it works in team mode too (where the welcome page's sample.load is
// refused) and carries no "sample" tag. The customers' own tweets are logged as they were
// posted; our replies are left out (they could only be logged as sent now).

/** The sample customers the replica's timeline shows (X's own account is only for the real x.com). */
export const SAMPLE_HANDLES = SAMPLE_CUSTOMERS.filter((s) => s.handle !== SAMPLE_TOUR_HANDLE).map((s) => s.handle);

/** Seeds the sample customers and replies; returns the customers' handles, the first shown first on the home timeline. */
export async function seedSampleDesk(session: ExtensionSession): Promise<string[]> {
  const page = await session.openExtensionPage('dashboard.html');
  const MINUTE = 60_000;
  for (const sample of SAMPLE_CUSTOMERS.filter((s) => s.handle !== SAMPLE_TOUR_HANDLE)) {
    const ref = { handle: sample.handle };
    const { displayName } = sample;
    await send(page, 'notes.add', { ref, displayName, text: sample.note });
    for (const h of sample.history.filter((x) => x.direction === 'in')) {
      const tweetedAt = Date.now() - h.minutesAgo * MINUTE;
      await send(page, 'interactions.logIncoming', { ref, displayName, tweetId: h.tweetId, text: h.text, tweetedAt, openCase: h.openCase ?? false });
    }
    await send(page, 'customers.update', { ref, displayName, patch: { tags: sample.tags, status: sample.status, fields: sample.fields } });
  }
  for (const t of SAMPLE_PACK.templates) {
    await send(page, 'templates.save', { draft: { title: t.title, body: t.body, shortcut: t.shortcut, folder: t.folder, tags: t.tags ?? [] } });
  }
  await page.close();
  return SAMPLE_HANDLES;
}
