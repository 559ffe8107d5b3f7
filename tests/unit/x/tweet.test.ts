// @vitest-environment happy-dom
// lib/x reads X's DOM; these run it against the replica pages (written from real captures).

import { beforeAll, describe, expect, it } from 'vitest';
import { FOCUSED_TWEET, HOME_TWEETS, HOSTILE_NAME, PROFILE_USER, CONVERSATION_REPLIES } from '../../fixtures/x/data';
import { homeTimelinePage, profilePage, statusPage } from '../../fixtures/x/pages';
import { findAccountIds, readTweet, authorBlock } from '@/lib/x/tweet';
import { checkAnchors, missingAnchors } from '@/lib/x/health';
import { readProfile, parseCount } from '@/lib/x/profile';
import { SELECTORS } from '@/lib/x/selectors';

const parse = (html: string, url: string) => {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  Object.defineProperty(doc, 'location', { value: new URL(url) });
  return doc;
};

let home: Document;
let status: Document;
let profile: Document;
beforeAll(() => {
  home = parse(homeTimelinePage(), 'https://x.com/home');
  status = parse(statusPage(), `https://x.com/${FOCUSED_TWEET.handle}/status/${FOCUSED_TWEET.id}`);
  profile = parse(profilePage(), `https://x.com/${PROFILE_USER.handle}`);
});

describe('readTweet', () => {
  it('reads author, status id, time and text of every home tweet, in order', () => {
    const tweets = [...home.querySelectorAll(SELECTORS.tweet)].map(readTweet);
    expect(tweets).toHaveLength(HOME_TWEETS.length);
    tweets.forEach((t, i) => {
      const expected = HOME_TWEETS[i]!;
      expect(t!.handle).toBe(expected.handle);
      expect(t!.displayName).toBe(expected.name);
      // Promoted tweets show "Ad" where others show a linked time: no status id to read.
      expect(t!.statusId).toBe(expected.promoted ? undefined : expected.id);
      if (!expected.promoted) expect(t!.time).toBe(expected.time);
    });
  });

  it('takes the quoting author, not the quoted one, and only the quoting text', () => {
    const quoting = HOME_TWEETS.find((t) => t.quote)!;
    const article = [...home.querySelectorAll(SELECTORS.tweet)].find((a) => readTweet(a)?.statusId === quoting.id)!;
    const tweet = readTweet(article)!;
    expect(tweet.handle).toBe(quoting.handle);
    expect(tweet.text).toContain('Fix the zip first?');
    expect(tweet.text).not.toContain(quoting.quote!.text.slice(0, 20));
    expect(authorBlock(article)!.textContent).toContain(`@${quoting.handle}`);
  });

  it('skips a quoted tweet even when it comes first in the article', () => {
    const quoting = HOME_TWEETS.find((t) => t.quote)!;
    const original = [...home.querySelectorAll(SELECTORS.tweet)].find((a) => readTweet(a)?.statusId === quoting.id)!;
    const article = original.cloneNode(true) as Element;
    const quote = article.querySelector('div[role="link"]')!;
    expect(quote.querySelector(SELECTORS.userName)).not.toBeNull();
    article.prepend(quote);
    const tweet = readTweet(article)!;
    expect(tweet.handle).toBe(quoting.handle);
    expect(tweet.text).toContain('Fix the zip first?');
    expect(tweet.text).not.toContain(quoting.quote!.text.slice(0, 20));
  });

  it('reads the original author of a repost', () => {
    const repost = HOME_TWEETS.find((t) => t.repostedBy)!;
    const tweet = [...home.querySelectorAll(SELECTORS.tweet)].map(readTweet).find((t) => t?.statusId === repost.id)!;
    expect(tweet.handle).toBe(repost.handle);
  });

  it('keeps emoji that X renders as images in the text', () => {
    const withEmoji = HOME_TWEETS.find((t) => /\p{Extended_Pictographic}/u.test(t.text))!;
    const tweet = [...home.querySelectorAll(SELECTORS.tweet)].map(readTweet).find((t) => t?.statusId === withEmoji.id)!;
    expect(tweet.text).toMatch(/\p{Extended_Pictographic}/u);
  });

  it('reads the focused tweet of a status page, whose time link sits below the text', () => {
    const tweets = [...status.querySelectorAll(SELECTORS.tweet)].map(readTweet);
    expect(tweets[0]).toMatchObject({ handle: FOCUSED_TWEET.handle, statusId: FOCUSED_TWEET.id });
    expect(tweets[0]!.text).toContain('NW-48213');
    expect(tweets.slice(1).map((t) => t!.statusId)).toEqual(CONVERSATION_REPLIES.map((r) => r.id));
  });

  it('keeps a hostile display name as plain text', () => {
    const tweet = [...home.querySelectorAll(SELECTORS.tweet)].map(readTweet).find((t) => t?.displayName === HOSTILE_NAME);
    expect(tweet).toBeDefined();
  });

  it('returns null when X dropped the author block and avatar', () => {
    const article = home.querySelector(SELECTORS.tweet)!.cloneNode(true) as Element;
    article.querySelector(SELECTORS.userName)!.remove();
    article.querySelector('[data-testid^="UserAvatar-Container-"]')!.remove();
    expect(readTweet(article)).toBeNull();
  });
});

describe('identity from the page', () => {
  it('pairs handles with the numeric ids of follow buttons', () => {
    const pairs = findAccountIds(profile);
    expect(pairs).toContainEqual({ handle: PROFILE_USER.handle, userId: PROFILE_USER.userId });
    for (const p of pairs) expect(p.userId).toMatch(/^\d+$/);
  });

  it('reads the profile header: name, id, followers', () => {
    expect(readProfile(profile)).toEqual({
      handle: PROFILE_USER.handle,
      displayName: PROFILE_USER.name,
      userId: PROFILE_USER.userId,
      followers: PROFILE_USER.followers,
    });
  });

  it.each([
    ['1,234 Followers', 1234],
    ['12.5K Followers', 12500],
    ['3M', 3_000_000],
    ['no digits', undefined],
  ])('parses X counts: %s', (text, value) => expect(parseCount(text)).toBe(value));
});

describe('health check', () => {
  it('finds every anchor on intact pages', () => {
    expect(missingAnchors(checkAnchors(home))).toEqual([]);
    expect(checkAnchors(status)).toEqual({ tweet: true, author: true, composer: false, sendButton: null });
  });

  it('names the anchors X dropped', () => {
    const noAuthors = parse(homeTimelinePage({ omit: ['User-Name'] }), 'https://x.com/home');
    expect(missingAnchors(checkAnchors(noAuthors))).toEqual(['author']);
    const noTweets = parse(homeTimelinePage({ omit: ['tweet'] }), 'https://x.com/home');
    expect(missingAnchors(checkAnchors(noTweets))).toEqual(['tweet']);
  });
});
