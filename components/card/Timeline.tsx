import type { AssignmentChange, Interaction } from '@/lib/db/types';
import { statusUrl } from '@/lib/x/urls';
import { formatDate, formatDuration } from './format';

type Entry = { kind: 'interaction'; at: number; interaction: Interaction } | { kind: 'assignment'; at: number; change: AssignmentChange };

/** "Ana took the case", "Ana assigned the case to Ben", "Ben unassigned the case". */
export function assignmentWords(change: AssignmentChange): string {
  const by = change.by ?? 'Someone';
  if (!change.to) return `${by} unassigned the case`;
  return change.to.name === change.by ? `${by} took the case` : `${by} assigned the case to ${change.to.name}`;
}

/** Past interactions and case assignments, newest first, each interaction linking to its tweet on X. */
export function Timeline({ interactions, assignments = [], handle }: { interactions: Interaction[]; assignments?: AssignmentChange[]; handle: string }) {
  if (!interactions.length && !assignments.length) return <p className="hb-muted">No interactions logged yet.</p>;
  const entries: Entry[] = [
    ...interactions.map((interaction) => ({ kind: 'interaction' as const, at: interaction.at, interaction })),
    ...assignments.map((change) => ({ kind: 'assignment' as const, at: change.at, change })),
  ].sort((a, b) => b.at - a.at);
  return (
    <ol className="hb-timeline" aria-label="Interactions, newest first">
      {entries.map((entry) =>
        entry.kind === 'assignment' ? (
          <li key={entry.change.id} className="hb-interaction hb-assignment">
            <div className="hb-note-meta">
              <strong>{assignmentWords(entry.change)}</strong>
              <time dateTime={new Date(entry.at).toISOString()}>{formatDate(entry.at)}</time>
            </div>
          </li>
        ) : (
          <InteractionEntry key={entry.interaction.id} i={entry.interaction} handle={handle} />
        ),
      )}
    </ol>
  );
}

function InteractionEntry({ i, handle }: { i: Interaction; handle: string }) {
  const tweetId = i.direction === 'in' ? i.tweetId : i.inReplyToId;
  return (
    <li className={`hb-interaction hb-${i.direction}`}>
      <div className="hb-note-meta">
        <strong>{i.direction === 'in' ? 'They wrote' : i.handled ? `${i.author ?? 'We'} marked it handled` : i.author ? `${i.author} replied` : 'We replied'}</strong>
        {i.direction === 'in' && i.author && <span>· logged by {i.author}</span>}
        <time dateTime={new Date(i.at).toISOString()}>{formatDate(i.at)}</time>
        {i.responseMs !== undefined && <span>· first response in {formatDuration(i.responseMs)}</span>}
      </div>
      {!i.handled && (
        <p className="hb-excerpt" dir="auto">
          {i.direction === 'in' ? i.excerpt : i.text}
        </p>
      )}
      {i.direction === 'out' && i.excerpt && (
        <p className="hb-muted hb-excerpt" dir="auto">
          {i.handled ? 'the tweet: ' : 'in reply to: '}
          {i.excerpt}
        </p>
      )}
      {tweetId && (
        <a className="hb-link" href={statusUrl(handle, tweetId)}>
          Open tweet
        </a>
      )}
    </li>
  );
}
