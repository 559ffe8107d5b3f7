import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { REPLICA_URLS, replicaData } from './support/replica-x';
import { send } from './support/seed';
import { customerOf, newTeam, type TeamMember } from './support/team';
import { teamServerPerFile } from './support/team-file';
import { authorHandles, badgeOf, openCard, openX, tweetBy } from './support/x-page';

// Case assignment end to end: a real team desk.server(), Ana and Ben in their own Chromium profiles.
// Who owns a case is set from the card, the "take it" shortcut, the dashboard's bulk bar or a
// reply, and every member sees it: on the badge ("Ben's"), in the dashboard's owner filter,
// in the overview's team table and in the customer's timeline.

const CUSTOMER = replicaData.FOCUSED_TWEET.handle;

const desk = teamServerPerFile();
const { anaAndBen } = desk;

/** Both members know the customer (a note by Ana), so both have a badge for them. */
async function sharedCustomer(ana: TeamMember, ben: TeamMember, handle: string): Promise<void> {
  await send(ana.dashboard, 'notes.add', { ref: { handle }, displayName: handle, text: `Note about ${handle}` });
  await expect.poll(async () => (await customerOf(ben, handle))?.notes.length, { timeout: 10_000 }).toBe(1);
}

/** The dashboard's customers tab, filtered by owner (the select's visible option). */
async function customersOwnedBy(page: Page, option: string): Promise<string[]> {
  await page.getByLabel('Owner', { exact: true }).selectOption({ label: option });
  await page.waitForTimeout(50);
  return page.locator('tr[data-customer]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-customer')!));
}

describe('case assignment', () => {
  it('assigned from the card, shows on the other member’s badge, in the dashboard filters and in the timeline', async () => {
    const [ana, ben] = await anaAndBen();
    await sharedCustomer(ana, ben, CUSTOMER);

    const anaX = await openX(ana.session.context, REPLICA_URLS.status);
    const benX = await openX(ben.session.context, REPLICA_URLS.status);
    await badgeOf(benX, CUSTOMER).first().waitFor();

    // Ana gives the case to Ben from the card.
    const card = await openCard(anaX, CUSTOMER);
    await card.getByLabel('Owner', { exact: true }).selectOption({ label: 'Ben' });
    // Ana sees whose it is on her badge; Ben's own badge does not tell him his own name.
    await expect.poll(() => badgeOf(anaX, CUSTOMER).first().getAttribute('data-owner')).toBe('Ben');
    expect(await badgeOf(anaX, CUSTOMER).first().textContent()).toContain("Ben's");
    await expect.poll(async () => (await customerOf(ben, CUSTOMER))?.assignee?.name, { timeout: 10_000 }).toBe('Ben');
    await expect.poll(() => badgeOf(benX, CUSTOMER).first().getAttribute('data-owner')).toBeNull();
    // The case was not open: giving it to someone opened it.
    expect((await customerOf(ben, CUSTOMER))?.status).toBe('open');

    // Ben's dashboard: among his cases, not among the unassigned ones.
    await ben.dashboard.goto(ben.dashboard.url().replace(/#.*$/, '') + '#customers');
    await ben.dashboard.getByLabel('Owner', { exact: true }).waitFor();
    expect(await customersOwnedBy(ben.dashboard, 'Mine')).toEqual([CUSTOMER.toLowerCase()]);
    expect(await customersOwnedBy(ben.dashboard, 'Unassigned')).toEqual([]);
    expect(await customersOwnedBy(ben.dashboard, 'Ana')).toEqual([]);

    // Ana takes it back: Ben's badge now names her, and the timeline tells the story.
    await card.getByLabel('Owner', { exact: true }).selectOption({ label: 'Me (Ana)' });
    await expect.poll(() => badgeOf(benX, CUSTOMER).first().getAttribute('data-owner'), { timeout: 10_000 }).toBe('Ana');
    expect(await customersOwnedBy(ben.dashboard, 'Ana')).toEqual([CUSTOMER.toLowerCase()]);
    const benCard = await openCard(benX, CUSTOMER);
    const timeline = benCard.getByRole('list', { name: 'Interactions, newest first' });
    await expect.poll(() => timeline.textContent()).toContain('Ana took the case');
    expect(await timeline.textContent()).toContain('Ana assigned the case to Ben');
    expect(await benCard.getByLabel('Owner', { exact: true }).inputValue()).toBe((await ana.status()).memberId);
  });

  it('“take it” on the focused tweet (Alt+Shift+T) makes the case mine and opens its card', async () => {
    const [ana, ben] = await anaAndBen();
    const benX = await openX(ben.session.context, REPLICA_URLS.home);
    const [first] = await authorHandles(benX);
    await sharedCustomer(ana, ben, first!);
    const anaX = await openX(ana.session.context, REPLICA_URLS.home);
    await badgeOf(anaX, first!).first().waitFor();

    await tweetBy(benX, first!).focus();
    await benX.keyboard.press('Alt+Shift+T');
    const card = benX.getByRole('dialog', { name: `Handlebook card for @${first}` });
    await card.waitFor();
    await expect.poll(() => card.getByLabel('Owner', { exact: true }).inputValue()).toBe((await ben.status()).memberId);
    await expect.poll(() => badgeOf(anaX, first!).first().getAttribute('data-owner'), { timeout: 10_000 }).toBe('Ben');
  });

  it('a reply to an open case nobody owns makes it the replier’s; bulk assignment and the team table in the dashboard', async () => {
    const [ana, ben] = await anaAndBen();
    // A customer waiting on us, nobody owning it.
    const tweet = replicaData.FOCUSED_TWEET;
    await send(ana.dashboard, 'interactions.logIncoming', { ref: { handle: CUSTOMER }, displayName: 'Mara', tweetId: tweet.id, text: tweet.text, openCase: true });
    await expect.poll(async () => (await customerOf(ben, CUSTOMER))?.status, { timeout: 10_000 }).toBe('waiting_us');

    // Ben answers it on X: his (the setting is on by default).
    const benX = await openX(ben.session.context, REPLICA_URLS.status);
    await benX.click('[data-testid="tweetTextarea_0"]');
    await benX.keyboard.type('Hi Mara, sorting it now.');
    await benX.click('button[data-testid="tweetButtonInline"]');
    await expect.poll(async () => (await customerOf(ana, CUSTOMER))?.assignee?.name, { timeout: 10_000 }).toBe('Ben');

    // Two more customers, given to Ben in one go from Ana's dashboard.
    for (const handle of ['dee_ops', 'eve_old']) await send(ana.dashboard, 'customers.update', { ref: { handle }, displayName: handle, patch: { status: 'waiting_us' } });
    const page = ana.dashboard;
    await page.goto(page.url().replace(/#.*$/, '') + '#customers');
    expect(await customersOwnedBy(page, 'Unassigned')).toEqual(expect.arrayContaining(['dee_ops', 'eve_old']));
    await page.getByRole('checkbox', { name: /^Select all \d+ matching customers$/ }).click();
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    await bulk.getByLabel('Owner for the selected cases').selectOption({ label: 'Ben' });
    await bulk.getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => page.getByRole('status').getByText('Assigned 2 cases to Ben').count()).toBe(1);
    await expect.poll(() => customersOwnedBy(page, 'Ben')).toEqual(expect.arrayContaining([CUSTOMER.toLowerCase(), 'dee_ops', 'eve_old']));

    // The overview's team table: Ben owns three open cases and answered one this week.
    await page.goto(page.url().replace(/#.*$/, '') + '#overview');
    const benRow = page.locator('[data-team-workload] tr[data-member]', { hasText: 'Ben' });
    await expect.poll(() => benRow.locator('td').nth(1).textContent()).toBe('3');
    expect(await benRow.locator('td').nth(3).textContent()).not.toBe('—');
    const unassigned = page.locator('[data-team-workload] tr[data-member="unassigned"]');
    expect(await unassigned.locator('td').nth(1).textContent()).toBe('0');
  });
});
