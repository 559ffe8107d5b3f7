// The hosts X serves its web app from. Content script matches, the background's tab
// broadcast and its sender check all read this one list.

export const X_HOSTS = ['x.com', 'twitter.com', 'mobile.x.com', 'mobile.twitter.com'] as const;

/** Match patterns for the manifest and `tabs.query`. */
export const X_MATCH_PATTERNS = X_HOSTS.map((host) => `https://${host}/*`);

/** True for an https URL on one of X's hosts. */
export function isXUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && (X_HOSTS as readonly string[]).includes(parsed.hostname);
  } catch {
    return false;
  }
}
