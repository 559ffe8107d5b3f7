import { afterEach, describe, expect, it } from 'vitest';
import { launchWithExtension, stopServiceWorker, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, replicaData, routeReplicaX } from './support/replica-x';
import { send } from './support/seed';
import { authorHandles, openX, writeNote } from './support/x-page';

// Handlebook never sends anyone's data anywhere: using every feature on the replicas, the only
// requests are the pages X itself serves (answered offline by the replica), and a page script
// on x.com cannot reach the extension at all.

let session: ExtensionSession;
afterEach(async () => {
  await session?.close();
});

describe('privacy', () => {
  it('makes no network request of its own while every feature is used', async () => {
    session = await launchWithExtension();
    const escaped = await blockExternalNetwork(session.context);
    const replica = await routeReplicaX(session.context);
    const requests: string[] = [];
    session.context.on('request', (r) => requests.push(`${r.resourceType()} ${r.url()}`));

    const admin = await session.openExtensionPage('dashboard.html');
    await send(admin, 'templates.save', { draft: { title: 'Thanks', body: 'Thanks {{first_name}}!', shortcut: 'thx', tags: [] } });

    const home = await openX(session.context, 'https://x.com/home');
    const [handle] = await authorHandles(home);
    await writeNote(home, handle!, 'privacy check note');
    await home.keyboard.press('Escape');

    const focused = replicaData.FOCUSED_TWEET;
    const status = await openX(session.context, `https://x.com/${focused.handle}/status/${focused.id}`);
    await status.click('[data-testid="tweetTextarea_0"]');
    await status.keyboard.type(';thx');
    await expect.poll(() => status.evaluate(() => window.__replica.composerText(0))).toBe('Thanks Mara!');
    await status.click('button[data-testid="tweetButtonInline"]');
    await expect.poll(() => status.evaluate(() => window.__replica.sent.length)).toBe(1);
    await stopServiceWorker(session);
    await openX(session.context, `https://x.com/${replicaData.PROFILE_USER.handle}`);
    const popup = await session.openExtensionPage('popup.html');
    await popup.waitForSelector('h1');

    expect(escaped).toEqual([]);
    // Everything that went out was a page or script X itself serves (the replica answered it)
    // or one of the extension's own files: no fetch, no beacon, no image to anywhere else.
    const foreign = requests.filter((r) => !/ https:\/\/(x|twitter)\.com\//.test(r) && !/ chrome-extension:\/\//.test(r));
    expect(foreign).toEqual([]);
    const toX = requests.filter((r) => / https:\/\/(x|twitter)\.com\//.test(r));
    expect(toX.every((r) => /^(document|script) /.test(r))).toBe(true);
    expect(replica.served.every((s) => s.route !== 'notFound')).toBe(true);
  });

  it('gives page scripts on x.com no way to talk to the extension', async () => {
    session = await launchWithExtension();
    await blockExternalNetwork(session.context);
    await routeReplicaX(session.context);
    const page = await openX(session.context, 'https://x.com/home');
    const result = await page.evaluate(async (id) => {
      const runtime = (window as any).chrome?.runtime;
      if (!runtime?.sendMessage) return 'no runtime';
      try {
        await runtime.sendMessage(id, { handlebook: 1, type: 'ping', payload: {} });
        return 'answered';
      } catch (error) {
        return `refused: ${(error as Error).message}`;
      }
    }, session.extensionId);
    expect(result === 'no runtime' || result.startsWith('refused')).toBe(true);
    // Nothing of ours is reachable from the page's world either.
    expect(await page.evaluate(() => Object.keys(window).filter((k) => /handlebook/i.test(k)))).toEqual([]);
  });
});
