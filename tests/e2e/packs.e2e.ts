import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageErrors, launchWithExtension, currentWorker, type ExtensionSession } from './support/extension';
import { startPackServer, type PackServer } from './support/pack-server';
import { blockExternalNetwork } from './support/replica-x';
import { send } from './support/seed';

// Team packs with the real built extension: export → import into a fresh profile, conflicts
// with each choice, refused files, CSV and Zendesk imports, and a subscription served by a real
// local HTTPS server (support/pack-server.ts) with ETag / 304, a broken update and an upstream
// change over a local edit.
//
// Permissions: `chrome.permissions.request` opens a browser prompt that Playwright cannot click
// (the request simply stays pending). So the subscription test pre-grants the optional host
// permission the way Chrome stores a granted one: launch once to learn the extension id, close,
// add the origin to the extension's granted/active/runtime-granted permissions in the profile's
// Preferences, and launch again with that profile. The page still calls permissions.request in
// the click handler; Chrome answers "granted" at once because it already is.

const FIXTURES = resolve(import.meta.dirname, '../fixtures/packs');
const fixture = (name: string) => join(FIXTURES, name);

let sessions: ExtensionSession[] = [];
afterEach(async () => {
  for (const s of sessions) await s.close().catch(() => undefined);
  sessions = [];
});

async function launch(options: Parameters<typeof launchWithExtension>[0] = {}): Promise<ExtensionSession> {
  const session = await launchWithExtension(options);
  sessions.push(session);
  await blockExternalNetwork(session.context);
  return session;
}

async function openLibrary(session: ExtensionSession, tab: 'templates' | 'packs' | 'backup' | 'settings'): Promise<Page> {
  const page = await session.openExtensionPage(`dashboard.html#${tab}`);
  await page.getByRole('tab', { selected: true }).waitFor();
  return page;
}

interface StoredTemplate {
  id: string;
  title: string;
  body: string;
  shortcut?: string;
  folder?: string;
  tags: string[];
  lang?: string;
  source?: { packId: string; upstreamId: string; upstreamHash: string; edited: boolean; upstreamChanged?: boolean };
}

async function templates(page: Page): Promise<StoredTemplate[]> {
  const { templates: list } = await send<{ templates: StoredTemplate[] }>(page, 'templates.list', {});
  return list.sort((a, b) => a.title.localeCompare(b.title));
}

const byUpstream = (list: StoredTemplate[], id: string) => list.find((t) => t.source?.upstreamId === id);

async function importFile(page: Page, path: string): Promise<void> {
  await page.getByLabel('Choose a file to import').setInputFiles(path);
}

const preview = (page: Page) => page.getByRole('region', { name: 'Import preview' });

async function counts(page: Page): Promise<string[]> {
  return preview(page).getByRole('list', { name: 'What changes' }).locator('li').allTextContents();
}

describe('pack import and export', () => {
  it('exports chosen replies as a pack and imports it into a fresh profile', async () => {
    const a = await launch();
    const pageA = await openLibrary(a, 'packs');
    const errors = collectPageErrors(pageA);
    for (const draft of [
      { title: 'Shipping delay', body: 'Hi {{first_name}},\n\nsorry for the wait!', shortcut: 'late', folder: 'Shipping', tags: ['shipping', 'delay'], lang: 'en' },
      { title: 'Refund issued', body: 'We refunded order {{?order number}}.', folder: 'Billing', tags: [] },
      { title: 'Thanks', body: 'Thanks {{first_name|there}}! 🙏', shortcut: 'ty', tags: ['polite'] },
      { title: 'Not exported', body: 'Private note template', tags: [] },
    ]) {
      await send(pageA, 'templates.save', { draft });
    }
    const exportCard = pageA.getByRole('region', { name: 'Export' });
    const folders = exportCard.getByRole('list', { name: 'Replies to export' });
    await folders.getByLabel('Folder Shipping').check();
    await folders.getByLabel('Folder Billing').check();
    // Pick one reply out of "No folder".
    await folders.getByText('No folder').click();
    await folders.getByRole('checkbox', { name: 'Thanks' }).check();
    await expect.poll(() => exportCard.getByText('3 replies chosen').count()).toBe(1);
    await exportCard.getByLabel('Pack name').fill('Acme support');
    expect(await exportCard.getByLabel('Pack id').inputValue()).toBe('acme-support');
    await exportCard.getByLabel('Author').fill('Dana');
    const [download] = await Promise.all([pageA.waitForEvent('download'), exportCard.getByRole('button', { name: 'Download pack' }).click()]);
    expect(download.suggestedFilename()).toBe('acme-support.json');
    const file = join(mkdtempSync(join(tmpdir(), 'hb-pack-')), 'acme-support.json');
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported).toMatchObject({ format: 'handlebook-pack', version: 1, id: 'acme-support', name: 'Acme support', author: 'Dana' });
    expect(exported.templates.map((t: { id: string }) => t.id).sort()).toEqual(['refund-issued', 'shipping-delay', 'thanks']);

    const [csvDownload] = await Promise.all([pageA.waitForEvent('download'), exportCard.getByRole('button', { name: 'Download CSV' }).click()]);
    const csvFile = join(mkdtempSync(join(tmpdir(), 'hb-csv-')), 'acme-support.csv');
    await csvDownload.saveAs(csvFile);
    const csv = readFileSync(csvFile, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[0]).toBe('\ufeffid,title,body,shortcut,folder,tags,lang');
    expect(errors).toEqual([]);

    const b = await launch();
    const pageB = await openLibrary(b, 'packs');
    await importFile(pageB, file);
    await expect.poll(() => counts(pageB)).toEqual(['New: 3', 'Changed: 0', 'Conflicts: 0', 'Unchanged: 0', 'Removed upstream: 0']);
    await preview(pageB).getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => pageB.getByRole('status').filter({ hasText: 'Imported' }).textContent()).toContain('Imported “Acme support”: 3 new');
    const imported = await templates(pageB);
    const original = (await templates(pageA)).filter((t) => t.title !== 'Not exported');
    expect(imported.map(({ title, body, shortcut, folder, tags, lang }) => ({ title, body, shortcut, folder, tags, lang }))).toEqual(
      original.map(({ title, body, shortcut, folder, tags, lang }) => ({ title, body, shortcut, folder, tags, lang })),
    );
    for (const t of imported) expect(t.source).toMatchObject({ packId: 'acme-support', edited: false });
    const installed = pageB.getByRole('list', { name: 'Installed packs' });
    await expect.poll(() => installed.getByRole('listitem', { name: 'Pack Acme support' }).textContent()).toContain('3 replies in your library');

    // The CSV reads back too, as its own pack named after the file.
    await importFile(pageB, csvFile);
    await expect.poll(() => counts(pageB)).toEqual(['New: 3', 'Changed: 0', 'Conflicts: 0', 'Unchanged: 0', 'Removed upstream: 0']);
    expect(await preview(pageB).getByRole('heading').first().textContent()).toContain('acme-support (CSV sheet)');
  });

  it('resolves conflicts with each choice: keep mine, take theirs, keep both', async () => {
    const s = await launch();
    const page = await openLibrary(s, 'packs');
    await importFile(page, fixture('acme-v1.json'));
    await expect.poll(() => counts(page)).toEqual(['New: 5', 'Changed: 0', 'Conflicts: 0', 'Unchanged: 0', 'Removed upstream: 0']);
    await preview(page).getByRole('button', { name: 'Import' }).click();
    await expect.poll(async () => (await templates(page)).length).toBe(5);

    // Edit three of them locally: one through the editor, two through messages.
    const editor = await openLibrary(s, 'templates');
    await editor.getByRole('list', { name: 'Canned replies' }).getByRole('button', { name: /Greeting/ }).click();
    await editor.getByLabel('Reply text').fill('Hey {{first_name}}! (my greeting)');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => byUpstream(await templates(page), 'keep-mine')?.source?.edited).toBe(true);
    let list = await templates(page);
    for (const [id, body] of [
      ['take-theirs', 'My shipping text'],
      ['keep-both', 'My refund text'],
    ] as const) {
      const t = byUpstream(list, id)!;
      await send(page, 'templates.save', { draft: { id: t.id, title: t.title, body, shortcut: t.shortcut, folder: t.folder, tags: t.tags } });
    }
    await editor.close();

    await importFile(page, fixture('acme-v2.json'));
    await expect.poll(() => counts(page)).toEqual(['New: 1', 'Changed: 1', 'Conflicts: 3', 'Unchanged: 0', 'Removed upstream: 1']);
    const conflicts = preview(page).getByRole('list', { name: 'Conflicts' });
    const greeting = conflicts.getByRole('listitem', { name: 'Conflict: Greeting' });
    expect(await greeting.textContent()).toContain('Hey {{first_name}}! (my greeting)');
    expect(await greeting.textContent()).toContain('Hello {{first_name}}! Thanks for writing to Acme.');
    expect(await greeting.getByLabel('Keep mine').isChecked()).toBe(true);
    await conflicts.getByRole('listitem', { name: 'Conflict: Shipping' }).getByLabel('Take theirs').check();
    await conflicts.getByRole('listitem', { name: 'Conflict: Refund' }).getByLabel('Keep both').check();
    expect(await preview(page).getByRole('list', { name: 'Removed upstream' }).textContent()).toContain('Holiday hours — will be deleted');
    await preview(page).getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Imported' }).textContent()).toContain('1 new, 1 updated, 3 conflicts resolved');

    list = await templates(page);
    expect(list.map((t) => t.title)).toEqual(['Goodbye', 'Greeting', 'Order lookup', 'Refund', 'Refund (mine)', 'Shipping']);
    expect(byUpstream(list, 'keep-mine')).toMatchObject({ body: 'Hey {{first_name}}! (my greeting)', source: { edited: true, upstreamChanged: true } });
    expect(byUpstream(list, 'take-theirs')).toMatchObject({ body: 'Your order ships within 24 hours.', source: { edited: false } });
    expect(byUpstream(list, 'keep-both')).toMatchObject({ body: 'Refunds take 3 to 5 days to appear.', shortcut: 'refund', source: { edited: false } });
    const mine = list.find((t) => t.title === 'Refund (mine)')!;
    expect(mine).toMatchObject({ body: 'My refund text', shortcut: 'refund-mine' });
    expect(mine.source).toBeUndefined();
    expect(byUpstream(list, 'untouched')!.body).toBe('Have a great day!');

    // The kept edit is flagged in the editor, and "take theirs" there brings the pack's text.
    const editor2 = await openLibrary(s, 'templates');
    const item = editor2.getByRole('list', { name: 'Canned replies' }).getByRole('button', { name: /Greeting/ });
    expect(await item.textContent()).toContain('Pack updated');
    await item.click();
    const flag = editor2.getByRole('region', { name: 'Pack updated upstream' });
    expect(await flag.textContent()).toContain('Pack updated upstream; you kept your edit.');
    await flag.getByRole('button', { name: 'Take theirs' }).click();
    await expect.poll(() => editor2.getByLabel('Reply text').inputValue()).toBe('Hello {{first_name}}! Thanks for writing to Acme.');
    expect(await editor2.getByRole('region', { name: 'Pack updated upstream' }).count()).toBe(0);
    expect(byUpstream(await templates(page), 'keep-mine')!.source).toMatchObject({ edited: false });
    await editor2.screenshot({ path: '/tmp/hb-templates-after-take-theirs.png' });
  });

  it('refuses a bad file, lists every problem with its place, and changes nothing', async () => {
    const s = await launch();
    const page = await openLibrary(s, 'packs');
    await send(page, 'templates.save', { draft: { title: 'Existing', body: 'Keep me', tags: [] } });
    const before = await templates(page);
    await importFile(page, fixture('bad-pack.json'));
    const problems = page.getByRole('list', { name: 'Problems found' });
    await expect.poll(() => problems.locator('li').allTextContents()).toEqual([
      expect.stringMatching(/^id: id must use only lower-case letters/),
      'templates.1.body: body is required',
      'templates.2.id: duplicate template id "ok" (also used by templates.0)',
      expect.stringMatching(/^templates\.2\.titel: unknown field "titel"/),
      'templates.2.title: title is required',
    ]);
    expect(await page.getByRole('alert').filter({ hasText: 'Nothing was imported' }).count()).toBe(1);
    expect(await preview(page).count()).toBe(0);
    // Pasted garbage too, with the line and column of the JSON error.
    await page.getByText('…or paste the text').click();
    await page.getByLabel('Pasted pack, Zendesk export or CSV').fill('{"format": "handlebook-pack",\n  "templates": [ }');
    await page.getByRole('button', { name: 'Preview pasted text' }).click();
    await expect.poll(() => problems.textContent()).toMatch(/not valid JSON: unexpected "}" at line 2 column 18/);
    expect(await templates(page)).toEqual(before);
    expect(await send<{ results: unknown[] }>(page, 'packs.refresh', {})).toEqual({ results: [] });
    await page.screenshot({ path: '/tmp/hb-packs-errors.png', fullPage: true });
  });

  it('imports a CSV sheet and a Zendesk export from files', async () => {
    const s = await launch();
    const page = await openLibrary(s, 'packs');
    await importFile(page, fixture('team-replies.csv'));
    await expect.poll(() => counts(page)).toEqual(['New: 4', 'Changed: 0', 'Conflicts: 0', 'Unchanged: 0', 'Removed upstream: 0']);
    expect(await preview(page).getByRole('heading').first().textContent()).toBe('team-replies (CSV sheet)');
    await preview(page).getByRole('button', { name: 'Import' }).click();
    await expect.poll(async () => (await templates(page)).length).toBe(4);
    let list = await templates(page);
    expect(list.find((t) => t.title === 'Delayed order')).toMatchObject({
      body: 'Hi {{first_name}}, sorry for the wait!\n\nYour order ships tomorrow.',
      shortcut: 'late',
      folder: 'Shipping',
      tags: ['shipping', 'delay'],
      lang: 'en',
      source: { packId: 'csv-team-replies', upstreamId: 'delayed-order' },
    });
    expect(list.find((t) => t.title === 'Formula-looking text')!.body).toBe('=SUM(A1) is not a formula here');
    expect(list.find((t) => t.title === 'Merci')).toMatchObject({ folder: 'Français', lang: 'fr' });

    await importFile(page, fixture('zendesk-macros.json'));
    await expect.poll(() => counts(page)).toEqual(['New: 2', 'Changed: 0', 'Conflicts: 0', 'Unchanged: 0', 'Removed upstream: 0']);
    expect(await preview(page).getByRole('heading').first().textContent()).toBe('Zendesk macros (Zendesk macros export)');
    await preview(page).getByText('Skipped Zendesk macros (2)').click();
    expect(await preview(page).textContent()).toContain('Old macro: the macro is inactive in Zendesk');
    await preview(page).getByRole('button', { name: 'Import' }).click();
    await expect.poll(async () => (await templates(page)).length).toBe(6);
    list = await templates(page);
    expect(list.find((t) => t.source?.upstreamId === 'zd-360001234')).toMatchObject({
      title: 'Delayed order',
      folder: 'Shipping',
      body: 'Hi {{first_name}},\n\nyour order {{?ticket id}} is delayed. {{agent}}',
      source: { packId: 'zendesk-import' },
    });
    expect(list.find((t) => t.source?.upstreamId === 'zd-360005678')).toMatchObject({
      title: 'Card',
      folder: 'Billing / Refund',
      body: 'Hello {{name}},\n\n- Refund sent\n- See our help (https://help.example.com/refunds)',
    });
    const installed = page.getByRole('list', { name: 'Installed packs' });
    await expect.poll(() => installed.getByRole('listitem').count()).toBe(2);
  });

  it('imports 10,000 templates in one message and one transaction', async () => {
    const s = await launch();
    const page = await openLibrary(s, 'packs');
    const pack = {
      format: 'handlebook-pack',
      version: 1,
      id: 'big-pack',
      name: 'Big pack',
      templates: Array.from({ length: 10_000 }, (_, i) => ({
        id: `t-${i}`,
        title: `Reply ${i}`,
        body: `Hi {{first_name}}, this is canned reply number ${i}. We are looking into it and will get back to you shortly.`,
        folder: `Folder ${i % 25}`,
        tags: ['bulk', `group-${i % 10}`],
      })),
    };
    const file = join(mkdtempSync(join(tmpdir(), 'hb-big-')), 'big-pack.json');
    writeFileSync(file, JSON.stringify(pack));
    let t0 = Date.now();
    await importFile(page, file);
    await expect.poll(() => counts(page), { timeout: 30_000 }).toEqual(['New: 10000', 'Changed: 0', 'Conflicts: 0', 'Unchanged: 0', 'Removed upstream: 0']);
    const previewMs = Date.now() - t0;
    t0 = Date.now();
    await preview(page).getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Imported' }).count(), { timeout: 60_000 }).toBe(1);
    const importMs = Date.now() - t0;
    expect(await page.evaluate(() => new Promise<number>((res) => {
      const r = indexedDB.open('handlebook');
      r.onsuccess = () => {
        // Templates are stored in blocks; the blocks' `ids` index has an entry per template.
        const req = r.result.transaction('templateBlocks').objectStore('templateBlocks').index('ids').count();
        req.onsuccess = () => {
          res(req.result);
          r.result.close();
        };
      };
    }))).toBe(10_000);

    // Again with half of them changed upstream.
    pack.templates = pack.templates.map((t, i) => (i % 2 ? { ...t, body: `${t.body} (v2)` } : t));
    writeFileSync(file, JSON.stringify(pack));
    t0 = Date.now();
    await importFile(page, file);
    await expect.poll(() => counts(page), { timeout: 30_000 }).toEqual(['New: 0', 'Changed: 5000', 'Conflicts: 0', 'Unchanged: 5000', 'Removed upstream: 0']);
    const preview2Ms = Date.now() - t0;
    t0 = Date.now();
    await preview(page).getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '5000 updated' }).count(), { timeout: 60_000 }).toBe(1);
    const update2Ms = Date.now() - t0;
    console.info(`10,000-template pack in Chromium: preview ${previewMs} ms, import ${importMs} ms; re-import with 5,000 changed: preview ${preview2Ms} ms, import ${update2Ms} ms`);

    // The editor stays usable with 10,000 replies.
    const editor = await openLibrary(s, 'templates');
    await editor.getByLabel('Search replies').fill('Reply 9999');
    await expect.poll(() => editor.getByRole('list', { name: 'Canned replies' }).getByRole('button').count()).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Subscriptions

const PACK_URL = 'https://packs.test/team/acme.json';
const PACK_PATTERN = 'https://packs.test/*';

/** Adds `pattern` to the extension's granted host permissions in a closed profile. */
function grantHostPermission(userDataDir: string, extensionId: string, pattern: string): void {
  const file = join(userDataDir, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(file, 'utf8'));
  const settings = prefs.extensions?.settings?.[extensionId];
  if (!settings) throw new Error(`extension ${extensionId} not found in ${file}`);
  const add = (set: { explicit_host?: string[] } | undefined) => {
    const target = set ?? {};
    target.explicit_host = [...new Set([...(target.explicit_host ?? []), pattern])];
    return target;
  };
  settings.granted_permissions = add(settings.granted_permissions);
  settings.active_permissions = add(settings.active_permissions);
  settings.runtime_granted_permissions = add(settings.runtime_granted_permissions ?? { api: [], manifest_permissions: [], scriptable_host: [] });
  writeFileSync(file, JSON.stringify(prefs));
}

describe('subscriptions', () => {
  let server: PackServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('subscribes, honours ETag / 304, keeps the last good version on a broken update, flags an upstream change over a local edit, and unsubscribes', { timeout: 120_000 }, async () => {
    server = await startPackServer('packs.test');
    const { requests } = server;
    server.serve({ status: 200, body: readFileSync(fixture('acme-v1.json'), 'utf8'), etag: '"v1"' });
    // Launch once to create the profile and learn the id, grant the pack host, launch again.
    const first = await launchWithExtension({ keepProfile: true });
    const { userDataDir, extensionId } = first;
    await first.context.close();
    grantHostPermission(userDataDir, extensionId, PACK_PATTERN);
    // No routing here: the pack host is the local server, and nothing else is reachable.
    const s = await launchWithExtension({ userDataDir, args: server.chromiumArgs });
    sessions.push(s);
    expect(s.extensionId).toBe(extensionId);

    const page = await openLibrary(s, 'packs');
    const errors = collectPageErrors(page);
    expect(await page.evaluate((p) => (globalThis as any).chrome.permissions.contains({ origins: [p] }), PACK_PATTERN)).toBe(true);
    await page.getByLabel('Pack address').fill('http://packs.test/team/acme.json');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'HTTPS' }).count()).toBe(1);
    await page.getByLabel('Pack address').fill(PACK_URL);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Subscribed to' }).textContent(), { timeout: 20_000 }).toContain(
      'Subscribed to “Acme support replies”: 5 new replies',
    );
    expect(requests).toEqual([{ path: '/team/acme.json', ifNoneMatch: undefined, cookie: undefined }]);
    const worker = await currentWorker(s.context);
    expect(await worker.evaluate(() => (globalThis as any).chrome.alarms.get('handlebook-pack-refresh'))).toMatchObject({ periodInMinutes: 360 });
    const item = page.getByRole('list', { name: 'Installed packs' }).getByRole('listitem', { name: 'Pack Acme support replies' });
    await expect.poll(() => item.textContent()).toContain('Subscribed');
    expect(await item.textContent()).toContain(PACK_URL);

    // A local edit of one template.
    let list = await templates(page);
    const greeting = byUpstream(list, 'keep-mine')!;
    await send(page, 'templates.save', { draft: { id: greeting.id, title: 'Greeting', body: 'Hey {{first_name}}, my own words.', shortcut: 'hi', folder: 'General', tags: [] } });

    // Unchanged upstream: If-None-Match → 304, nothing changes, the check is recorded.
    const before = await templates(page);
    await item.getByRole('button', { name: 'Update now' }).click();
    await expect.poll(() => item.getByRole('status').textContent()).toBe('Up to date: the pack has not changed.');
    expect(requests.at(-1)).toEqual({ path: '/team/acme.json', ifNoneMatch: '"v1"', cookie: undefined });
    expect(await templates(page)).toEqual(before);

    // A broken update: the last good version stays and the error is shown with its time.
    server.serve({ status: 200, body: '{ "format": "handlebook-pack", "version": 1, "id": "acme-support", ', etag: '"broken"' });
    await item.getByRole('button', { name: 'Update now' }).click();
    const failure = item.getByRole('alert', { name: 'Last refresh failed' });
    await expect.poll(() => failure.textContent()).toMatch(/The last check failed \(.+\): the pack is not valid: not valid JSON: the file ends too early/);
    expect(await templates(page)).toEqual(before);
    server.serve({ status: 503, body: 'down for maintenance' });
    await item.getByRole('button', { name: 'Update now' }).click();
    await expect.poll(() => failure.textContent()).toContain('the server answered HTTP 503');
    expect(await templates(page)).toEqual(before);
    await page.screenshot({ path: '/tmp/hb-packs-subscription-error.png', fullPage: true });

    // An upstream change over the local edit: the edit stays, flagged; the rest updates. This
    // time through the alarm itself (unpacked extensions may fire alarms sooner than 30 s).
    server.serve({ status: 200, body: readFileSync(fixture('acme-v2.json'), 'utf8'), etag: '"v2"' });
    await worker.evaluate(() => (globalThis as any).chrome.alarms.create('handlebook-pack-refresh', { when: Date.now() + 200, periodInMinutes: 360 }));
    await expect.poll(async () => byUpstream(await templates(page), 'take-theirs')?.body, { timeout: 20_000 }).toBe('Your order ships within 24 hours.');
    list = await templates(page);
    expect(byUpstream(list, 'keep-mine')).toMatchObject({ body: 'Hey {{first_name}}, my own words.', source: { edited: true, upstreamChanged: true } });
    expect(byUpstream(list, 'dropped')).toBeUndefined();
    expect(byUpstream(list, 'brand-new')).toBeDefined();
    await expect.poll(() => item.getByRole('alert', { name: 'Last refresh failed' }).count()).toBe(0);
    expect(await item.textContent()).toContain('1 updated upstream');
    await page.screenshot({ path: '/tmp/hb-packs-subscribed.png', fullPage: true });

    // Unsubscribe: unedited replies go, the edited one stays detached, the alarm and the
    // permission are released.
    await item.getByRole('button', { name: 'Unsubscribe' }).click();
    await item.getByRole('group', { name: 'Confirm removal' }).getByRole('button', { name: 'Yes, unsubscribe' }).click();
    await expect.poll(async () => (await templates(page)).map((t) => t.title)).toEqual(['Greeting']);
    expect((await templates(page))[0]!.source).toBeUndefined();
    expect(await worker.evaluate(() => (globalThis as any).chrome.alarms.get('handlebook-pack-refresh'))).toBeUndefined();
    expect(await page.evaluate((p) => (globalThis as any).chrome.permissions.contains({ origins: [p] }), PACK_PATTERN)).toBe(false);
    expect(errors).toEqual([]);
  });
});
