import type { Settings } from '../settings/schema';
import { parseTerms, searchQueryOf } from '../text/terms';
import { searchUrl } from '../x/urls';

// The searches the popup and the dashboard open on X in one click: the brand's handles and watch
// terms together, then the person's saved searches, each on X's Latest tab.

export interface OneClickSearch {
  name: string;
  query: string;
  url: string;
}

/** The brand's handles (as mentions) and watch terms as one query for X's search box; '' when there are none. */
export function watchQuery(settings: Pick<Settings, 'brandHandles' | 'watchTerms'>): string {
  const handles = settings.brandHandles.map((h) => `@${h}`).join(' ');
  return searchQueryOf(parseTerms(`${handles} ${settings.watchTerms}`));
}

/** Every search to offer, the watch terms first. */
export function oneClickSearches(settings: Pick<Settings, 'brandHandles' | 'watchTerms' | 'savedSearches'>): OneClickSearch[] {
  const out: OneClickSearch[] = [];
  const watch = watchQuery(settings);
  if (watch) out.push({ name: 'Watch terms', query: watch, url: searchUrl(watch) });
  for (const s of settings.savedSearches) out.push({ name: s.name, query: s.query, url: searchUrl(s.query) });
  return out;
}
