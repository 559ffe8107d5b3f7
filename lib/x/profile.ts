import { SELECTORS } from './selectors';
import { findUserIdIn } from './tweet';
import { classifyPage } from './urls';

/** What a profile page's header says about its account. */
export interface ProfileInfo {
  handle: string;
  displayName: string;
  userId?: string;
  followers?: number;
}

/** "1,234", "12.5K", "3M" as X prints counts, to a number. */
export function parseCount(text: string): number | undefined {
  const m = /([\d.,]+)\s*([KMB])?/i.exec(text.replace(/\u00a0/g, ' '));
  if (!m) return undefined;
  const value = Number(m[1]!.replace(/,/g, ''));
  if (!Number.isFinite(value)) return undefined;
  const scale = { K: 1e3, M: 1e6, B: 1e9 }[(m[2] ?? '').toUpperCase() as 'K' | 'M' | 'B'] ?? 1;
  return Math.round(value * scale);
}

/** The header block of a profile page, where a summary can be shown. */
export function profileHeader(doc: Document): Element | null {
  return doc.querySelector(SELECTORS.profileUserName);
}

/**
 * Reads the profile header: name and handle from UserName, the permanent id from the follow
 * button in userActions, followers from the link to /<handle>/verified_followers or /followers.
 */
export function readProfile(doc: Document): ProfileInfo | null {
  const page = classifyPage(doc.location.href);
  if (page.kind !== 'profile') return null;
  const header = profileHeader(doc);
  if (!header) return null;
  // The handle is its own text node ("@name"); the header also holds "Follows you" etc.
  let handle = page.handle;
  for (const span of header.querySelectorAll('span')) {
    const m = /^@([A-Za-z0-9_]{1,20})$/.exec(span.textContent?.trim() ?? '');
    if (m) {
      handle = m[1]!;
      break;
    }
  }
  const displayName = header.querySelector('span')?.textContent?.trim() || handle;
  const actions = doc.querySelector(SELECTORS.profileActions)?.parentElement ?? doc;
  const userId = findUserIdIn(actions);
  let followers: number | undefined;
  for (const link of doc.querySelectorAll<HTMLAnchorElement>('a[href$="/followers"], a[href$="/verified_followers"]')) {
    if (!link.getAttribute('href')?.toLowerCase().startsWith(`/${handle.toLowerCase()}/`)) continue;
    followers = parseCount(link.textContent ?? '');
    if (followers !== undefined) break;
  }
  return {
    handle,
    displayName,
    ...(userId ? { userId } : {}),
    ...(followers !== undefined ? { followers } : {}),
  };
}
