import { shortDuration } from '../content/badge-label';
import { triageCache } from '../content/triage';
import type { TweetAnswer } from '../messages/protocol';
import { markInjected, INJECTED_ATTRIBUTE, removeInjected } from '../x/injected';
import { readTweetHeader, tweetArticles, tweetAuthor } from '../x/tweet';
import { isTriagePage } from '../x/urls';
import type { Feature } from './feature';

export const TRIAGE_ID = 'triage';
/** "waiting 23m" grows: the markers on the page are said again this often. */
const REFRESH_MS = 60_000;

/**
 * On X's mentions and searches, one small marker per tweet in its author row: has the desk
 * answered it (a reply logged, by anyone on the team, or marked handled) or not, and for how
 * long it has waited / who answered when. `data-answered="true|false"` is a contract tests read.
 *
 * Plain DOM and only on those pages (no node anywhere else). X recycles cells: every article the
 * observer reports is read again, and its marker made, updated or removed for the tweet it shows.
 */
export const triageMarkers: Feature = {
  id: TRIAGE_ID,
  include: isTriagePage,
  anchors: ['tweet', 'author'],
  init(ctx) {
    const shown = new WeakMap<Element, { statusId: string; time: number | undefined }>();

    const apply = (article: Element) => {
      const tweet = shown.get(article);
      if (!tweet) return;
      placeMarker(ctx.doc, article, tweet.statusId, tweet.time, triageCache.get(tweet.statusId));
    };

    const process = (articles: Element[]) => {
      const wanted: { statusId: string; handle: string }[] = [];
      for (const article of articles) {
        const header = readTweetHeader(article);
        if (!header?.statusId) {
          shown.delete(article);
          for (const marker of ownMarkers(article)) marker.remove();
          continue;
        }
        const time = header.time ? Date.parse(header.time) : undefined;
        shown.set(article, { statusId: header.statusId, time: Number.isNaN(time) ? undefined : time });
        apply(article);
        wanted.push({ statusId: header.statusId, handle: header.handle });
      }
      if (wanted.length) triageCache.want(wanted);
    };

    const visit = (only?: Set<string>) => {
      for (const article of tweetArticles(ctx.doc)) {
        const tweet = shown.get(article);
        if (tweet && (!only || only.has(tweet.statusId))) apply(article);
      }
    };
    triageCache.subscribe((ids) => visit(ids), ctx.signal);
    const refresh = setInterval(() => visit(), REFRESH_MS);
    ctx.signal.addEventListener('abort', () => {
      clearInterval(refresh);
      removeInjected(ctx.doc, TRIAGE_ID);
    });
    ctx.page.watchTweets(process, ctx.signal);
  },
};

/** This article's own markers (not those of a tweet nested in it). */
function ownMarkers(article: Element): HTMLElement[] {
  return [...article.querySelectorAll<HTMLElement>(`[${INJECTED_ATTRIBUTE}="${TRIAGE_ID}"]`)].filter((m) => m.closest('article') === article);
}

/** What a marker says: "waiting 23m", "✓ Ana · 5m", "✓ handled · 2h" ("…" while unknown). */
export function triageWords(answer: TweetAnswer | null | undefined, tweetTime: number | undefined, now: number): { text: string; title: string } {
  if (answer === undefined) return { text: '…', title: 'Handlebook: checking whether this was answered' };
  if (answer === null) {
    if (tweetTime === undefined) return { text: 'unanswered', title: 'Handlebook: nobody answered this yet' };
    const waited = shortDuration(now - tweetTime);
    return { text: `waiting ${waited}`, title: `Handlebook: nobody answered this yet; posted ${waited === 'now' ? 'just now' : `${waited} ago`}` };
  }
  const ago = shortDuration(now - answer.at);
  const who = answer.by ? `${answer.by} · ` : '';
  const what = answer.handled ? 'handled' : 'answered';
  const more = answer.count > 1 ? ` (${answer.count} answers)` : '';
  return {
    text: `✓ ${who}${answer.handled ? 'handled · ' : ''}${ago}`,
    title: `Handlebook: ${what}${answer.by ? ` by ${answer.by}` : ''} ${ago === 'now' ? 'just now' : `${ago} ago`}${more}`,
  };
}

function placeMarker(doc: Document, article: Element, statusId: string, tweetTime: number | undefined, answer: TweetAnswer | null | undefined): void {
  const existing = ownMarkers(article);
  let marker = existing.find((m) => m.dataset.statusId === statusId);
  for (const m of existing) if (m !== marker) m.remove(); // a recycled cell
  if (!marker) {
    const block = tweetAuthor(article)?.block;
    if (!block) return;
    marker = markInjected(doc.createElement('span'), TRIAGE_ID);
    marker.dataset.statusId = statusId;
    block.append(marker);
  }
  const { text, title } = triageWords(answer, tweetTime, Date.now());
  if (marker.textContent !== text) marker.textContent = text;
  if (marker.title !== title) {
    marker.title = title;
    marker.setAttribute('aria-label', title);
  }
  const answered = answer === undefined ? null : String(answer !== null);
  if (marker.getAttribute('data-answered') !== answered) {
    if (answered === null) marker.removeAttribute('data-answered');
    else marker.setAttribute('data-answered', answered);
  }
}
