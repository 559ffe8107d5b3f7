import { describe, expect, it } from 'vitest';
import { classifyPage, parseProfileHref, parseStatusHref } from '@/lib/x/urls';
import { isXUrl } from '@/lib/x/hosts';

describe('classifyPage', () => {
  it.each([
    ['https://x.com/home', { kind: 'home' }],
    ['https://x.com/', { kind: 'home' }],
    ['https://x.com/northwind_help/status/1850000000000000001', { kind: 'status', handle: 'northwind_help', statusId: '1850000000000000001' }],
    ['https://twitter.com/Some_User/status/123/photo/1', { kind: 'status', handle: 'Some_User', statusId: '123' }],
    ['https://x.com/Some_User', { kind: 'profile', handle: 'Some_User' }],
    ['https://x.com/Some_User/with_replies', { kind: 'profile', handle: 'Some_User' }],
    ['https://x.com/search?q=refund', { kind: 'search' }],
    ['https://x.com/explore', { kind: 'search' }],
    ['https://x.com/notifications/mentions', { kind: 'notifications' }],
    ['https://x.com/compose/post', { kind: 'compose' }],
    ['https://x.com/messages/123', { kind: 'messages' }],
    ['https://x.com/i/chat', { kind: 'messages' }],
    ['https://x.com/settings/account', { kind: 'other' }],
    ['https://x.com/i/lists/1', { kind: 'other' }],
    ['https://x.com/this-is-not-a-handle', { kind: 'other' }],
  ])('%s', (url, expected) => expect(classifyPage(url)).toEqual(expected));
});

describe('hrefs', () => {
  it('parses status links, relative or absolute', () => {
    expect(parseStatusHref('/a_b/status/99')).toEqual({ handle: 'a_b', statusId: '99' });
    expect(parseStatusHref('https://x.com/a_b/status/99/analytics')).toEqual({ handle: 'a_b', statusId: '99' });
    expect(parseStatusHref('/a_b')).toBeNull();
  });
  it('parses profile links but not X sections', () => {
    expect(parseProfileHref('/Alice')).toBe('Alice');
    expect(parseProfileHref('/home')).toBeNull();
    expect(parseProfileHref('/Alice/status/1')).toBeNull();
    expect(parseProfileHref('https://t.co/abc')).toBeNull();
    expect(parseStatusHref('https://example.com/a/status/1')).toBeNull();
  });
  it('reads plain paths as they are and everything else as a browser resolves it', () => {
    // Protocol-relative: another site, however plain the rest looks.
    expect(parseProfileHref('//example.com/Alice')).toBeNull();
    expect(parseProfileHref('//x.com/Alice')).toBe('Alice');
    expect(parseProfileHref('/Alice/')).toBe('Alice');
    // Query, fragment, dot segments, escapes: resolved like a link.
    expect(parseProfileHref('/Alice?s=20')).toBe('Alice');
    expect(parseProfileHref('/Alice#top')).toBe('Alice');
    expect(parseProfileHref('/x/../Alice')).toBe('Alice');
    expect(parseProfileHref('/Al%69ce')).toBeNull();
    expect(parseStatusHref('/a_b/status/99?s=20')).toEqual({ handle: 'a_b', statusId: '99' });
    expect(parseProfileHref('/')).toBeNull();
    expect(parseProfileHref('')).toBeNull();
  });
});

describe('isXUrl', () => {
  it('accepts X hosts over https only', () => {
    expect(isXUrl('https://x.com/home')).toBe(true);
    expect(isXUrl('https://mobile.twitter.com/')).toBe(true);
    expect(isXUrl('http://x.com/')).toBe(false);
    expect(isXUrl('https://x.com.evil.example/')).toBe(false);
    expect(isXUrl('https://evilx.com/')).toBe(false);
    expect(isXUrl(undefined)).toBe(false);
    expect(isXUrl('not a url')).toBe(false);
  });
});
