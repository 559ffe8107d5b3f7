import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectPageErrors, EXTENSION_DIR, launchWithExtension, waitForExtensionPage, type ExtensionSession } from './support/extension';
import { blockExternalNetwork, routeReplicaX } from './support/replica-x';
import { send } from './support/seed';
import { BADGE, badgeOf, expectBadgesOnCustomers, openX } from './support/x-page';
import { SAMPLE_CUSTOMERS, SAMPLE_TOUR_HANDLE } from '../../lib/sample/desk';
import { WHATS_NEW, WHATS_NEW_KEY } from '../../lib/release/whats-new';

// A first-time user: installing Handlebook opens the welcome page; one click loads the sample
// desk, a second follows its link to x.com, where a sample customer's badge and card are
// shown (on the replica: the tour account's profile and the home timeline); one more takes the
// sample out again. The page's import button is the dashboard's own pack import and restore.

let session: ExtensionSession;
let scratch: string | undefined;
afterEach(async () => {
  await session?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

async function start() {
  session = await launchWithExtension({ keepWelcome: true });
  await blockExternalNetwork(session.context);
  await routeReplicaX(session.context);
}

const fictional = SAMPLE_CUSTOMERS.filter((s) => s.handle !== SAMPLE_TOUR_HANDLE).map((s) => s.handle);

describe('first run', () => {
  it('opens the welcome page on install; the sample desk shows on x.com in two clicks and goes in one', async () => {
    await start();
    const welcome = await waitForExtensionPage(session.context, 'welcome.html');
    const errors = collectPageErrors(welcome);
    await welcome.getByRole('heading', { name: 'Welcome to Handlebook' }).waitFor();
    const steps = welcome.getByRole('list', { name: 'How Handlebook works on x.com' }).getByRole('listitem');
    expect(await steps.count()).toBe(3);
    expect(await steps.allTextContents()).toEqual([expect.stringContaining('The badge'), expect.stringContaining('The card'), expect.stringContaining('The picker')]);

    // Click 1: load the sample.
    await welcome.getByRole('button', { name: 'Load the sample desk' }).click();
    await expect.poll(() => welcome.getByRole('status').first().textContent()).toContain(`Loaded ${SAMPLE_CUSTOMERS.length} sample customers and 3 sample replies`);

    // Click 2: the link to x.com, in a new tab: X's own account is a sample customer there.
    const opened = session.context.waitForEvent('page');
    await welcome.getByRole('link', { name: 'See it on x.com' }).click();
    const x = await opened;
    await x.waitForURL(`https://x.com/${SAMPLE_TOUR_HANDLE}`);
    // Badges name their account by its lower-cased handle.
    const badge = badgeOf(x, SAMPLE_TOUR_HANDLE.toLowerCase());
    await badge.waitFor({ timeout: 15_000 });
    expect(await badge.textContent()).toBe('sample');
    await badge.click();
    const card = x.getByRole('dialog', { name: /^Handlebook card for @x$/i });
    await expect.poll(() => card.textContent()).toContain("Sample customer: X's own account");

    // The replica's timeline: every fictional sample customer has a badge, nobody else.
    const home = await openX(session.context, 'https://x.com/home', { waitForBadges: true });
    await expectBadgesOnCustomers(home, fictional);
    expect(await badgeOf(home, fictional[0]!).textContent()).toMatch(/^sample VIP · 2 · /);

    // One click takes it out again, from the welcome page or the toolbar popup (here the popup);
    // the welcome page and the timeline follow without a reload.
    expect(await welcome.getByRole('button', { name: 'Remove the sample desk' }).isVisible()).toBe(true);
    const popup = await session.openExtensionPage('popup.html');
    await popup.getByRole('button', { name: 'Remove sample' }).click();
    await expect.poll(() => popup.locator('.hb-sample-line').textContent()).toBe(`Removed ${SAMPLE_CUSTOMERS.length} sample customers and 3 sample replies.`);
    await expect.poll(() => home.locator(BADGE).count(), { timeout: 10_000 }).toBe(0);
    await welcome.getByRole('button', { name: 'Load the sample desk' }).waitFor();
    const stored = await send<{ templates: unknown[] }>(welcome, 'templates.list', {});
    expect(stored.templates).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("imports a pack with the dashboard's own import, from the welcome page", async () => {
    await start();
    const welcome = await waitForExtensionPage(session.context, 'welcome.html');
    await welcome.getByRole('button', { name: 'Import a pack or a backup' }).click();
    await welcome.getByLabel('Choose a backup file to restore').waitFor();
    const packFile = resolve(import.meta.dirname, '../fixtures/packs/acme-v1.json');
    await welcome.getByLabel('Choose a file to import').setInputFiles(packFile);
    await welcome.getByRole('region', { name: 'Import preview' }).waitFor();
    await welcome.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => welcome.getByRole('status').first().textContent()).toMatch(/^Imported “.+”: \d+ new/);
    const { templates } = await send<{ templates: { source?: { packId: string } }[] }>(welcome, 'templates.list', {});
    expect(templates.length).toBeGreaterThan(0);
    expect(new Set(templates.map((t) => t.source?.packId))).toEqual(new Set([JSON.parse(readFileSync(packFile, 'utf8')).id]));
  });
});

describe('update', () => {
  it('opens no page on an update; the popup says what is new', async () => {
    // An older build installed first (the same extension with a lower version), then the
    // current one over it, the way chrome://extensions updates an unpacked extension: the files
    // change and the extension is reloaded (developer mode on, as the Reload button needs).
    scratch = mkdtempSync(join(tmpdir(), 'handlebook-update-'));
    const extensionDir = join(scratch, 'extension');
    cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
    const manifestPath = join(extensionDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const version: string = manifest.version;
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, version: '0.0.1' }));

    // The install opens the welcome page; launchWithExtension waits for it and closes it.
    session = await launchWithExtension({ extensionDir });
    const before = await session.openExtensionPage('popup.html');
    await before.getByRole('button', { name: 'Open dashboard' }).waitFor();
    expect(await before.locator('.hb-whats-new').count()).toBe(0);
    await before.close();

    writeFileSync(manifestPath, JSON.stringify(manifest));
    const extensions = await session.context.newPage();
    await extensions.goto('chrome://extensions');
    await extensions.evaluate(async (id) => {
      const developer = (globalThis as any).chrome.developerPrivate;
      await developer.updateProfileConfiguration({ inDeveloperMode: true });
      // Its promise settles only after the old worker is gone: not awaited.
      void developer.reload(id, { failQuietly: true });
    }, session.extensionId);
    const worker = () => session.context.serviceWorkers().find((w) => w !== session.worker);
    await expect.poll(() => worker() !== undefined, { timeout: 15_000 }).toBe(true);
    const recorded = () => worker()!.evaluate(async (key) => (await (globalThis as any).chrome.storage.local.get(key))[key], WHATS_NEW_KEY);
    await expect.poll(recorded, { timeout: 10_000 }).toMatchObject({ version });
    expect(await worker()!.evaluate(() => (globalThis as any).chrome.runtime.getManifest().version)).toBe(version);
    expect(session.context.pages().map((p) => p.url()).filter((url) => url.includes('welcome.html'))).toEqual([]);

    const popup = await session.openExtensionPage('popup.html');
    await expect.poll(() => popup.locator('.hb-whats-new').textContent()).toBe(`New in ${version}: ${WHATS_NEW[version]}`);
  });
});
