import { pagePresence, replyingBy, replyingWords } from '../content/presence';
import { collisionOf, replyCollisions, teamRepliedBy } from '../content/reply-collisions';
import type { EarlierReply } from '../messages/protocol';
import type { TweetInfo } from '../x/tweet';
import { composerRootOf, replyTargetOf } from '../x/composer';
import type { FeatureContext } from './feature';

/** "4 min ago" grows old while the box stays open: said again this often. */
const REFRESH_MS = 30_000;
/** The tweet answered may render after the box (status pages): looked for again this much later. */
const SETTLE_MS = 500;

/**
 * What the composer bar says about the team around this reply box:
 *
 * - presence: "Ana is replying to @bob too" while other members answer the same customer
 *   (data-replying-by on the bar holds their names);
 * - the collision guard: "Ana replied 4 min ago: 'Hi Bob, the refund…'" when the tweet answered
 *   already has a reply logged by another member, or by this person from another tab or device
 *   (data-team-replied on the bar holds the other members' names, with those writing now). The
 *   send guard (send-guard.ts) reads the same notice and asks before Post.
 *
 * The reply target is read once per page and box (it walks the page's tweets on status pages),
 * and the earlier replies are asked for once per tweet (reply-collisions.ts).
 */
export function watchTeamNotice(ctx: FeatureContext, box: HTMLElement, bar: HTMLElement, presence: HTMLElement, replied: HTMLElement): void {
  let target: { tweet: TweetInfo; url: string } | null = null;
  let replies: readonly EarlierReply[] = [];
  let asked: string | null = null;
  const own = new AbortController();
  ctx.signal.addEventListener('abort', () => own.abort());

  const targetNow = (): TweetInfo | null => {
    if (target?.url === ctx.doc.location.href) return target.tweet;
    const root = composerRootOf(box);
    const tweet = root ? replyTargetOf(root, ctx.doc) : null;
    target = tweet ? { tweet, url: ctx.doc.location.href } : null;
    return tweet;
  };

  /** Asks for the earlier replies to the tweet answered (again when they changed). */
  const ask = () => {
    const tweet = targetNow();
    const statusId = tweet?.statusId;
    if (!tweet || !statusId) return;
    if (asked !== statusId) {
      asked = statusId;
      replies = [];
      replyCollisions.subscribe(statusId, ask, own.signal);
    }
    const userId = tweet.userId ?? ctx.customers.userIdOf(tweet.handle);
    replyCollisions
      .repliesTo(userId ? { handle: tweet.handle, userId } : { handle: tweet.handle }, statusId)
      .then((found) => {
        if (asked !== statusId) return;
        replies = found;
        show();
      })
      .catch(ctx.report);
  };

  const show = () => {
    if (!bar.isConnected) return own.abort();
    const tweet = pagePresence.empty && !replies.length ? null : targetNow();
    const names = tweet && !pagePresence.empty ? pagePresence.replyingTo(tweet.handle) : [];
    const words = tweet ? replyingWords(names, ` to @${tweet.handle} too`) : '';
    if (presence.textContent !== words) presence.textContent = words;
    presence.hidden = !words;
    if (names.length) bar.setAttribute('data-replying-by', replyingBy(names));
    else bar.removeAttribute('data-replying-by');

    const collision = tweet ? collisionOf({ replies, replyingNow: names, loggedHere: replyCollisions.loggedHere, now: Date.now() }) : null;
    replyCollisions.show(box, collision);
    const said = collision?.replied.join(' · ') ?? '';
    if (replied.textContent !== said) replied.textContent = said;
    replied.hidden = !said;
    if (collision?.names.length) bar.setAttribute('data-team-replied', teamRepliedBy(collision));
    else bar.removeAttribute('data-team-replied');
  };

  pagePresence.subscribe((handles) => {
    if (!bar.isConnected) return own.abort();
    const known = target?.url === ctx.doc.location.href ? target.tweet.handle.toLowerCase() : null;
    if (!known || handles.has(known)) show();
  }, own.signal);
  box.addEventListener('focusin', ask, { signal: own.signal });
  const refresh = setInterval(() => {
    if (replies.length) show();
  }, REFRESH_MS);
  own.signal.addEventListener('abort', () => clearInterval(refresh));
  ask();
  show();
  setTimeout(() => {
    if (own.signal.aborted) return;
    ask();
    show();
  }, SETTLE_MS);
}
