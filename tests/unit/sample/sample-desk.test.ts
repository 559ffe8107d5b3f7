import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlebookDatabase } from '@/lib/db/database';
import { route } from '@/lib/background/router';
import type { Change, HandlerContext } from '@/lib/background/handlers';
import type { TeamController } from '@/lib/background/team-controller';
import { addNote, updateNote } from '@/lib/db/customers';
import { findCustomerByHandle, readAllCustomers } from '@/lib/db/customer-store';
import { readAllInteractions, readHistory } from '@/lib/db/history-store';
import { logIncoming } from '@/lib/db/interactions';
import { readBookCounts } from '@/lib/db/book-counts';
import { readAllTemplates, writeTemplates } from '@/lib/db/template-store';
import { saveTemplate } from '@/lib/db/templates';
import { SAMPLE_CUSTOMERS, SAMPLE_PACK, SAMPLE_PACK_ID, SAMPLE_TAG, SAMPLE_TOUR_HANDLE } from '@/lib/sample/desk';
import { loadSampleDesk, removeSampleDesk } from '@/lib/sample/load';
import { readSampleState, sampleLoaded } from '@/lib/sample/state';
import * as replica from '../../fixtures/x/data';

const NOW = Date.UTC(2026, 11, 7, 12);
const MIN = 60_000;
let db: HandlebookDatabase;
let n = 0;
beforeEach(() => {
  db = new HandlebookDatabase(`test-sample-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

const handles = SAMPLE_CUSTOMERS.map((s) => s.handle);
const sampleTemplates = () => SAMPLE_PACK.templates.length;

describe('loading the sample desk', () => {
  it('writes every sample customer tagged "sample" with its note, fields, history and case, and the replies as a pack', async () => {
    const outcome = await loadSampleDesk(db, NOW);
    expect(outcome).toEqual({ added: SAMPLE_CUSTOMERS.length, alreadyLoaded: 0, skipped: [], replies: sampleTemplates() });

    for (const sample of SAMPLE_CUSTOMERS) {
      const c = (await findCustomerByHandle(db, sample.handle))!;
      expect(c.tags).toEqual([SAMPLE_TAG, ...sample.tags]);
      expect(c.notes.map((note) => note.text)).toEqual([sample.note]);
      expect(c.fields).toEqual(sample.fields);
      expect(c.status).toBe(sample.status);
      expect(c.interactionCount).toBe(sample.history.length);
      expect((await readHistory(db, c.key)).map((i) => i.direction)).toEqual(sample.history.map((h) => h.direction));
    }
    // The history's times are in the past, relative to now: Priya's case has waited 3 hours.
    const priya = (await findCustomerByHandle(db, 'priya_codes'))!;
    expect(priya.waitingSince).toBe(NOW - 180 * MIN);
    expect(priya.lastContact).toBe(NOW - 180 * MIN);

    expect(await readBookCounts(db)).toEqual({ customers: SAMPLE_CUSTOMERS.length, interactions: SAMPLE_CUSTOMERS.flatMap((s) => s.history).length });
    const templates = await readAllTemplates(db);
    expect(templates.map((t) => t.title).sort()).toEqual(SAMPLE_PACK.templates.map((t) => t.title).sort());
    expect(templates.every((t) => t.source?.packId === SAMPLE_PACK_ID)).toBe(true);
    expect(await readSampleState(db)).toEqual({ customers: SAMPLE_CUSTOMERS.length, replies: true });
  });

  it('adds nothing the second time', async () => {
    await loadSampleDesk(db, NOW);
    const again = await loadSampleDesk(db, NOW + 60 * MIN);
    expect(again).toEqual({ added: 0, alreadyLoaded: SAMPLE_CUSTOMERS.length, skipped: [], replies: sampleTemplates() });
    expect((await readAllCustomers(db)).length).toBe(SAMPLE_CUSTOMERS.length);
    expect((await readAllInteractions(db)).length).toBe(SAMPLE_CUSTOMERS.flatMap((s) => s.history).length);
    expect((await readAllTemplates(db)).length).toBe(sampleTemplates());
  });

  it("leaves an account the person already keeps a record of exactly as it was", async () => {
    const own = await addNote(db, { handle: 'BeanBrewer' }, 'Bean', 'Real customer: sent him a sample bag of decaf.', NOW - 1000);
    const outcome = await loadSampleDesk(db, NOW);
    expect(outcome.skipped).toEqual(['beanbrewer']);
    expect(outcome.added).toBe(SAMPLE_CUSTOMERS.length - 1);
    expect(await findCustomerByHandle(db, 'beanbrewer')).toEqual(own);
  });
});

describe('removing the sample desk', () => {
  it("takes out only the sample: the person's own customers and replies stay", async () => {
    const mine = await addNote(db, { handle: 'ana_real' }, 'Ana', 'A real customer', NOW - 5000);
    const myReply = await saveTemplate(db, { title: 'Mine', body: 'My own reply', tags: [] }, NOW - 5000);
    await loadSampleDesk(db, NOW);

    expect(await removeSampleDesk(db)).toEqual({ removed: SAMPLE_CUSTOMERS.length, kept: [], repliesRemoved: sampleTemplates(), repliesKept: 0 });
    expect(await readAllCustomers(db)).toEqual([mine]);
    expect(await readAllTemplates(db)).toEqual([myReply]);
    expect(await readBookCounts(db)).toEqual({ customers: 1, interactions: 0 });
    expect(await db.packs.get(SAMPLE_PACK_ID)).toBeUndefined();
    const state = await readSampleState(db);
    expect(state).toEqual({ customers: 0, replies: false });
    expect(sampleLoaded(state)).toBe(false);
  });

  it('keeps a sample customer the person wrote to since, and a sample reply they edited', async () => {
    await loadSampleDesk(db, NOW);
    const grumpy = (await findCustomerByHandle(db, 'grumpy_grinder'))!;
    await addNote(db, { handle: 'grumpy_grinder' }, grumpy.displayName, 'Called him: clips arrived.', NOW + MIN);
    const beanbrewer = (await findCustomerByHandle(db, 'beanbrewer'))!;
    await updateNote(db, beanbrewer.key, beanbrewer.notes[0]!.id, 'Writes a coffee blog. Interview booked for Friday.', NOW + MIN);
    await logIncoming(db, { ref: { handle: 'dtanaka_jp' }, displayName: '田中 大輔', tweetId: '77', text: 'bank details sent', openCase: false }, NOW + MIN);
    const refund = (await readAllTemplates(db)).find((t) => t.source?.upstreamId === 'refund')!;
    await writeTemplates(db, { put: [{ ...refund, body: 'Refund sent!', source: { ...refund.source!, edited: true } }], delete: [] });

    const outcome = await removeSampleDesk(db);
    expect(outcome.kept.sort()).toEqual(['beanbrewer', 'dtanaka_jp', 'grumpy_grinder']);
    expect(outcome.removed).toBe(SAMPLE_CUSTOMERS.length - 3);
    expect(outcome).toMatchObject({ repliesRemoved: sampleTemplates() - 1, repliesKept: 1 });
    expect((await readAllCustomers(db)).map((c) => c.handleLower).sort()).toEqual(['beanbrewer', 'dtanaka_jp', 'grumpy_grinder']);
    expect((await findCustomerByHandle(db, 'grumpy_grinder'))!.notes.map((x) => x.text)).toContain('Called him: clips arrived.');
    expect((await readAllTemplates(db)).map((t) => [t.body, t.source])).toEqual([['Refund sent!', undefined]]);
  });

  it('does nothing when no sample is loaded', async () => {
    const mine = await addNote(db, { handle: 'priya_codes' }, 'Priya', 'My own record of Priya', NOW);
    expect(await removeSampleDesk(db)).toEqual({ removed: 0, kept: [], repliesRemoved: 0, repliesKept: 0 });
    expect(await readAllCustomers(db)).toEqual([mine]);
  });
});

describe('the sample desk messages', () => {
  const identity = { extensionId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id/' };
  const page = { id: 'ext-id', url: 'chrome-extension://ext-id/welcome.html', tab: { id: 2 } };
  const xTab = { id: 'ext-id', url: 'https://x.com/home', tab: { id: 1, url: 'https://x.com/home' } };
  const msg = (type: string) => ({ handlebook: 1, type, payload: {} });
  let changes: Change[];
  let ctx: HandlerContext;
  beforeEach(() => {
    changes = [];
    ctx = { db, now: () => NOW, changed: (c) => changes.push(c), version: '1' };
  });

  it('load and remove from an extension page, telling every tab', async () => {
    expect(await route(msg('sample.load'), page, identity, ctx)).toEqual({
      ok: true,
      data: { added: SAMPLE_CUSTOMERS.length, alreadyLoaded: 0, skipped: [], replies: sampleTemplates() },
    });
    expect(await route(msg('sample.remove'), page, identity, ctx)).toMatchObject({ ok: true, data: { removed: SAMPLE_CUSTOMERS.length } });
    expect(changes).toEqual([
      { all: true, templates: true },
      { all: true, templates: true },
    ]);
  });

  it('are not for X pages', async () => {
    const reply = await route(msg('sample.load'), xTab, identity, ctx);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await readAllCustomers(db)).toEqual([]);
  });

  it('refuses to load the sample into a team, saying why, and writes nothing', async () => {
    // The team controller's own state is what the handler asks: this browser shows a team's book.
    ctx.team = { teamName: () => 'Northwind support', readOnlyTeam: () => undefined } as unknown as TeamController;
    const reply = await route(msg('sample.load'), page, identity, ctx);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(!reply.ok && reply.error.message).toContain('team "Northwind support"');
    expect(await readAllCustomers(db)).toEqual([]);
    expect(await readAllTemplates(db)).toEqual([]);
    expect(changes).toEqual([]);
  });

  it("are refused to a team's viewer, like every change to the book", async () => {
    ctx.team = { teamName: () => 'Northwind support', readOnlyTeam: () => 'Northwind support' } as unknown as TeamController;
    expect(await route(msg('sample.remove'), page, identity, ctx)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('the sample data', () => {
  it("is the replica's own people and posts, so the demo, the screenshots and the e2e tests show it", () => {
    const home = new Set(replica.HOME_TWEETS.map((t) => t.handle));
    for (const sample of SAMPLE_CUSTOMERS.filter((s) => s.handle !== SAMPLE_TOUR_HANDLE)) {
      expect(home.has(sample.handle), sample.handle).toBe(true);
      expect(replica.findUser(sample.handle)?.name).toBe(sample.displayName);
      for (const h of sample.history.filter((x) => x.direction === 'in')) {
        expect(replica.findTweet(h.tweetId!)).toMatchObject({ handle: sample.handle, text: h.text });
      }
    }
    // The first customer on the home timeline is a sample one: the screenshots open its card.
    expect(replica.HOME_TWEETS[0]!.handle).toBe(handles[0]);
  });
});
