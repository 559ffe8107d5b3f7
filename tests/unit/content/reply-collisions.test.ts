import { describe, expect, it, vi } from 'vitest';
import { agoWords, collisionOf, ReplyCollisions, teamRepliedBy } from '@/lib/content/reply-collisions';
import type { EarlierReply } from '@/lib/messages/protocol';

const NOW = 1_800_000_000_000;
const MIN = 60_000;

function reply(id: string, over: Partial<EarlierReply>): EarlierReply {
  return { id, mine: false, at: NOW - 4 * MIN, text: 'Hi Bob, the refund is on its way, sorry for the wait', ...over };
}

describe('collisionOf: the guard rules', () => {
  it('says nothing when nobody answered and nobody is writing', () => {
    expect(collisionOf({ replies: [], replyingNow: [], loggedHere: new Set(), now: NOW })).toBeNull();
  });

  it("names another member's reply with its age and its first words", () => {
    const c = collisionOf({ replies: [reply('a', { author: 'Ana' })], replyingNow: [], loggedHere: new Set(), now: NOW })!;
    expect(c.names).toEqual(['Ana']);
    expect(teamRepliedBy(c)).toBe('Ana');
    expect(c.replied).toEqual(['Ana replied 4 min ago: "Hi Bob, the refund is on its way, sorry…"']);
    expect(c.writing).toBeUndefined();
  });

  it('lists each member once, most recent reply first', () => {
    const c = collisionOf({
      replies: [reply('a1', { author: 'Ana', at: NOW - 3 * 60 * MIN, text: 'first' }), reply('b', { author: 'Ben', at: NOW - MIN, text: 'ben' }), reply('a2', { author: 'Ana', at: NOW - 2 * MIN, text: 'second' })],
      replyingNow: [],
      loggedHere: new Set(),
      now: NOW,
    })!;
    expect(c.names).toEqual(['Ben', 'Ana']);
    expect(c.replied).toEqual(['Ben replied 1 min ago: "ben"', 'Ana replied 2 min ago: "second"']);
  });

  it("never warns about a reply this tab sent, but does about the person's own from elsewhere", () => {
    const mine = reply('m', { author: 'Cai', mine: true, at: NOW - 10_000, text: 'On it' });
    expect(collisionOf({ replies: [mine], replyingNow: [], loggedHere: new Set(['m']), now: NOW })).toBeNull();
    const elsewhere = collisionOf({ replies: [mine], replyingNow: [], loggedHere: new Set(), now: NOW })!;
    // Not a team member's name: data-team-replied stays empty, the guard still asks.
    expect(elsewhere.names).toEqual([]);
    expect(elsewhere.replied).toEqual(['You already replied just now (another tab or device): "On it"']);
  });

  it('counts members writing to the customer now, once, after those who already replied', () => {
    const c = collisionOf({ replies: [reply('a', { author: 'Ana' })], replyingNow: ['Ana', 'Ben', 'Dee'], loggedHere: new Set(), now: NOW })!;
    expect(c.names).toEqual(['Ana', 'Ben', 'Dee']);
    expect(c.writing).toBe('Ben and Dee are writing a reply to this customer right now.');
    const only = collisionOf({ replies: [], replyingNow: ['Ben'], loggedHere: new Set(), now: NOW })!;
    expect(only).toEqual({ names: ['Ben'], replied: [], writing: 'Ben is writing a reply to this customer right now.' });
  });

  it('words ages the way people say them', () => {
    expect(agoWords(5_000)).toBe('just now');
    expect(agoWords(4 * MIN)).toBe('4 min ago');
    expect(agoWords(3 * 60 * MIN)).toBe('3 h ago');
    expect(agoWords(2 * 24 * 60 * MIN)).toBe('2 d ago');
  });
});

describe('ReplyCollisions: earlier replies per tweet', () => {
  const ref = { handle: 'Bob' };

  it('asks once per tweet, again after a write about its author, and not after others', async () => {
    const fetch = vi.fn(async () => [reply('a', { author: 'Ana' })]);
    const collisions = new ReplyCollisions(fetch);
    const heard = vi.fn();
    const stop = new AbortController();
    collisions.subscribe('100', heard, stop.signal);
    await collisions.repliesTo(ref, '100');
    await collisions.repliesTo(ref, '100');
    expect(fetch).toHaveBeenCalledTimes(1);

    collisions.onChanged({ handlebook: 1, type: 'changed', handles: ['someone_else'], all: false, templates: false, settings: false });
    expect(heard).not.toHaveBeenCalled();
    collisions.onChanged({ handlebook: 1, type: 'changed', handles: ['bob'], all: false, templates: false, settings: false });
    expect(heard).toHaveBeenCalledTimes(1);
    await collisions.repliesTo(ref, '100');
    expect(fetch).toHaveBeenCalledTimes(2);

    // Unsubscribed listeners hear nothing more.
    stop.abort();
    collisions.onChanged({ handlebook: 1, type: 'changed', handles: [], all: true, templates: false, settings: false });
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('remembers what this tab sent and asks about that tweet again', async () => {
    const fetch = vi.fn(async () => []);
    const collisions = new ReplyCollisions(fetch);
    const heard = vi.fn();
    collisions.subscribe('100', heard, new AbortController().signal);
    await collisions.repliesTo(ref, '100');
    collisions.logged('i1', '100');
    expect(collisions.loggedHere.has('i1')).toBe(true);
    expect(heard).toHaveBeenCalledTimes(1);
    await collisions.repliesTo(ref, '100');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('asks again after a failed question instead of remembering the failure', async () => {
    const fetch = vi.fn().mockRejectedValueOnce(new Error('worker restarting')).mockResolvedValueOnce([]);
    const collisions = new ReplyCollisions(fetch);
    await expect(collisions.repliesTo(ref, '100')).rejects.toThrow('worker restarting');
    await expect(collisions.repliesTo(ref, '100')).resolves.toEqual([]);
  });
});
