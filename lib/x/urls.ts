import { isXUrl } from './hosts';

// X's URL shapes: status, profile, and the app's own sections. Handles are 1-15 word
// characters (up to 20 for old accounts); some first path segments are X's own pages.

const HANDLE = '[A-Za-z0-9_]{1,20}';
const STATUS_PATH = new RegExp(`^/(${HANDLE})/status/([0-9]{1,20})(?:/|$)`);
const PROFILE_PATH = new RegExp(`^/(${HANDLE})(?:/(with_replies|media|likes|highlights|articles|verified_followers|followers|following))?/?$`);

/** First path segments that are X's pages, not handles. */
const RESERVED = new Set([
  'home', 'explore', 'search', 'notifications', 'messages', 'i', 'compose', 'settings',
  'login', 'logout', 'signup', 'tos', 'privacy', 'jobs', 'lists', 'bookmarks', 'communities',
  'premium', 'verified', 'about', 'account', 'intent', 'share', 'hashtag', 'download',
]);

export type XPage =
  | { kind: 'home' }
  | { kind: 'status'; handle: string; statusId: string }
  | { kind: 'profile'; handle: string }
  | { kind: 'search' }
  | { kind: 'notifications' }
  | { kind: 'compose' }
  | { kind: 'messages' }
  | { kind: 'other' };

/** What page a URL (or path) of X's app shows. */
export function classifyPage(url: string | URL): XPage {
  const path = typeof url === 'string' ? new URL(url, 'https://x.com').pathname : url.pathname;
  const first = path.split('/')[1]?.toLowerCase() ?? '';
  if (path === '/' || first === 'home') return { kind: 'home' };
  if (first === 'search' || first === 'explore') return { kind: 'search' };
  if (first === 'notifications') return { kind: 'notifications' };
  if (first === 'messages' || path.startsWith('/i/chat')) return { kind: 'messages' };
  if (path.startsWith('/compose/')) return { kind: 'compose' };
  if (RESERVED.has(first)) return { kind: 'other' };
  const status = STATUS_PATH.exec(path);
  if (status) return { kind: 'status', handle: status[1]!, statusId: status[2]! };
  const profile = PROFILE_PATH.exec(path);
  if (profile) return { kind: 'profile', handle: profile[1]! };
  return { kind: 'other' };
}

export const isStatusPage = (url: string | URL) => classifyPage(url).kind === 'status';
export const isProfilePage = (url: string | URL) => classifyPage(url).kind === 'profile';
export const isHomePage = (url: string | URL) => classifyPage(url).kind === 'home';
export const isSearchPage = (url: string | URL) => classifyPage(url).kind === 'search';
export const isNotificationsPage = (url: string | URL) => classifyPage(url).kind === 'notifications';
export const isComposePage = (url: string | URL) => classifyPage(url).kind === 'compose';

/** A root-relative path made only of characters URL parsing leaves as they are. */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9_/]*$/;

/** The path of a link on X's page, or null when it leads off X (t.co links, other sites). */
function xPathOf(href: string): string | null {
  // X's own links are nearly all plain "/handle" or "/handle/status/id": those are their own
  // path, without building a URL (every tweet's author row is read through here).
  if (PLAIN_PATH.test(href)) return href;
  try {
    const url = new URL(href, 'https://x.com');
    return isXUrl(url.href) ? url.pathname : null;
  } catch {
    return null;
  }
}

/** Parses "/<handle>/status/<id>" (absolute or relative) into its parts. */
export function parseStatusHref(href: string): { handle: string; statusId: string } | null {
  const path = xPathOf(href);
  if (path === null) return null;
  const m = STATUS_PATH.exec(path);
  return m ? { handle: m[1]!, statusId: m[2]! } : null;
}

/** Parses "/<handle>" into the handle, ignoring X's own sections. */
export function parseProfileHref(href: string): string | null {
  const path = xPathOf(href);
  if (path === null) return null;
  const m = /^\/([A-Za-z0-9_]{1,20})\/?$/.exec(path);
  if (!m || RESERVED.has(m[1]!.toLowerCase())) return null;
  return m[1]!;
}

export function statusUrl(handle: string, statusId: string): string {
  return `https://x.com/${handle}/status/${statusId}`;
}

export function profileUrl(handle: string): string {
  return `https://x.com/${handle}`;
}

/** X's pages where the desk triages: notifications (all, mentions) and search results. */
export const isTriagePage = (url: string | URL) => {
  const kind = classifyPage(url).kind;
  return kind === 'notifications' || kind === 'search';
};

/** X's own search for `query` (X's search syntax), on its Latest tab. */
export function searchUrl(query: string): string {
  return `https://x.com/search?${new URLSearchParams({ q: query, src: 'typed_query', f: 'live' })}`;
}
