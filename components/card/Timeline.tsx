import type { Interaction } from '@/lib/db/types';
import { statusUrl } from '@/lib/x/urls';
import { formatDate, formatDuration } from './format';

/** Past interactions, newest first, each linking to the tweet on X. */
export function Timeline({ interactions, handle }: { interactions: Interaction[]; handle: string }) {
  if (!interactions.length) return <p className="hb-muted">No interactions logged yet.</p>;
  return (
    <ol className="hb-timeline" aria-label="Interactions, newest first">
      {interactions.map((i) => {
        const tweetId = i.direction === 'in' ? i.tweetId : i.inReplyToId;
        return (
          <li key={i.id} className={`hb-interaction hb-${i.direction}`}>
            <div className="hb-note-meta">
              <strong>{i.direction === 'in' ? 'They wrote' : i.author ? `${i.author} replied` : 'We replied'}</strong>
              {i.direction === 'in' && i.author && <span>· logged by {i.author}</span>}
              <time dateTime={new Date(i.at).toISOString()}>{formatDate(i.at)}</time>
              {i.responseMs !== undefined && <span>· first response in {formatDuration(i.responseMs)}</span>}
            </div>
            <p className="hb-excerpt" dir="auto">
              {i.direction === 'in' ? i.excerpt : i.text}
            </p>
            {i.direction === 'out' && i.excerpt && (
              <p className="hb-muted hb-excerpt" dir="auto">
                in reply to: {i.excerpt}
              </p>
            )}
            {tweetId && (
              <a className="hb-link" href={statusUrl(handle, tweetId)}>
                Open tweet
              </a>
            )}
          </li>
        );
      })}
    </ol>
  );
}
