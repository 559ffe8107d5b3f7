import { useId } from 'react';
import type { Customer, Interaction } from '@/lib/db/types';
import type { CustomerActions } from './customer-actions';
import { replyingBy, replyingWords, viewingWords } from '@/lib/content/presence';
import { Facts } from './card/Facts';
import { FieldsEditor } from './card/FieldsEditor';
import { LogTweet } from './card/LogTweet';
import { Notes } from './card/Notes';
import { StatusPicker } from './card/StatusPicker';
import { AssigneePicker } from './card/AssigneePicker';
import type { TeamRoster } from '@/lib/messages/protocol';
import { TagEditor } from './card/TagEditor';
import { Timeline } from './card/Timeline';

export interface CustomerCardProps {
  /** null: no record yet (the first note, tag or field creates it). */
  customer: Customer | null;
  handle: string;
  displayName: string;
  interactions: Interaction[];
  knownTags: string[];
  actions: CustomerActions;
  onError: (message: string) => void;
  /** Present when the card was opened from a tweet that can be logged. */
  onLogTweet?: (openCase: boolean) => Promise<void>;
  /** Team presence: other members replying to this customer / with this card open (names). */
  presence?: { replying: string[]; viewing: string[] };
  /** Team mode: this member and the agents a case can be assigned to. */
  roster?: TeamRoster;
}

/**
 * The customer card: who this is, what we know and promised, what was said. Used in X's page
 * (inside the panel's shadow root) and in the dashboard. Every text is rendered as text.
 */
export function CustomerCard(props: CustomerCardProps) {
  const { customer, handle, displayName, actions, onError } = props;
  const headingId = useId();
  const fail = (error: unknown) => onError(error instanceof Error ? error.message : String(error));
  return (
    <section className="hb-card" aria-labelledby={headingId}>
      <header className="hb-card-header">
        <h2 id={headingId} className="hb-card-name" dir="auto">
          {customer?.displayName || displayName}
        </h2>
        <div className="hb-card-handle">
          @{customer?.handle ?? handle}
          {customer?.handleHistory.length ? (
            <span className="hb-muted"> · formerly {customer.handleHistory.map((h) => `@${h.handle}`).join(', ')}</span>
          ) : null}
        </div>
        {props.presence && (props.presence.replying.length > 0 || props.presence.viewing.length > 0) && (
          <div
            className="hb-card-presence"
            role="status"
            {...(props.presence.replying.length ? { 'data-replying-by': replyingBy(props.presence.replying) } : {})}
          >
            {props.presence.replying.length > 0 && <p className="hb-card-replying">{replyingWords(props.presence.replying)}</p>}
            {props.presence.viewing.length > 0 && <p className="hb-card-viewing">{viewingWords(props.presence.viewing)}</p>}
          </div>
        )}
      </header>
      {props.onLogTweet && <LogTweet onLog={props.onLogTweet} />}
      <StatusPicker status={customer?.status ?? 'none'} onChange={(status) => actions.update({ status }).catch(fail)} />
      {props.roster?.me && <AssigneePicker assignee={customer?.assignee} roster={props.roster} onChange={(to) => actions.assign(to).catch(fail)} />}
      <TagEditor tags={customer?.tags ?? []} knownTags={props.knownTags} onChange={(tags) => actions.update({ tags }).catch(fail)} />
      <Notes customer={customer} actions={actions} fail={fail} />
      <FieldsEditor fields={customer?.fields ?? {}} onChange={(fields) => actions.update({ fields }).catch(fail)} />
      {customer && <Facts customer={customer} interactions={props.interactions} />}
      <details className="hb-history" open={props.interactions.length + (customer?.assignments?.length ?? 0) > 0}>
        <summary>History ({props.interactions.length + (customer?.assignments?.length ?? 0)})</summary>
        <Timeline interactions={props.interactions} assignments={customer?.assignments ?? []} handle={customer?.handle ?? handle} />
      </details>
    </section>
  );
}
